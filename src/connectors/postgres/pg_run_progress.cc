// PgRunStore::LoadProgress: per-table progress of a run from `_ferry`.
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_run_store.h"

namespace ferry {
namespace {

// One row per table: counts over its chunks. A worker is live while its
// heartbeat is younger than the claim timeout; "#n" ends the per-claim part of
// a worker id, so distinct prefixes are distinct worker threads.
constexpr std::string_view kTableProgress = R"sql(
SELECT t.table_no, t.source_name, t.target_name, t.chunk_by, t.estimated_rows,
       count(c.chunk_no),
       count(*) FILTER (WHERE c.state = 'done'),
       count(*) FILTER (WHERE c.state = 'running'),
       coalesce(sum(c.rows) FILTER (WHERE c.state = 'done'), 0),
       coalesce(extract(epoch FROM max(c.finished_at) FILTER (WHERE c.state = 'done')
                                 - min(c.started_at) FILTER (WHERE c.state = 'done')), 0),
       count(DISTINCT split_part(c.worker, '#', 1)) FILTER (WHERE c.state = 'running'
             AND c.heartbeat_at > clock_timestamp() - make_interval(secs => $2::int)),
       coalesce(sum(c.errors), 0),
       coalesce((array_agg(c.last_error ORDER BY c.chunk_no DESC)
                 FILTER (WHERE c.last_error IS NOT NULL))[1], '')
  FROM _ferry.tables t LEFT JOIN _ferry.chunks c USING (run_id, table_no)
 WHERE t.run_id = $1
 GROUP BY t.table_no, t.source_name, t.target_name, t.chunk_by, t.estimated_rows
 ORDER BY t.table_no
)sql";

int64_t Int(const PgResult& r, int row, int column) {
  return std::stoll(std::string(r.Get(row, column)));
}

TableProgress ReadTable(const PgResult& r, int row) {
  TableProgress t;
  t.table_no = static_cast<int>(Int(r, row, 0));
  t.source_name = r.Get(row, 1);
  t.target_name = r.Get(row, 2);
  t.chunk_by = r.Get(row, 3);
  t.estimated_rows = Int(r, row, 4);
  t.chunks_total = Int(r, row, 5);
  t.chunks_done = Int(r, row, 6);
  t.chunks_running = Int(r, row, 7);
  t.rows_done = Int(r, row, 8);
  double seconds = std::stod(std::string(r.Get(row, 9)));
  t.rows_per_second = seconds > 0 ? static_cast<double>(t.rows_done) / seconds : 0;
  t.workers = Int(r, row, 10);
  t.errors = Int(r, row, 11);
  t.last_error = r.Get(row, 12);
  return t;
}

}  // namespace

Result<RunProgress> PgRunStore::LoadProgress(const std::string& run_id,
                                             std::chrono::seconds claim_timeout) {
  FERRY_ASSIGN_OR_RETURN(std::optional<RunRecord> run, FindRun(run_id));
  if (!run) return Status::NotFound("no run " + run_id + " in the target's _ferry schema");
  RunProgress progress;
  progress.run = std::move(*run);
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    std::vector<std::optional<std::string>> params = {run_id,
                                                      std::to_string(claim_timeout.count())};
    FERRY_ASSIGN_OR_RETURN(PgResult tables, conn.ExecParams(kTableProgress, params));
    progress.tables.clear();
    for (int row = 0; row < tables.rows(); ++row) progress.tables.push_back(ReadTable(tables, row));
    return Status::OK();
  }));
  FERRY_ASSIGN_OR_RETURN(progress.workers, ListWorkers(run_id, claim_timeout));
  return progress;
}

}  // namespace ferry
