// SqliteRunStore's worker processes, progress for `ferry status`, and the
// reads for verify (done runs and their chunks).
#include "connectors/sqlite/sqlite_query.h"
#include "connectors/sqlite/sqlite_run_schema.h"
#include "connectors/sqlite/sqlite_run_store.h"
#include "core/key_bound.h"
#include "core/redact.h"

namespace ferry {
namespace {

std::string Now() { return std::string(kSqliteNow); }

// A worker thread's id is "<process>/w<n>#<attempt>": the claims of a process
// are the running chunks whose worker starts with "<process>/".
std::string WorkersSql() {
  return "SELECT w.worker, w.process_start, " + Now() +
         " - w.heartbeat_at, w.exited_at IS NOT NULL, count(c.chunk_no), coalesce(" + Now() +
         " - min(c.heartbeat_at), 0) FROM _ferry_workers w LEFT JOIN _ferry_chunks c ON "
         "c.run_id = w.run_id AND c.state = 'running' AND substr(c.worker, 1, length(w.worker) + "
         "1) = w.worker || '/' WHERE w.run_id = ?1 GROUP BY w.worker ORDER BY w.worker";
}

WorkerRecord ReadWorker(const SqliteStatement& s, std::chrono::seconds claim_timeout) {
  WorkerRecord w;
  w.process = s.ColumnText(0);
  w.process_start = s.ColumnText(1);
  w.heartbeat_age_seconds = s.ColumnDouble(2);
  w.exited = s.ColumnInt64(3) != 0;
  w.chunks_held = s.ColumnInt64(4);
  w.oldest_claim_age_seconds = s.ColumnDouble(5);
  SetWorkerState(claim_timeout, &w);
  return w;
}

// One row per table: counts over its chunks ("#n" ends the per-claim part of
// a worker id, so distinct prefixes are distinct worker threads).
std::string ProgressSql() {
  return "SELECT t.table_no, t.source_name, t.target_name, t.chunk_by, t.estimated_rows, "
         "count(c.chunk_no), count(CASE WHEN c.state = 'done' THEN 1 END), "
         "count(CASE WHEN c.state = 'running' THEN 1 END), "
         "coalesce(sum(CASE WHEN c.state = 'done' THEN c.rows END), 0), "
         "coalesce(max(CASE WHEN c.state = 'done' THEN c.finished_at END) - "
         "min(CASE WHEN c.state = 'done' THEN c.started_at END), 0), "
         "count(DISTINCT CASE WHEN c.state = 'running' AND c.heartbeat_at > " +
         Now() +
         " - ?2 THEN substr(c.worker, 1, instr(c.worker || '#', '#') - 1) END), "
         "coalesce(sum(c.errors), 0), "
         "coalesce((SELECT last_error FROM _ferry_chunks e WHERE e.run_id = t.run_id AND "
         "e.table_no = t.table_no AND e.last_error IS NOT NULL ORDER BY e.chunk_no DESC LIMIT 1), "
         "'') FROM _ferry_tables t LEFT JOIN _ferry_chunks c ON c.run_id = t.run_id AND "
         "c.table_no = t.table_no WHERE t.run_id = ?1 GROUP BY t.table_no ORDER BY t.table_no";
}

TableProgress ReadTable(const SqliteStatement& s) {
  TableProgress t;
  t.table_no = static_cast<int>(s.ColumnInt64(0));
  t.source_name = s.ColumnText(1);
  t.target_name = s.ColumnText(2);
  t.chunk_by = s.ColumnText(3);
  t.estimated_rows = s.ColumnInt64(4);
  t.chunks_total = s.ColumnInt64(5);
  t.chunks_done = s.ColumnInt64(6);
  t.chunks_running = s.ColumnInt64(7);
  t.rows_done = s.ColumnInt64(8);
  double seconds = s.ColumnDouble(9);
  t.rows_per_second = seconds > 0 ? static_cast<double>(t.rows_done) / seconds : 0;
  t.workers = s.ColumnInt64(10);
  t.errors = s.ColumnInt64(11);
  t.last_error = s.ColumnText(12);
  return t;
}

constexpr std::string_view kDoneChunks =
    "SELECT t.table_no, t.source_name, t.target_name, t.chunk_by, c.chunk_no, c.lower_int, "
    "c.upper_int, c.lower_key, c.upper_key, c.state = 'done', coalesce(c.rows, 0), "
    "coalesce(c.content_hash, '') FROM _ferry_tables t LEFT JOIN _ferry_chunks c ON "
    "c.run_id = t.run_id AND c.table_no = t.table_no WHERE t.run_id = ?1 "
    "ORDER BY t.table_no, c.chunk_no";

Result<DoneChunk> ReadDoneChunk(const SqliteStatement& s) {
  DoneChunk done;
  Chunk& chunk = done.chunk;
  chunk.id = s.ColumnInt64(4);
  ParseChunkBy(s.ColumnText(3), &chunk.by);
  if (s.ColumnType(5) != SQLITE_NULL) chunk.lower = s.ColumnInt64(5);
  if (s.ColumnType(6) != SQLITE_NULL) chunk.upper = s.ColumnInt64(6);
  if (s.ColumnType(7) != SQLITE_NULL) {
    FERRY_ASSIGN_OR_RETURN(chunk.lower_key, DecodeKeyBound(s.ColumnText(7)));
  }
  if (s.ColumnType(8) != SQLITE_NULL) {
    FERRY_ASSIGN_OR_RETURN(chunk.upper_key, DecodeKeyBound(s.ColumnText(8)));
  }
  done.rows = s.ColumnInt64(10);
  done.content_hash = s.ColumnText(11);
  return done;  // committed_xid stays -1: SQLite keeps no row versions
}

}  // namespace

Status SqliteRunStore::RegisterWorker(const std::string& run_id, const std::string& process,
                                      const std::string& start) {
  return With(true, false, [&](SqliteDatabase& db) {
    return SqliteRun(db,
                     "INSERT INTO _ferry_workers (run_id, worker, process_start, started_at, "
                     "heartbeat_at) VALUES (?1, ?2, ?3, " +
                         Now() + ", " + Now() +
                         ") ON CONFLICT (run_id, worker) DO UPDATE SET process_start = "
                         "excluded.process_start, started_at = excluded.started_at, "
                         "heartbeat_at = excluded.heartbeat_at, exited_at = NULL",
                     {run_id, process, start})
        .status();
  });
}

Status SqliteRunStore::WorkerExited(const std::string& run_id, const std::string& process) {
  return With(true, false, [&](SqliteDatabase& db) {
    return SqliteRun(db,
                     "UPDATE _ferry_workers SET exited_at = " + Now() +
                         " WHERE run_id = ?1 AND worker = ?2",
                     {run_id, process})
        .status();
  });
}

Result<std::vector<WorkerRecord>> SqliteRunStore::ListWorkers(const std::string& run_id,
                                                              std::chrono::seconds claim_timeout) {
  std::vector<WorkerRecord> workers;
  FERRY_RETURN_IF_ERROR(ReadIfPresent([&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(SqliteStatement s, SqliteQuery(db, WorkersSql(), {run_id}));
    while (true) {
      FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      workers.push_back(ReadWorker(s, claim_timeout));
    }
    return Status::OK();
  }));
  return workers;
}

Result<int64_t> SqliteRunStore::TakeOverChunks(const std::string& run_id,
                                               const std::string& process,
                                               const std::string& reason) {
  int64_t taken = 0;
  FERRY_RETURN_IF_ERROR(With(true, false, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(
        taken, SqliteRun(db,
                         "UPDATE _ferry_chunks SET state = 'pending', worker = NULL, last_error = "
                         "?3 WHERE run_id = ?1 AND state = 'running' AND substr(worker, 1, "
                         "length(?2) + 1) = ?2 || '/'",
                         {run_id, process, RedactSecrets(reason)}));
    return Status::OK();
  }));
  return taken;
}

Result<RunProgress> SqliteRunStore::LoadProgress(const std::string& run_id,
                                                 std::chrono::seconds claim_timeout) {
  FERRY_ASSIGN_OR_RETURN(std::optional<RunRecord> run, FindRun(run_id));
  if (!run) return Status::NotFound("no run " + run_id + " in the target's _ferry_runs");
  RunProgress progress;
  progress.run = std::move(*run);
  FERRY_RETURN_IF_ERROR(With(false, false, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(
        SqliteStatement s,
        SqliteQuery(db, ProgressSql(), {run_id, static_cast<double>(claim_timeout.count())}));
    while (true) {
      FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      progress.tables.push_back(ReadTable(s));
    }
    return Status::OK();
  }));
  FERRY_ASSIGN_OR_RETURN(progress.workers, ListWorkers(run_id, claim_timeout));
  return progress;
}

Result<std::vector<RunRecord>> SqliteRunStore::FindDoneRuns(const std::string& source,
                                                            const std::string& target) {
  std::vector<RunRecord> runs;
  FERRY_RETURN_IF_ERROR(ReadIfPresent([&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(runs, QueryRuns(db,
                                           "WHERE source = ?1 AND target = ?2 AND state = 'done' "
                                           "ORDER BY finished_at DESC, run_id",
                                           {source, target}));
    return Status::OK();
  }));
  return runs;
}

Result<std::vector<DoneTable>> SqliteRunStore::LoadDoneTables(const std::string& run_id) {
  std::vector<DoneTable> tables;
  FERRY_RETURN_IF_ERROR(With(false, false, [&](SqliteDatabase& db) -> Status {
    FERRY_ASSIGN_OR_RETURN(SqliteStatement s, SqliteQuery(db, kDoneChunks, {run_id}));
    while (true) {
      FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      int table_no = static_cast<int>(s.ColumnInt64(0));
      if (tables.empty() || tables.back().table_no != table_no) {
        tables.push_back(
            {table_no, std::string(s.ColumnText(1)), std::string(s.ColumnText(2)), 0, {}});
      }
      if (s.ColumnType(4) == SQLITE_NULL) continue;  // a table without chunks
      ++tables.back().chunks_total;
      if (s.ColumnInt64(9) != 1) continue;
      FERRY_ASSIGN_OR_RETURN(DoneChunk chunk, ReadDoneChunk(s));
      tables.back().chunks.push_back(std::move(chunk));
    }
    return Status::OK();
  }));
  return tables;
}

Result<UnchangedCheck> SqliteRunStore::CheckUnchanged(const DoneTable& /*table*/) {
  UnchangedCheck check;
  check.known = false;
  check.reason =
      "SQLite keeps no row versions to tell whether the table changed since, so its rows are read";
  return check;
}

}  // namespace ferry
