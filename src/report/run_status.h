// How `ferry status` shows a run: a text table per table (chunks done/total,
// rows, rate, live workers, errors) or one JSON object. Each worker process
// shows as live, stale, dead or exited (WorkerRecord::state).
#ifndef FERRY_REPORT_RUN_STATUS_H_
#define FERRY_REPORT_RUN_STATUS_H_

#include <string>

#include "ferry/run_store.h"

namespace ferry {

//   run 3fa2c1d0e4b5a6f7: loading, started 2026-11-22 04:50:01+00
//   source  sqlite:/data/app.db (one snapshot of the whole database: ...)
//   target  postgres://me@db/app schema public
//   workers host-a:4242 (live), host-b:977 (stale: no heartbeat for 95 s),
//           host-a:17 (dead: no process 17 on this host), 2 exited
//
//   table     chunked by    chunks      rows   rows/s  workers  errors
//   album     integer key     3/10    30,000   12,000        2       0
//   total                     3/10    30,000
//
//   last error of album: lost the connection to ...
std::string FormatRunStatus(const RunProgress& progress);

// {"run_id":…,"state":…,"source":…,"target":…,"created_at":…,"finished_at":…,
//  "workers":[live ones, by name],"worker_states":[{"process":…,"state":…,
//  "why":…,"heartbeat_age_seconds":…,"chunks_held":…}],"chunks_done":…,"chunks_total":…,"rows_done":…,
//  "tables":[{"source":…,"target":…,"chunk_by":…,"chunks_done":…,"chunks_total":…,
//             "chunks_running":…,"rows_done":…,"rows_per_second":…,"workers":…,
//             "errors":…,"last_error":…}]}
std::string RunStatusJson(const RunProgress& progress);

}  // namespace ferry

#endif  // FERRY_REPORT_RUN_STATUS_H_
