// PgRunStore's worker processes: who takes part in a run, what each holds,
// and taking over the claims of one known dead.
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_run_store.h"

namespace ferry {
namespace {

using Params = std::vector<std::optional<std::string>>;

// A worker thread's id is "<process>/w<n>#<attempt>", so the claims of a
// process are the running chunks whose worker starts with "<process>/"
// (compared as text, not LIKE: host names may hold '_').
//
// `v4`: the schema records process_start and exited_at (an older one, read
// by `ferry status` without upgrading it, does not).
std::string WorkersSql(bool v4) {
  std::string start = v4 ? "w.process_start" : "''::text";
  std::string exited = v4 ? "w.exited_at" : "NULL::timestamptz";
  return "SELECT w.worker, " + start +
         ", extract(epoch FROM clock_timestamp() - w.heartbeat_at)::float8, " + exited +
         " IS NOT NULL, count(c.chunk_no), coalesce(extract(epoch FROM clock_timestamp() - "
         "min(c.heartbeat_at))::float8, 0) FROM _ferry.workers w LEFT JOIN _ferry.chunks c "
         "ON c.run_id = w.run_id AND c.state = 'running' AND left(c.worker, length(w.worker) + "
         "1) = w.worker || '/' WHERE w.run_id = $1 GROUP BY w.worker, w.heartbeat_at" +
         (v4 ? ", w.process_start, w.exited_at" : "") + " ORDER BY w.worker";
}

Result<bool> HasWorkerStarts(PgConnection& conn) {
  FERRY_ASSIGN_OR_RETURN(PgResult r,
                         conn.Exec("SELECT count(*) FROM information_schema.columns WHERE "
                                   "table_schema = '_ferry' AND table_name = 'workers' AND "
                                   "column_name = 'process_start'"));
  return r.Get(0, 0) != "0";
}

WorkerRecord ReadWorker(const PgResult& r, int row, std::chrono::seconds claim_timeout) {
  WorkerRecord w;
  w.process = r.Get(row, 0);
  w.process_start = r.Get(row, 1);
  w.heartbeat_age_seconds = std::stod(std::string(r.Get(row, 2)));
  w.exited = r.Get(row, 3) == "t";
  w.chunks_held = std::stoll(std::string(r.Get(row, 4)));
  w.oldest_claim_age_seconds = std::stod(std::string(r.Get(row, 5)));
  SetWorkerState(claim_timeout, &w);
  return w;
}

}  // namespace

Status PgRunStore::RegisterWorker(const std::string& run_id, const std::string& process,
                                  const std::string& start) {
  return WithConnection([&](PgConnection& conn) {
    Params params = {run_id, process, start};
    return conn
        .ExecParams(
            "INSERT INTO _ferry.workers (run_id, worker, process_start) VALUES ($1, $2, $3) "
            "ON CONFLICT (run_id, worker) DO UPDATE SET process_start = excluded.process_start, "
            "started_at = now(), heartbeat_at = now(), exited_at = NULL",
            params)
        .status();
  });
}

Status PgRunStore::WorkerExited(const std::string& run_id, const std::string& process) {
  return WithConnection([&](PgConnection& conn) {
    Params params = {run_id, process};
    return conn
        .ExecParams("UPDATE _ferry.workers SET exited_at = now() WHERE run_id = $1 AND worker = $2",
                    params)
        .status();
  });
}

Result<std::vector<WorkerRecord>> PgRunStore::ListWorkers(const std::string& run_id,
                                                          std::chrono::seconds claim_timeout) {
  std::vector<WorkerRecord> workers;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(bool v4, HasWorkerStarts(conn));
    FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(WorkersSql(v4), Params{run_id}));
    workers.clear();
    for (int row = 0; row < r.rows(); ++row) workers.push_back(ReadWorker(r, row, claim_timeout));
    return Status::OK();
  }));
  return workers;
}

Result<int64_t> PgRunStore::TakeOverChunks(const std::string& run_id, const std::string& process,
                                           const std::string& reason) {
  int64_t taken = 0;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    Params params = {run_id, process, RedactSecrets(reason)};
    FERRY_ASSIGN_OR_RETURN(
        PgResult r, conn.ExecParams("UPDATE _ferry.chunks SET state = 'pending', worker = NULL, "
                                    "last_error = $3 WHERE run_id = $1 AND state = 'running' AND "
                                    "left(worker, length($2) + 1) = $2 || '/' RETURNING 1",
                                    params));
    taken = r.rows();
    return Status::OK();
  }));
  return taken;
}

}  // namespace ferry
