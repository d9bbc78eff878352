#include "connectors/sqlite/sqlite_run_store.h"

#include <filesystem>

#include "connectors/sqlite/sqlite_batch_writer.h"
#include "connectors/sqlite/sqlite_ddl.h"
#include "connectors/sqlite/sqlite_query.h"
#include "connectors/sqlite/sqlite_run_schema.h"
#include "connectors/sqlite/sqlite_target.h"
#include "connectors/sqlite/sqlite_write_lock.h"
#include "core/key_bound.h"
#include "core/redact.h"

namespace ferry {
namespace {

constexpr std::string_view kRunColumns =
    "run_id, source, target, snapshot, source_state, snapshot_note, state, created_at, "
    "coalesce(finished_at, ''), mapping";

std::string Now() { return std::string(kSqliteNow); }

SqliteParam OptionalInt(const std::optional<int64_t>& value) {
  if (!value) return nullptr;
  return *value;
}

SqliteParam OptionalBound(const std::vector<KeyPart>& parts) {
  if (parts.empty()) return nullptr;
  return EncodeKeyBound(parts);
}

// From the columns table_no, chunk_no, lower_int, upper_int, lower_key,
// upper_key, estimated_rows, attempts, chunk_by.
Result<ChunkClaim> ReadClaim(const SqliteStatement& s) {
  ChunkClaim claim;
  claim.table_no = static_cast<int>(s.ColumnInt64(0));
  claim.chunk.id = s.ColumnInt64(1);
  if (s.ColumnType(2) != SQLITE_NULL) claim.chunk.lower = s.ColumnInt64(2);
  if (s.ColumnType(3) != SQLITE_NULL) claim.chunk.upper = s.ColumnInt64(3);
  if (s.ColumnType(4) != SQLITE_NULL) {
    FERRY_ASSIGN_OR_RETURN(claim.chunk.lower_key, DecodeKeyBound(s.ColumnText(4)));
  }
  if (s.ColumnType(5) != SQLITE_NULL) {
    FERRY_ASSIGN_OR_RETURN(claim.chunk.upper_key, DecodeKeyBound(s.ColumnText(5)));
  }
  claim.chunk.estimated_rows = s.ColumnInt64(6);
  claim.attempts = static_cast<int>(s.ColumnInt64(7));
  ParseChunkBy(s.ColumnText(8), &claim.chunk.by);
  return claim;
}

// The CREATE TABLE text SQLite keeps for `name`, "" when there is no such table.
Result<std::string> StoredTableSql(SqliteDatabase& db, const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement s,
      SqliteQuery(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", {name}));
  FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? std::string(s.ColumnText(0)) : std::string();
}

// Readies `table` for `mode` (CreateRun); returns the CREATE TABLE it ran, "" when none.
Result<std::string> ReadyTable(SqliteDatabase& db, const TableSchema& table, WriteMode mode) {
  switch (mode) {
    case WriteMode::kReplace:
      FERRY_RETURN_IF_ERROR(db.Exec(SqliteDropTableSql(table.name)));
      [[fallthrough]];
    case WriteMode::kCreate:
      FERRY_RETURN_IF_ERROR(db.Exec(SqliteCreateTableSql(table)));
      return StoredTableSql(db, table.name);
    case WriteMode::kTruncate:
      FERRY_RETURN_IF_ERROR(db.Exec("DELETE FROM " + QuoteSqliteName(table.name)));
      return std::string();
    case WriteMode::kAppend:
    case WriteMode::kUpsert:
      return std::string();
  }
  return Status::Internal("unknown write mode");
}

}  // namespace

Result<std::unique_ptr<SqliteRunStore>> SqliteRunStore::Open(const Endpoint& endpoint,
                                                             const std::string& schema) {
  FERRY_RETURN_IF_ERROR(CheckSqliteTargetSchema(schema));
  return std::unique_ptr<SqliteRunStore>(new SqliteRunStore(endpoint.path));
}

Status SqliteRunStore::With(bool write, bool create,
                            const std::function<Status(SqliteDatabase&)>& work,
                            bool absent_is_empty) {
  std::lock_guard lock(mutex_);
  if (!db_) {
    std::error_code ec;
    if (!create && !std::filesystem::exists(path_, ec)) {
      return absent_is_empty ? Status::OK()
                             : Status::NotFound("no SQLite file " + path_ + " (no copy ran yet)");
    }
    FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenSqliteForWriting(path_));
    db_.emplace(std::move(db));
  }
  if (!create) {
    FERRY_ASSIGN_OR_RETURN(bool present, HasSqliteRunSchema(*db_));
    if (!present) {
      return absent_is_empty ? Status::OK()
                             : Status::NotFound("no copy runs in " + path_ + " (no _ferry_runs)");
    }
  }
  if (!write) return work(*db_);
  FERRY_ASSIGN_OR_RETURN(SqliteWriteTransaction txn,
                         SqliteWriteTransaction::Begin(*db_, SqliteFileMutex(path_)));
  FERRY_RETURN_IF_ERROR(work(*db_));
  return txn.Commit();
}

Status SqliteRunStore::Initialize() {
  std::lock_guard lock(mutex_);
  if (!db_) {
    FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenSqliteForWriting(path_));
    db_.emplace(std::move(db));
  }
  return EnsureSqliteRunSchema(*db_);
}

Result<std::vector<RunRecord>> SqliteRunStore::QueryRuns(SqliteDatabase& db,
                                                         const std::string& where,
                                                         const std::vector<std::string>& params) {
  std::vector<SqliteParam> bound(params.begin(), params.end());
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement s,
      SqliteQuery(db, "SELECT " + std::string(kRunColumns) + " FROM _ferry_runs " + where, bound));
  std::vector<RunRecord> runs;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    RunRecord run;
    std::string* fields[] = {&run.run_id,       &run.source,        &run.target, &run.snapshot,
                             &run.source_state, &run.snapshot_note, &run.state,  &run.created_at,
                             &run.finished_at,  &run.mapping};
    for (int column = 0; column < 10; ++column) *fields[column] = std::string(s.ColumnText(column));
    runs.push_back(std::move(run));
  }
  for (RunRecord& run : runs) {
    FERRY_ASSIGN_OR_RETURN(
        SqliteStatement o,
        SqliteQuery(db, "SELECT name, value FROM _ferry_run_options WHERE run_id = ?1",
                    {run.run_id}));
    while (true) {
      FERRY_ASSIGN_OR_RETURN(bool row, o.Step());
      if (!row) break;
      run.options[std::string(o.ColumnText(0))] = std::string(o.ColumnText(1));
    }
  }
  return runs;
}

Result<std::optional<RunRecord>> SqliteRunStore::FindRun(const std::string& run_id) {
  std::optional<RunRecord> found;
  FERRY_RETURN_IF_ERROR(ReadIfPresent([&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(std::vector<RunRecord> runs,
                           QueryRuns(db, "WHERE run_id = ?1", {run_id}));
    if (!runs.empty()) found = std::move(runs[0]);
    return Status::OK();
  }));
  return found;
}

Result<std::vector<RunRecord>> SqliteRunStore::FindUnfinishedRuns(const std::string& source,
                                                                  const std::string& target) {
  std::vector<RunRecord> runs;
  FERRY_RETURN_IF_ERROR(ReadIfPresent([&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(runs, QueryRuns(db,
                                           "WHERE source = ?1 AND target = ?2 AND state IN "
                                           "('loading', 'finishing') ORDER BY created_at",
                                           {source, target}));
    return Status::OK();
  }));
  return runs;
}

Result<std::optional<RunRecord>> SqliteRunStore::LatestRun() {
  std::optional<RunRecord> found;
  FERRY_RETURN_IF_ERROR(ReadIfPresent([&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(std::vector<RunRecord> runs,
                           QueryRuns(db, "ORDER BY created_at DESC, run_id LIMIT 1", {}));
    if (!runs.empty()) found = std::move(runs[0]);
    return Status::OK();
  }));
  return found;
}

Status SqliteRunStore::CreateRun(const RunRecord& run, const std::vector<RunTable>& tables,
                                 const RunSetup& setup) {
  if (setup.native != nullptr) {
    return Status::FailedPrecondition("a SQLite target cannot restore a " +
                                      setup.native->dialect + " schema");
  }
  WriteMode mode = setup.mode;
  return With(true, true, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(
        SqliteStatement existing,
        SqliteQuery(db, "SELECT state FROM _ferry_runs WHERE run_id = ?1", {run.run_id}));
    FERRY_ASSIGN_OR_RETURN(bool found, existing.Step());
    if (found && existing.ColumnText(0) != "abandoned") {
      return Status::AlreadyExists("run " + run.run_id + " exists (state " +
                                   std::string(existing.ColumnText(0)) + ")");
    }
    FERRY_RETURN_IF_ERROR(existing.Reset());
    // An abandoned run of the same id gives way to the new one.
    for (const char* table : {"_ferry_chunks", "_ferry_tables", "_ferry_workers",
                              "_ferry_run_options", "_ferry_runs"}) {
      FERRY_RETURN_IF_ERROR(
          SqliteRun(db, "DELETE FROM " + std::string(table) + " WHERE run_id = ?1", {run.run_id})
              .status());
    }
    return InsertRun(db, run, tables, mode).WithContext("recording run " + run.run_id);
  });
}

Status SqliteRunStore::InsertRun(SqliteDatabase& db, const RunRecord& run,
                                 const std::vector<RunTable>& tables, WriteMode mode) {
  FERRY_RETURN_IF_ERROR(
      SqliteRun(db,
                "INSERT INTO _ferry_runs (run_id, source, target, snapshot, source_state, "
                "snapshot_note, mapping) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                {run.run_id, run.source, run.target, run.snapshot, run.source_state,
                 run.snapshot_note, run.mapping})
          .status());
  for (const auto& [name, value] : run.options) {
    FERRY_RETURN_IF_ERROR(SqliteRun(db, "INSERT INTO _ferry_run_options VALUES (?1, ?2, ?3)",
                                    {run.run_id, name, value})
                              .status());
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    const RunTable& table = tables[t];
    // A whole-table chunk's writer readies its table itself, in the chunk's
    // transaction, and records it there (SqliteBatchWriter::CommitChunk).
    std::string created;
    if (!ReadiedByItsChunk(table)) {
      FERRY_ASSIGN_OR_RETURN(created, ReadyTable(db, table.target, mode));
    }
    ChunkBy by = table.chunks.empty() ? ChunkBy::kIntegerKey : table.chunks[0].by;
    FERRY_RETURN_IF_ERROR(
        SqliteRun(
            db, "INSERT INTO _ferry_tables VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            {run.run_id, int64_t{static_cast<int64_t>(t)}, table.source_name, table.target.name,
             std::string(ChunkByName(by)), int64_t{table.target.estimated_rows}, created})
            .status());
    for (const Chunk& chunk : table.chunks) {
      FERRY_RETURN_IF_ERROR(
          SqliteRun(
              db,
              "INSERT INTO _ferry_chunks (run_id, table_no, chunk_no, lower_int, upper_int, "
              "lower_key, upper_key, estimated_rows) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
              {run.run_id, int64_t{static_cast<int64_t>(t)}, int64_t{chunk.id},
               OptionalInt(chunk.lower), OptionalInt(chunk.upper), OptionalBound(chunk.lower_key),
               OptionalBound(chunk.upper_key), int64_t{chunk.estimated_rows}})
              .status());
    }
  }
  return Status::OK();
}

Result<std::optional<ChunkClaim>> SqliteRunStore::ClaimChunk(const std::string& run_id,
                                                             const std::string& worker,
                                                             std::chrono::seconds claim_timeout) {
  const std::string kNext =
      "SELECT c.table_no, c.chunk_no, c.lower_int, c.upper_int, c.lower_key, c.upper_key, "
      "c.estimated_rows, c.attempts + 1, t.chunk_by FROM _ferry_chunks c JOIN _ferry_tables t "
      "USING (run_id, table_no) WHERE c.run_id = ?1 AND (c.state = 'pending' OR (c.state = "
      "'running' AND c.heartbeat_at < " +
      Now() + " - ?2)) ORDER BY c.table_no, c.chunk_no LIMIT 1";
  std::optional<ChunkClaim> claim;
  FERRY_RETURN_IF_ERROR(With(true, false, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(
        SqliteStatement next,
        SqliteQuery(db, kNext, {run_id, static_cast<double>(claim_timeout.count())}));
    FERRY_ASSIGN_OR_RETURN(bool found, next.Step());
    if (!found) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(claim, ReadClaim(next));
    FERRY_RETURN_IF_ERROR(next.Reset());
    return SqliteRun(db,
                     "UPDATE _ferry_chunks SET state = 'running', worker = ?4, attempts = attempts "
                     "+ 1, started_at = " +
                         Now() + ", heartbeat_at = " + Now() +
                         " WHERE run_id = ?1 AND table_no = ?2 AND chunk_no = ?3",
                     {run_id, int64_t{claim->table_no}, int64_t{claim->chunk.id}, worker})
        .status();
  }));
  return claim;
}

Status SqliteRunStore::ReleaseChunk(const std::string& run_id, const std::string& worker,
                                    const ChunkClaim& claim, const std::string& error) {
  return With(true, false, [&](SqliteDatabase& db) {
    return SqliteRun(db,
                     "UPDATE _ferry_chunks SET state = 'pending', worker = NULL, errors = errors + "
                     "1, last_error = ?5 WHERE run_id = ?1 AND table_no = ?2 AND chunk_no = ?3 AND "
                     "state = 'running' AND worker = ?4",
                     {run_id, int64_t{claim.table_no}, int64_t{claim.chunk.id}, worker,
                      RedactSecrets(error)})
        .status();
  });
}

Status SqliteRunStore::Heartbeat(const std::string& run_id, const std::string& process,
                                 const std::vector<std::string>& claims) {
  return With(true, false, [&](SqliteDatabase& db) -> Status {
    FERRY_RETURN_IF_ERROR(
        SqliteRun(db,
                  "INSERT INTO _ferry_workers (run_id, worker, started_at, heartbeat_at) VALUES "
                  "(?1, ?2, " +
                      Now() + ", " + Now() +
                      ") ON CONFLICT (run_id, worker) DO UPDATE SET heartbeat_at = " + Now(),
                  {run_id, process})
            .status());
    for (const std::string& claim : claims) {
      FERRY_RETURN_IF_ERROR(
          SqliteRun(db,
                    "UPDATE _ferry_chunks SET heartbeat_at = " + Now() +
                        " WHERE run_id = ?1 AND state = 'running' AND worker = ?2",
                    {run_id, claim})
              .status());
    }
    return Status::OK();
  });
}

Result<bool> SqliteRunStore::BeginFinishing(const std::string& run_id) {
  int64_t moved = 0;
  FERRY_RETURN_IF_ERROR(With(true, false, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(
        moved, SqliteRun(db,
                         "UPDATE _ferry_runs SET state = 'finishing' WHERE run_id = ?1 AND state = "
                         "'loading' AND NOT EXISTS (SELECT 1 FROM _ferry_chunks WHERE run_id = ?1 "
                         "AND state <> 'done')",
                         {run_id}));
    return Status::OK();
  }));
  return moved == 1;
}

Result<bool> SqliteRunStore::TableDone(const std::string& run_id, int table_no) {
  bool done = false;
  FERRY_RETURN_IF_ERROR(With(false, false, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(
        SqliteStatement s,
        SqliteQuery(db,
                    "SELECT NOT EXISTS (SELECT 1 FROM _ferry_chunks WHERE run_id = ?1 AND "
                    "table_no = ?2 AND state <> 'done')",
                    {run_id, int64_t{table_no}}));
    FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
    done = row && s.ColumnInt64(0) == 1;
    return Status::OK();
  }));
  return done;
}

// CreateRun declared every key with its table; a repeated key was refused by
// the chunk that brought it (a DataError naming the row, or a reject).
Status SqliteRunStore::AddKeys(const std::string& /*run_id*/,
                               const std::vector<KeyTable>& /*tables*/, WriteMode /*mode*/,
                               const DuplicateSink& /*reject_duplicates*/) {
  return Status::OK();
}

Status SqliteRunStore::MarkRunDone(const std::string& run_id) {
  return With(true, false, [&](SqliteDatabase& db) {
    return SqliteRun(db,
                     "UPDATE _ferry_runs SET state = 'done', finished_at = strftime('%Y-%m-%d "
                     "%H:%M:%f', 'now') WHERE run_id = ?1",
                     {run_id})
        .status();
  });
}

Result<AbandonedRun> SqliteRunStore::AbandonRun(const std::string& run_id,
                                                bool only_if_nothing_done) {
  AbandonedRun result;
  FERRY_RETURN_IF_ERROR(With(true, false, [&](SqliteDatabase& db) -> Status {
    result = AbandonedRun();
    FERRY_ASSIGN_OR_RETURN(
        SqliteStatement s,
        SqliteQuery(db,
                    "SELECT (SELECT count(*) FROM _ferry_chunks WHERE run_id = ?1 AND state = "
                    "'done') FROM _ferry_runs WHERE run_id = ?1 AND state IN ('loading', "
                    "'finishing')",
                    {run_id}));
    FERRY_ASSIGN_OR_RETURN(bool unfinished, s.Step());
    if (!unfinished || (only_if_nothing_done && s.ColumnInt64(0) > 0)) return Status::OK();
    FERRY_RETURN_IF_ERROR(s.Reset());
    FERRY_RETURN_IF_ERROR(DropRunTables(db, run_id, &result));
    FERRY_RETURN_IF_ERROR(SqliteRun(db,
                                    "UPDATE _ferry_runs SET state = 'abandoned', finished_at = "
                                    "strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE run_id = ?1",
                                    {run_id})
                              .status());
    result.abandoned = true;
    return Status::OK();
  }));
  return result;
}

// A table is the run's own while SQLite still keeps the very CREATE TABLE
// text the run ran for it: a table renamed, dropped and made again by
// someone else, or altered since, has other text (or another name), and is kept.
Status SqliteRunStore::DropRunTables(SqliteDatabase& db, const std::string& run_id,
                                     AbandonedRun* result) {
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement s,
      SqliteQuery(db,
                  "SELECT target_name, created_sql FROM _ferry_tables WHERE run_id = ?1 AND "
                  "created_sql <> '' ORDER BY table_no",
                  {run_id}));
  std::vector<std::pair<std::string, std::string>> tables;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    tables.emplace_back(std::string(s.ColumnText(0)), std::string(s.ColumnText(1)));
  }
  for (const auto& [name, created] : tables) {
    FERRY_ASSIGN_OR_RETURN(std::string stored, StoredTableSql(db, name));
    if (stored.empty()) continue;  // gone already
    if (stored != created) {
      result->kept.push_back(name + " (not the table run " + run_id +
                             " created: altered, replaced or made by someone else since)");
      continue;
    }
    Status dropped = db.Exec(SqliteDropTableSql(name));
    if (!dropped.ok()) {
      return dropped.WithContext("dropping table " + name + ", which run " + run_id +
                                 " created, to start over; drop it yourself or add --mode replace");
    }
    result->dropped.push_back(name);
  }
  return Status::OK();
}

}  // namespace ferry
