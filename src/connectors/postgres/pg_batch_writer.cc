#include "connectors/postgres/pg_batch_writer.h"

#include <cstdlib>
#include <map>

#include "connectors/postgres/pg_broken_keys.h"
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_raw_rows.h"
#include "connectors/postgres/pg_ready_table.h"
#include "connectors/postgres/pg_run_schema.h"
#include "core/log.h"

namespace ferry {
namespace {

// Sent to the server whenever this much is encoded: large enough for few
// round trips, small enough to keep memory flat.
constexpr size_t kFlushBytes = 1 << 20;

std::string ColumnList(const TableSchema& table) {
  std::vector<std::string> names;
  for (const Column& c : table.columns) names.push_back(c.name);
  return QuotePgList(names);
}

}  // namespace

PgBatchWriter::PgBatchWriter(PgConnection conn, const TableSchema& table, std::string schema,
                             WriteMode mode, IdleCallback on_idle)
    : conn_(std::move(conn)),
      on_idle_(std::move(on_idle)),
      table_(table),
      schema_(std::move(schema)),
      mode_(mode),
      stream_([this](std::string_view bytes) { return conn_.PutCopyData(bytes); }, kFlushBytes) {}

PgBatchWriter::~PgBatchWriter() {
  if (copying_ && !conn_.IsBroken()) conn_.AbortCopy("ferry stopped this copy");
  transaction_.reset();  // rolls back unless committed
  // Only a connection outside any transaction, with nothing left to read, is
  // safe to hand on; anything else (a cut connection, a failed ROLLBACK) closes.
  if (on_idle_ && !conn_.IsBroken() && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) {
    on_idle_(std::move(conn_));
  }
}

Result<std::unique_ptr<PgBatchWriter>> PgBatchWriter::Open(PgConnection conn,
                                                           const TableSchema& table,
                                                           const std::string& schema,
                                                           WriteMode mode, IdleCallback on_idle,
                                                           bool raw_rows) {
  std::unique_ptr<PgBatchWriter> writer(
      new PgBatchWriter(std::move(conn), table, schema, mode, std::move(on_idle)));
  FERRY_RETURN_IF_ERROR(writer->Begin(raw_rows));
  return writer;
}

Status PgBatchWriter::Begin(bool raw_rows) {
  FERRY_ASSIGN_OR_RETURN(PgTransaction txn, PgTransaction::Begin(conn_));
  transaction_.emplace(std::move(txn));
  FERRY_RETURN_IF_ERROR(ReadyTable());
  if (raw_rows) {
    FERRY_ASSIGN_OR_RETURN(std::string why, PgRawRowsWhyNot(conn_, copy_table_, table_));
    raw_ = why.empty();
    if (raw_) {
      spdlog::debug("table {}: rows written as the source sent them (binary pass-through)",
                    table_.name);
    } else {
      spdlog::debug("table {}: rows encoded again, not passed through: {}", table_.name, why);
    }
  }
  if (!raw_) {
    FERRY_ASSIGN_OR_RETURN(PgCopyEncoder encoder, MakeEncoder(copy_table_));
    encoder_.emplace(std::move(encoder));
    FERRY_RETURN_IF_ERROR(ReadyStage());
  }
  return StartCopy();
}

// Binary COPY needs each value in its type's binary form, which ferry writes
// only for the types it decodes; text-form values (arrays, intervals, enums,
// ... read from a PostgreSQL source as text) go into a temporary copy of the
// table whose such columns are text, cast back to their types at the end.
Status PgBatchWriter::ReadyStage() {
  if (text_form_.empty()) return Status::OK();
  if (mode_ != WriteMode::kUpsert) {
    copy_table_ = QuotePgIdentifier("ferry_stage_" + table_.name);
    FERRY_RETURN_IF_ERROR(conn_.Run("CREATE TEMP TABLE " + copy_table_ + " (LIKE " +
                                    QualifiedPgName(schema_, table_.name) + ") ON COMMIT DROP"));
  }
  std::string alter;
  for (const auto& [name, type] : text_form_) {
    alter += (alter.empty() ? "" : ", ") + std::string("ALTER COLUMN ") + QuotePgIdentifier(name) +
             " TYPE text";
  }
  return conn_.Run("ALTER TABLE " + copy_table_ + " " + alter);
}

Status PgBatchWriter::MergeStage() {
  if (text_form_.empty()) return Status::OK();
  std::map<std::string, std::string> casts(text_form_.begin(), text_form_.end());
  if (mode_ == WriteMode::kUpsert) {  // MergeUpsert reads the stage as it is: cast it in place
    std::string alter;
    for (const auto& [name, type] : text_form_) {
      std::string column = QuotePgIdentifier(name);
      alter += (alter.empty() ? "" : ", ") + std::string("ALTER COLUMN ") + column + " TYPE " +
               type + " USING " + column + "::" + type;
    }
    return conn_.Run("ALTER TABLE " + copy_table_ + " " + alter)
        .WithContext("casting the text-form columns of " + table_.name);
  }
  // One pass: cast while inserting.
  std::string select;
  for (const Column& column : table_.columns) {
    std::string name = QuotePgIdentifier(column.name);
    auto cast = casts.find(column.name);
    select +=
        (select.empty() ? "" : ", ") + name + (cast == casts.end() ? "" : "::" + cast->second);
  }
  return conn_
      .Run("INSERT INTO " + QualifiedPgName(schema_, table_.name) + " (" + ColumnList(table_) +
           ") SELECT " + select + " FROM " + copy_table_)
      .WithContext("casting the text-form columns of " + table_.name);
}

Status PgBatchWriter::ReadyTable() {
  std::string qualified = QualifiedPgName(schema_, table_.name);
  copy_table_ = qualified;
  if (mode_ != WriteMode::kUpsert) return ReadyPgTable(conn_, table_, schema_, mode_);
  if (table_.primary_key.empty()) {
    return Status::FailedPrecondition("table " + table_.name +
                                      " has no primary key, so --mode upsert cannot match "
                                      "rows: use --mode append or replace");
  }
  copy_table_ = QuotePgIdentifier("ferry_upsert_" + table_.name);
  return conn_.Run("CREATE TEMP TABLE " + copy_table_ + " (LIKE " + qualified +
                   " INCLUDING DEFAULTS) ON COMMIT DROP");
}

// Encodes each column by the type the target table really has, which may
// differ from the plan's when the table already existed (append, upsert, or
// a table the source's own schema created). A domain's values travel in its
// base type's binary form (the server checks the domain's constraints).
Result<PgCopyEncoder> PgBatchWriter::MakeEncoder(const std::string& copy_table) {
  FERRY_ASSIGN_OR_RETURN(
      PgResult types,
      conn_.Exec("SELECT a.attname, b.oid, format_type(b.oid, CASE WHEN t.typtype = 'd' THEN "
                 "t.typtypmod ELSE a.atttypmod END), a.attnotnull "
                 "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                 "JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype "
                 "ELSE t.oid END WHERE a.attrelid = " +
                 QuotePgLiteral(copy_table) +
                 "::regclass AND a.attnum > 0 AND NOT a.attisdropped"));
  std::map<std::string, int, std::less<>> by_name;
  for (int row = 0; row < types.rows(); ++row) by_name[std::string(types.Get(row, 0))] = row;
  std::vector<PgEncodeColumn> columns;
  for (const Column& column : table_.columns) {
    auto it = by_name.find(column.name);
    if (it == by_name.end()) {
      return Status::NotFound("target table " + table_.name + " has no column " + column.name +
                              " (use --mode replace to recreate it)");
    }
    unsigned int oid = static_cast<unsigned int>(std::stoul(std::string(types.Get(it->second, 1))));
    Result<PgWireType> wire = PgWireTypeFor(oid, types.Get(it->second, 2), column.type);
    if (!wire.ok() && column.type == LogicalType::kText) {  // see ReadyStage
      text_form_.emplace_back(column.name, std::string(types.Get(it->second, 2)));
      wire = PgWireType::kText;
    }
    if (!wire.ok())
      return wire.status().WithContext("table " + table_.name + ", column " + column.name);
    columns.push_back({column.name, *wire, types.Get(it->second, 3) != "t"});
  }
  return PgCopyEncoder(std::move(columns));
}

Status PgBatchWriter::StartCopy() {
  // FREEZE skips later hint-bit rewrites; allowed only when this transaction
  // created or emptied the table (not into a stage).
  bool fresh = text_form_.empty() && (mode_ == WriteMode::kCreate || mode_ == WriteMode::kReplace ||
                                      mode_ == WriteMode::kTruncate);
  FERRY_RETURN_IF_ERROR(conn_.StartCopy("COPY " + copy_table_ + " (" + ColumnList(table_) +
                                        ") FROM STDIN (FORMAT binary" + (fresh ? ", FREEZE" : "") +
                                        ")"));
  copying_ = true;
  stream_.Start();
  return Status::OK();
}

Status PgBatchWriter::Write(const Batch& batch, size_t* bad_row) {
  if (failed_ || !copying_) return Status::Internal("write to a finished writer");
  if (raw_) return WriteRaw(batch, bad_row);
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    int bad_column = -1;
    Status s = encoder_->AppendRow(batch.Row(row), stream_.buffer(), &bad_column);
    if (!s.ok()) {
      *bad_row = row;
      return Fail(std::move(s));
    }
    FERRY_RETURN_IF_ERROR(Fail(stream_.Flush()));
  }
  rows_ += static_cast<int64_t>(batch.num_rows());
  return Status::OK();
}

// The rows' bytes as the source sent them: what the server checks of a value
// (an enum's label, a domain's constraints) it checks as for encoded rows.
Status PgBatchWriter::WriteRaw(const Batch& batch, size_t* bad_row) {
  if (!batch.HasRawRows(kPgRawRowFormat)) {
    return Fail(Status::Internal("table " + table_.name +
                                 ": a batch without raw rows for a writer of raw rows"));
  }
  const int fields = static_cast<int>(table_.columns.size());
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    Status s = stream_.AppendRawTuple(batch.RawRow(row), fields);
    if (!s.ok()) {
      *bad_row = row;
      return Fail(std::move(s));
    }
    FERRY_RETURN_IF_ERROR(Fail(stream_.Flush()));
  }
  rows_ += static_cast<int64_t>(batch.num_rows());
  return Status::OK();
}

namespace {

// The row a COPY error is about (0-based), when the error is that row's alone:
// a data exception (SQLSTATE class 22) or an integrity constraint violation
// (class 23) raised while the row was inserted ("COPY t, line 42": binary COPY
// counts rows from 1). -1 for any other error.
int64_t RefusedRowOf(const PgError& error) {
  if (!error.sqlstate.starts_with("22") && !error.sqlstate.starts_with("23")) return -1;
  size_t at = error.context.find(", line ");
  if (at == std::string::npos || !error.context.starts_with("COPY ")) return -1;
  int64_t line = std::atoll(error.context.c_str() + at + 7);
  return line >= 1 ? line - 1 : -1;
}

}  // namespace

Status PgBatchWriter::EndCopy() {
  if (!copying_) return Status::OK();
  FERRY_RETURN_IF_ERROR(Fail(stream_.Finish()));
  copying_ = false;
  PgError error;
  Result<long long> copied = conn_.EndCopy(&error);
  if (!copied.ok()) {
    refused_row_ = RefusedRowOf(error);
    return Fail(copied.status().WithContext("copying into " + table_.name));
  }
  return Fail(MergeStage());
}

Status PgBatchWriter::MergeUpsert() {
  return Fail(conn_.Run(UpsertSql(table_, schema_, copy_table_))
                  .WithContext("merging upserted rows into " + table_.name));
}

Status PgBatchWriter::CommitChunk(const ChunkDone& done) {
  if (failed_ || !transaction_) return Status::Internal("commit of a failed or finished writer");
  FERRY_RETURN_IF_ERROR(EndCopy());
  Status marked = conn_.Run(FinishChunkSql(done));
  if (!marked.ok() && marked.message().find(kClaimLostMarker) != std::string::npos) {
    return Fail(Status::FailedPrecondition(marked.message()));
  }
  FERRY_RETURN_IF_ERROR(Fail(marked));
  return Commit();
}

Status PgBatchWriter::Commit() {
  if (failed_ || !transaction_) return Status::Internal("commit of a failed or finished writer");
  FERRY_RETURN_IF_ERROR(EndCopy());
  if (mode_ == WriteMode::kUpsert) FERRY_RETURN_IF_ERROR(MergeUpsert());
  if (mode_ == WriteMode::kCreate || mode_ == WriteMode::kReplace) {
    std::vector<std::string> key_sql = KeySql(table_, schema_);
    for (size_t n = 0; n < key_sql.size(); ++n) FERRY_RETURN_IF_ERROR(Fail(AddKey(key_sql, n)));
  }
  Status s = transaction_->Commit();
  transaction_.reset();
  return Fail(s.WithContext("committing " + table_.name));
}

// A key the rows break (a source that did not enforce it) names the rows
// that share a value, and refuses the later one (RefusedRow): the table holds
// only this writer's rows, in the order they were sent.
Status PgBatchWriter::AddKey(const std::vector<std::string>& key_sql, size_t n) {
  FERRY_RETURN_IF_ERROR(conn_.Run("SAVEPOINT ferry_key"));
  PgError error;
  Status s = conn_.Run(key_sql[n], &error);
  if (s.ok() || s.IsRetryable() || error.sqlstate != kPgUniqueViolation) {
    return s.WithContext("adding the keys of " + table_.name);
  }
  FERRY_RETURN_IF_ERROR(conn_.Run("ROLLBACK TO SAVEPOINT ferry_key"));
  std::vector<std::vector<std::string>> keys = KeyColumnsInKeySqlOrder(table_);
  FERRY_ASSIGN_OR_RETURN(std::vector<DuplicateRow> rows,
                         FindDuplicateRows(conn_, schema_, table_, keys.at(n), std::nullopt, 100));
  for (const DuplicateRow& row : rows) {
    if (row.copy_no > 1) {
      refused_row_ = row.position;
      break;
    }
  }
  return Status::DataError(DescribeDuplicates(DescribeKey(table_, n), table_, rows) +
                           " (the source holds the same key more than once: fix the source, or "
                           "run with --on-error skip to keep the first row of each key and write "
                           "the others to the rejects directory)");
}

Status PgBatchWriter::Fail(Status status) {
  if (!status.ok()) failed_ = true;
  return status;
}

}  // namespace ferry
