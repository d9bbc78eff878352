#include "connectors/postgres/pg_source.h"

#include <cstdlib>
#include <utility>

#include "connectors/postgres/pg_binary_values.h"
#include "connectors/postgres/pg_catalog.h"
#include "connectors/postgres/pg_chunker.h"
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_native_schema.h"
#include "connectors/postgres/pg_relation.h"
#include "connectors/postgres/pg_schema_dump.h"
#include "connectors/postgres/pg_source_reader.h"
#include "core/log.h"

namespace ferry {
namespace {

constexpr std::string_view kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

bool IsIntegerType(LogicalType type) {
  return type == LogicalType::kInt16 || type == LogicalType::kInt32 || type == LogicalType::kInt64;
}

// The single integer primary-key column of `table`, or nullptr.
const Column* IntegerKey(const TableSchema& table) {
  if (table.primary_key.size() != 1) return nullptr;
  int index = table.ColumnIndex(table.primary_key[0]);
  if (index < 0 || !IsIntegerType(table.columns[index].type)) return nullptr;
  return &table.columns[index];
}

// JIT compilation costs more than it saves on catalog queries and plain scans
// (it can add most of a second to the catalog read). Servers without the
// setting (CockroachDB) refuse it, which changes nothing.
// DateStyle ISO: values read as text (and chunk bounds) print the same for
// every ferry process, whatever its PGDATESTYLE.
void DisableJit(PgConnection& conn) {
  (void)conn.Run("SET jit = off");
  (void)conn.Run("SET datestyle = 'ISO, YMD'");
}

}  // namespace

PgSource::PgSource(Endpoint endpoint, std::string schema, PgConnection control)
    : endpoint_(std::move(endpoint)), schema_(std::move(schema)), control_(std::move(control)) {}

PgSource::~PgSource() = default;

Result<std::unique_ptr<PgSource>> PgSource::Open(const Endpoint& endpoint, std::string schema,
                                                 const std::string& import_snapshot) {
  FERRY_ASSIGN_OR_RETURN(PgConnection control, PgConnection::Connect(endpoint, "ferry source"));
  DisableJit(control);
  FERRY_RETURN_IF_ERROR(control.Run(kBeginSnapshot));
  bool imported = false;
  if (!import_snapshot.empty()) {
    // Fails when the exporting transaction has ended; the snapshot is gone for good.
    Status s = control.Run("SET TRANSACTION SNAPSHOT " + control.QuoteLiteral(import_snapshot));
    imported = s.ok();
    if (!imported) {
      spdlog::debug("snapshot {} is gone: {}", import_snapshot, s.message());
      FERRY_RETURN_IF_ERROR(control.Run("ROLLBACK"));
      FERRY_RETURN_IF_ERROR(control.Run(kBeginSnapshot));
    }
  }
  std::unique_ptr<PgSource> source(new PgSource(endpoint, std::move(schema), std::move(control)));
  source->imported_ = imported;
  // Exported again even when imported, so this source's readers keep the
  // snapshot while this source lives, whatever happens to the first exporter.
  // Servers that cannot export (CockroachDB, standbys) fail the statement, which
  // aborts the transaction: start it again and do without.
  Result<PgResult> exported = source->control_.Exec("SELECT pg_export_snapshot()");
  if (exported.ok()) {
    source->snapshot_id_ = exported->Get(0, 0);
  } else {
    spdlog::debug("no exported snapshot on {}: {}", endpoint.Redacted(),
                  exported.status().message());
    FERRY_RETURN_IF_ERROR(source->control_.Run("ROLLBACK"));
    FERRY_RETURN_IF_ERROR(source->control_.Run(kBeginSnapshot));
  }
  return source;
}

std::string PgSource::SnapshotNote() const {
  if (!snapshot_id_.empty()) {
    return "one REPEATABLE READ snapshot exported with pg_export_snapshot() and shared by all "
           "readers (a chunked copy resumed after its first process is gone reads the source "
           "as it is then; each chunk still lands exactly once)";
  }
  return "the server cannot export a snapshot: each reader has its own REPEATABLE READ "
         "snapshot, so tables written during the read may be seen at different moments";
}

Result<DatabaseSchema> PgSource::DescribeSchema() {
  std::lock_guard lock(mutex_);
  return ReadPgCatalog(control_, schema_);
}

Result<PgConnection> PgSource::AcquireConnection() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      PgConnection conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint_, "ferry source"));
  DisableJit(conn);
  FERRY_RETURN_IF_ERROR(conn.Run(kBeginSnapshot));
  if (!snapshot_id_.empty()) {
    FERRY_RETURN_IF_ERROR(conn.Run("SET TRANSACTION SNAPSHOT " + conn.QuoteLiteral(snapshot_id_)));
  }
  return conn;
}

void PgSource::ReleaseConnection(PgConnection conn) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(conn));
}

Result<std::map<std::string, uint32_t>> PgSource::ColumnTypes(const std::string& table) {
  std::lock_guard lock(mutex_);
  auto cached = column_types_.find(table);
  if (cached != column_types_.end()) return cached->second;
  FERRY_ASSIGN_OR_RETURN(auto types, ReadPgColumnTypes(control_, schema_, table));
  column_types_[table] = types;
  return types;
}

Result<std::string> PgSource::RowSource(const std::string& table) {
  std::lock_guard lock(mutex_);
  auto cached = row_sources_.find(table);
  if (cached != row_sources_.end()) return cached->second;
  FERRY_ASSIGN_OR_RETURN(std::string from, PgRowSource(control_, schema_, table));
  row_sources_[table] = from;
  return from;
}

Result<PgKeyRange> PgSource::KeyRange(const TableSchema& table) {
  const Column* key = IntegerKey(table);
  if (key == nullptr) {
    return Status::InvalidArgument("table \"" + table.name +
                                   "\" has no single-column integer primary key to split by");
  }
  FERRY_ASSIGN_OR_RETURN(std::string from, RowSource(table.name));
  std::lock_guard lock(mutex_);
  std::string column = control_.QuoteIdentifier(key->name);
  FERRY_ASSIGN_OR_RETURN(PgResult r, control_.Exec("SELECT min(" + column + "), max(" + column +
                                                   "), count(*) FROM " + from));
  PgKeyRange range;
  if (!r.IsNull(0, 0)) range.min = std::atoll(r.Get(0, 0).data());
  if (!r.IsNull(0, 1)) range.max = std::atoll(r.Get(0, 1).data());
  range.rows = std::atoll(r.Get(0, 2).data());
  return range;
}

Result<std::vector<Chunk>> PgSource::PlanChunks(const TableSchema& table, int64_t chunk_rows) {
  std::lock_guard lock(mutex_);
  return PlanPgChunks(control_, schema_, table, chunk_rows);
}

Result<std::unique_ptr<BatchReader>> PgSource::OpenReader(const TableSchema& table,
                                                          const Chunk& chunk) {
  return OpenCopyReader(table, chunk, /*raw_rows=*/false);
}

Result<std::unique_ptr<BatchReader>> PgSource::OpenRawReader(const TableSchema& table,
                                                             const Chunk& chunk) {
  return OpenCopyReader(table, chunk, /*raw_rows=*/true);
}

Result<std::string> PgSource::RawRowsWhyNot(const TableSchema& table) {
  std::lock_guard lock(mutex_);
  return PgRawRowsWhyNot(control_, QualifiedPgName(schema_, table.name), table);
}

// Each column in its binary form, the fields ferry decodes; those it reads as
// text (arrays, intervals, enums, ...) are selected as text instead, or, for
// raw rows (which need every column's binary form first), as text after them.
Result<std::unique_ptr<BatchReader>> PgSource::OpenCopyReader(const TableSchema& table,
                                                              const Chunk& chunk, bool raw_rows) {
  FERRY_ASSIGN_OR_RETURN(auto types, ColumnTypes(table.name));
  FERRY_ASSIGN_OR_RETURN(std::string from, RowSource(table.name));
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, AcquireConnection());
  std::string select, text_after;
  PgReadColumns read;
  size_t texts_after = 0;
  read.raw_fields = raw_rows ? table.columns.size() : 0;
  for (const Column& column : table.columns) {
    auto type = types.find(column.name);
    if (type == types.end()) {
      return Status::NotFound("table \"" + table.name + "\" has no column \"" + column.name +
                              "\" (was the table created by this plan?)");
    }
    bool binary = PgBinaryDecodable(type->second);
    std::string name = conn.QuoteIdentifier(column.name);
    if (!select.empty()) select += ", ";
    read.oids.push_back(binary ? type->second : 0);
    if (binary || !raw_rows) {
      select += name + (binary ? "" : "::text");
      read.fields.push_back(read.oids.size() - 1);
      continue;
    }
    select += name;
    read.fields.push_back(table.columns.size() + texts_after++);
    text_after += ", " + name + "::text";
  }
  std::string sql = "COPY (SELECT " + select + text_after + " FROM " + from;
  FERRY_ASSIGN_OR_RETURN(std::string condition, PgChunkCondition(table, chunk));
  if (!condition.empty()) sql += " WHERE " + condition;
  sql += ") TO STDOUT (FORMAT binary)";
  return PgSourceReader::Start(this, std::move(conn), table.name, std::move(sql), std::move(read));
}

Result<NativeSchema> PgSource::DumpNativeSchema(const NativeSchemaRequest& request) {
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, AcquireConnection());
  Result<NativeSchema> schema = DumpPgNativeSchema(conn, endpoint_, schema_, snapshot_id_, request);
  ReleaseConnection(std::move(conn));
  return schema;
}

std::string PgSource::WhyNoNativeSchema() {
  int version = PQserverVersion(control_.get());  // read when it connected
  Status tools = CheckPgSchemaDumpTools(endpoint_, version);
  return tools.ok() ? "" : std::string(tools.message());
}

Result<std::vector<NativeSchemaEntry>> PgSource::ReadNativeSequenceStates(
    const NativeSchema& schema) {
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, AcquireConnection());
  Result<std::vector<NativeSchemaEntry>> states = ReadPgNativeSequenceStates(conn, schema);
  ReleaseConnection(std::move(conn));
  return states;
}

}  // namespace ferry
