#include "connectors/postgres/pg_target.h"

#include <atomic>
#include <thread>

#include "connectors/postgres/pg_batch_writer.h"
#include "connectors/postgres/pg_broken_keys.h"
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_native_schema.h"
#include "connectors/postgres/pg_raw_rows.h"
#include "connectors/postgres/pg_run_schema.h"
#include "connectors/postgres/pg_sequence_ddl.h"

namespace ferry {

std::string_view PgDialectName(PgDialect dialect) {
  switch (dialect) {
    case PgDialect::kPostgres:
      return "PostgreSQL";
    case PgDialect::kCockroach:
      return "CockroachDB";
    case PgDialect::kTimescale:
      return "TimescaleDB";
    case PgDialect::kNeon:
      return "Neon";
    case PgDialect::kUnknown:
      break;
  }
  return "unknown";
}

PgDialect DetectPgDialect(std::string_view version, bool has_timescaledb) {
  if (version.find("CockroachDB") != std::string_view::npos) return PgDialect::kCockroach;
  if (has_timescaledb) return PgDialect::kTimescale;
  if (version.find("neon") != std::string_view::npos) return PgDialect::kNeon;
  if (version.starts_with("PostgreSQL")) return PgDialect::kPostgres;
  return PgDialect::kUnknown;
}

Result<std::unique_ptr<PgTarget>> PgTarget::Connect(const Endpoint& endpoint, std::string schema) {
  FERRY_RETURN_IF_ERROR(RefuseStateSchema(schema));
  FERRY_ASSIGN_OR_RETURN(PgConnection admin, PgConnection::Connect(endpoint, "ferry copy"));
  FERRY_ASSIGN_OR_RETURN(std::string version, admin.ServerVersionText());
  FERRY_ASSIGN_OR_RETURN(
      PgResult timescale,
      admin.Exec("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"));
  std::unique_ptr<PgTarget> target(new PgTarget(endpoint, std::move(schema), std::move(admin)));
  target->dialect_ = DetectPgDialect(version, timescale.Get(0, 0) != "0");
  target->version_ = std::move(version);
  return target;
}

std::string PgTarget::WhyNoNativeSchema() const {
  if (dialect_ != PgDialect::kCockroach) return "";
  return "the target is CockroachDB, whose DDL is not pg_dump's";
}

std::string PgTarget::Describe() const {
  return std::string(PgDialectName(dialect_)) + " at " + endpoint_.Redacted() + ", schema " +
         schema_;
}

Status PgTarget::ReadyAdmin() {
  if (!admin_.IsBroken()) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint_, "ferry copy"));
  admin_ = std::move(conn);
  return Status::OK();
}

Status PgTarget::Prepare(const std::vector<TableSchema>& tables, WriteMode mode) {
  std::lock_guard lock(admin_mutex_);
  FERRY_RETURN_IF_ERROR(ReadyAdmin());
  FERRY_RETURN_IF_ERROR(admin_.Run(CreateSchemaSql(schema_)));
  std::string present, absent;
  for (const TableSchema& table : tables) {
    std::string qualified = QualifiedPgName(schema_, table.name);
    FERRY_ASSIGN_OR_RETURN(PgResult r, admin_.Exec("SELECT to_regclass(" +
                                                   QuotePgLiteral(qualified) + ") IS NOT NULL"));
    std::string& list = r.Get(0, 0) == "t" ? present : absent;
    list += (list.empty() ? "" : ", ") + qualified;
  }
  if (mode == WriteMode::kCreate && !present.empty()) {
    return Status::AlreadyExists("target table(s) already exist: " + present +
                                 " (use --mode replace to drop and recreate them, --mode truncate "
                                 "to empty them, --mode append or --mode upsert to add rows)");
  }
  bool needs_tables =
      mode == WriteMode::kTruncate || mode == WriteMode::kAppend || mode == WriteMode::kUpsert;
  if (needs_tables && !absent.empty()) {
    return Status::NotFound("target table(s) do not exist: " + absent + " (--mode " +
                            std::string(WriteModeName(mode)) +
                            " writes into existing tables; use --mode create)");
  }
  return Status::OK();
}

Result<PgConnection> PgTarget::WriterConnection(bool allow_idle, bool* reused) {
  if (allow_idle) {
    std::lock_guard lock(idle_->mutex);
    *reused = !idle_->connections.empty();
    if (*reused) {
      PgConnection conn = std::move(idle_->connections.back());
      idle_->connections.pop_back();
      return conn;
    }
  }
  return PgConnection::Connect(endpoint_, "ferry writer");
}

// An idle connection may have been cut since its last use (a server restart,
// pg_terminate_backend); that shows only when it is used, so a connection
// failure on a reused connection is followed by one try on a new connection.
Result<std::unique_ptr<BatchWriter>> PgTarget::OpenWriter(const TableSchema& table,
                                                          const Chunk& /*chunk*/, WriteMode mode) {
  return OpenPgWriter(table, mode, /*raw_rows=*/false);
}

std::string PgTarget::raw_row_format() const {
  bool takes = dialect_ == PgDialect::kPostgres || dialect_ == PgDialect::kTimescale ||
               dialect_ == PgDialect::kNeon;
  return takes ? std::string(kPgRawRowFormat) : std::string();
}

Result<std::unique_ptr<BatchWriter>> PgTarget::OpenRawWriter(const TableSchema& table,
                                                             const Chunk& /*chunk*/,
                                                             WriteMode mode) {
  return OpenPgWriter(table, mode, /*raw_rows=*/!raw_row_format().empty());
}

Result<std::unique_ptr<BatchWriter>> PgTarget::OpenPgWriter(const TableSchema& table,
                                                            WriteMode mode, bool raw_rows) {
  std::weak_ptr<IdleConnections> idle = idle_;
  auto on_idle = [idle](PgConnection conn) {
    if (std::shared_ptr<IdleConnections> pool = idle.lock()) {
      std::lock_guard lock(pool->mutex);
      pool->connections.push_back(std::move(conn));
    }
  };
  for (bool allow_idle : {true, false}) {
    bool reused = false;
    FERRY_ASSIGN_OR_RETURN(PgConnection conn, WriterConnection(allow_idle, &reused));
    Result<std::unique_ptr<PgBatchWriter>> writer =
        PgBatchWriter::Open(std::move(conn), table, schema_, mode, on_idle, raw_rows);
    if (writer.ok()) return std::unique_ptr<BatchWriter>(std::move(*writer));
    if (!reused || !writer.status().IsRetryable()) return writer.status();
  }
  return Status::Internal("unreachable: a new connection either opens a writer or fails");
}

Status PgTarget::Finish(const std::vector<TableSchema>& tables, int parallelism,
                        std::vector<SkippedObject>* broken_foreign_keys) {
  FERRY_RETURN_IF_ERROR(CreateIndexes(tables, parallelism));
  std::lock_guard lock(admin_mutex_);
  FERRY_RETURN_IF_ERROR(ReadyAdmin());
  for (const TableSchema& table : tables) {
    FERRY_RETURN_IF_ERROR(AddForeignKeys(tables, table, broken_foreign_keys));
  }
  for (const TableSchema& table : tables) {
    FERRY_RETURN_IF_ERROR(
        RunEach(SequenceSql(table, schema_), "setting the identity sequence of " + table.name));
  }
  return Status::OK();
}

Status PgTarget::FinishSequences(const std::vector<Sequence>& sequences,
                                 const std::vector<TableSchema>& tables) {
  std::lock_guard lock(admin_mutex_);
  return RunEach(SequencesSql(sequences, tables, schema_), "copying the sequences");
}

// A foreign key the rows break is named with its orphan rows: the run would
// otherwise fail the same way at every attempt, with nothing to go on.
Status PgTarget::AddForeignKeys(const std::vector<TableSchema>& tables, const TableSchema& table,
                                std::vector<SkippedObject>* broken) {
  std::vector<std::string> statements = ForeignKeySql(table, schema_);
  for (size_t i = 0; i < statements.size() && i < table.foreign_keys.size(); ++i) {
    PgError error;
    Status s = admin_.Run(statements[i], &error);
    if (s.ok()) continue;
    if (error.sqlstate != kPgForeignKeyViolation) {
      return s.WithContext("adding a foreign key to " + table.name + " (" + statements[i] + ")");
    }
    const ForeignKey& fk = table.foreign_keys[i];
    std::vector<std::string> parent_key = fk.referenced_columns;
    for (const TableSchema& t : tables) {
      if (parent_key.empty() && t.name == fk.referenced_table) parent_key = t.primary_key;
    }
    FERRY_ASSIGN_OR_RETURN(std::string orphans,
                           DescribeOrphanRows(admin_, schema_, table, fk, parent_key));
    if (broken != nullptr) {
      broken->push_back(
          {"foreign key", ForeignKeyName(table, fk), "not created (--on-error skip): " + orphans});
      continue;
    }
    return Status::DataError(orphans + ": add the missing rows to " + fk.referenced_table +
                             ", or delete or fix those rows of " + table.name + ", in the target");
  }
  return Status::OK();
}

Status PgTarget::RunEach(const std::vector<std::string>& statements, std::string_view what) {
  for (const std::string& sql : statements) {
    Status s = admin_.Run(sql);
    if (!s.ok()) return s.WithContext(std::string(what) + " (" + sql + ")");
  }
  return Status::OK();
}

// Each thread has its own connection and takes the next index from a shared
// counter; the first error stops the others from starting new ones.
Status PgTarget::CreateIndexes(const std::vector<TableSchema>& tables, int parallelism) {
  std::vector<std::string> statements;
  for (const TableSchema& table : tables) {
    for (std::string& sql : IndexSql(table, schema_)) statements.push_back(std::move(sql));
  }
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  Status first_error;
  auto work = [&] {
    Result<PgConnection> conn = PgConnection::Connect(endpoint_, "ferry index");
    for (size_t i = next++; conn.ok() && i < statements.size(); i = next++) {
      Status s = conn->Run(statements[i]);
      if (s.ok()) continue;
      std::lock_guard lock(error_mutex);
      if (first_error.ok())
        first_error = s.WithContext("creating an index (" + statements[i] + ")");
      next = statements.size();
    }
    if (!conn.ok()) {
      std::lock_guard lock(error_mutex);
      if (first_error.ok()) first_error = conn.status();
    }
  };
  size_t threads = std::min<size_t>(std::max(parallelism, 1), statements.size());
  {
    std::vector<std::jthread> workers;
    for (size_t i = 0; i < threads; ++i) workers.emplace_back(work);
  }
  return first_error;
}

Status PgTarget::DropTable(const TableSchema& table) {
  std::lock_guard lock(admin_mutex_);
  FERRY_RETURN_IF_ERROR(ReadyAdmin());
  return admin_.Run(DropTableSql(table, schema_));
}

Status PgTarget::RestorePostData(const NativeSchema& schema, int jobs,
                                 std::vector<SkippedObject>* not_restored) {
  if (schema.dialect != "postgresql") {
    return Status::FailedPrecondition("a PostgreSQL target cannot restore a " + schema.dialect +
                                      " schema");
  }
  return RestorePgPostData(endpoint_, schema, jobs, not_restored);
}

}  // namespace ferry
