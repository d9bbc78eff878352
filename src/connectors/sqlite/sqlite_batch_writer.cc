#include "connectors/sqlite/sqlite_batch_writer.h"

#include "connectors/sqlite/sqlite_ddl.h"
#include "connectors/sqlite/sqlite_values.h"

namespace ferry {
namespace {

bool IsKeyColumn(const TableSchema& table, const std::string& name) {
  for (const std::string& key : table.primary_key) {
    if (key == name) return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<SqliteBatchWriter>> SqliteBatchWriter::Open(const std::string& path,
                                                                   const TableSchema& table,
                                                                   WriteMode mode) {
  if (mode == WriteMode::kUpsert && table.primary_key.empty()) {
    return Status::FailedPrecondition("table " + table.name +
                                      " has no primary key, so --mode upsert cannot match rows: "
                                      "use --mode append or replace");
  }
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenSqliteForWriting(path));
  return std::unique_ptr<SqliteBatchWriter>(new SqliteBatchWriter(std::move(db), table, mode));
}

std::string SqliteBatchWriter::InsertSql() const {
  std::string columns, values, updates;
  for (size_t i = 0; i < table_.columns.size(); ++i) {
    std::string name = QuoteSqliteName(table_.columns[i].name);
    columns += (i ? ", " : "") + name;
    values += i ? ", ?" : "?";
    if (!IsKeyColumn(table_, table_.columns[i].name)) {
      updates += (updates.empty() ? "" : ", ") + name + " = excluded." + name;
    }
  }
  std::string sql =
      "INSERT INTO " + QuoteSqliteName(table_.name) + " (" + columns + ") VALUES (" + values + ")";
  if (mode_ != WriteMode::kUpsert) return sql;
  std::string key;
  for (const std::string& k : table_.primary_key) {
    key += (key.empty() ? "" : ", ") + QuoteSqliteName(k);
  }
  return sql + " ON CONFLICT (" + key + ") DO " +
         (updates.empty() ? std::string("NOTHING") : "UPDATE SET " + updates);
}

Status SqliteBatchWriter::ReadyTable() {
  switch (mode_) {
    case WriteMode::kReplace:
      FERRY_RETURN_IF_ERROR(db_.Exec(SqliteDropTableSql(table_.name)));
      [[fallthrough]];
    case WriteMode::kCreate:
      return db_.Exec(SqliteCreateTableSql(table_));
    case WriteMode::kTruncate:
      return db_.Exec("DELETE FROM " + QuoteSqliteName(table_.name));
    case WriteMode::kAppend:
    case WriteMode::kUpsert:
      return Status::OK();
  }
  return Status::Internal("unknown write mode");
}

Status SqliteBatchWriter::Begin() {
  if (transaction_) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(SqliteWriteTransaction txn,
                         SqliteWriteTransaction::Begin(db_, SqliteFileMutex(db_.path())));
  transaction_.emplace(std::move(txn));
  FERRY_RETURN_IF_ERROR(ReadyTable().WithContext("readying table " + table_.name + " for --mode " +
                                                 std::string(WriteModeName(mode_))));
  Result<SqliteStatement> insert = db_.Prepare(InsertSql());
  if (!insert.ok()) {
    return Status::NotFound("cannot write into table " + table_.name + " of " + db_.path() + ": " +
                            insert.status().message() +
                            " (use --mode replace to recreate the table)");
  }
  insert_.emplace(std::move(*insert));
  scratch_.assign(table_.columns.size(), std::string());
  return Status::OK();
}

Status SqliteBatchWriter::WriteRow(const Value* row) {
  sqlite3_stmt* stmt = insert_->get();
  for (size_t c = 0; c < table_.columns.size(); ++c) {
    Status bound = BindSqliteValue(stmt, static_cast<int>(c) + 1, row[c], table_.columns[c].type,
                                   &scratch_[c]);
    if (!bound.ok()) {
      sqlite3_reset(stmt);
      return Status(bound.code(), "column \"" + table_.columns[c].name + "\": " + bound.message());
    }
  }
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc == SQLITE_DONE) return Status::OK();
  std::string message = sqlite3_errmsg(db_.get());
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::DataError(message);
  if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR) {
    return Status::IoError(message + " (writing " + db_.path() + ")");
  }
  return Status::Internal(message + " (writing " + db_.path() + ")");
}

Status SqliteBatchWriter::Write(const Batch& batch, size_t* bad_row) {
  if (failed_ || finished_) return Status::Internal("write to a finished writer");
  FERRY_RETURN_IF_ERROR(Fail(Begin()));
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    Status s = WriteRow(batch.Row(row));
    if (!s.ok()) {
      *bad_row = row;
      refused_row_ = rows_ + static_cast<int64_t>(row);
      return Fail(s.WithContext("table " + table_.name));
    }
  }
  rows_ += static_cast<int64_t>(batch.num_rows());
  return Status::OK();
}

Status SqliteBatchWriter::Commit() {
  if (failed_ || finished_) return Status::Internal("commit of a failed or finished writer");
  FERRY_RETURN_IF_ERROR(Fail(Begin()));
  finished_ = true;
  insert_.reset();
  return Fail(transaction_->Commit().WithContext("committing " + table_.name));
}

Status SqliteBatchWriter::CommitChunk(const ChunkDone& done) {
  if (failed_ || finished_) return Status::Internal("commit of a failed or finished writer");
  FERRY_RETURN_IF_ERROR(Fail(Begin()));
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement mark,
      db_.Prepare("UPDATE _ferry_chunks SET state = 'done', rows = ?1, content_hash = ?2, "
                  "finished_at = (julianday('now') - 2440587.5) * 86400.0, heartbeat_at = "
                  "(julianday('now') - 2440587.5) * 86400.0 WHERE run_id = ?3 AND table_no = ?4 "
                  "AND chunk_no = ?5 AND state = 'running' AND worker = ?6"));
  FERRY_RETURN_IF_ERROR(mark.BindInt64(1, done.rows));
  FERRY_RETURN_IF_ERROR(mark.BindText(2, done.content_hash));
  FERRY_RETURN_IF_ERROR(mark.BindText(3, done.run_id));
  FERRY_RETURN_IF_ERROR(mark.BindInt64(4, done.table_no));
  FERRY_RETURN_IF_ERROR(mark.BindInt64(5, done.chunk_id));
  FERRY_RETURN_IF_ERROR(mark.BindText(6, done.worker));
  FERRY_RETURN_IF_ERROR(Fail(mark.Step().status()));
  if (db_.Changes() != 1) {
    failed_ = true;
    (void)transaction_->Rollback();
    return ClaimLost(done);
  }
  FERRY_RETURN_IF_ERROR(Fail(RecordCreatedTable(done)));
  return Commit();
}

// A writer that created its table (a whole-table chunk in --mode create or
// replace) records the table as SQLite keeps it, so that abandoning the run
// (--restart) knows the table for the run's own (SqliteRunStore::AbandonRun).
Status SqliteBatchWriter::RecordCreatedTable(const ChunkDone& done) {
  if (mode_ != WriteMode::kCreate && mode_ != WriteMode::kReplace) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement record,
      db_.Prepare("UPDATE _ferry_tables SET created_sql = (SELECT sql FROM sqlite_schema WHERE "
                  "type = 'table' AND name = ?1) WHERE run_id = ?2 AND table_no = ?3"));
  FERRY_RETURN_IF_ERROR(record.BindText(1, table_.name));
  FERRY_RETURN_IF_ERROR(record.BindText(2, done.run_id));
  FERRY_RETURN_IF_ERROR(record.BindInt64(3, done.table_no));
  return record.Step().status();
}

Status SqliteBatchWriter::ClaimLost(const ChunkDone& done) {
  return Status::FailedPrecondition("ferry: chunk claim lost: chunk " +
                                    std::to_string(done.chunk_id) + " of table " +
                                    std::to_string(done.table_no) + " of run " + done.run_id +
                                    " is no longer held by " + done.worker);
}

Status SqliteBatchWriter::Fail(Status status) {
  if (!status.ok()) failed_ = true;
  return status;
}

}  // namespace ferry
