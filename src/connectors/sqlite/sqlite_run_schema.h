// The `_ferry_*` tables in a SQLite target: where chunked copies keep their
// plan and progress (see ferry/run_store.h). The same layout as PostgreSQL's
// `_ferry` schema (pg_run_schema.h), with times as unix seconds (REAL):
//
//   _ferry_schema_version  one row: the layout version
//   _ferry_runs            one row per run (created_at/finished_at as text)
//   _ferry_run_options     the run's options, one row each
//   _ferry_tables          the run's tables in plan order, how they are chunked,
//                          and the CREATE TABLE the run ran for it ("" when it
//                          created none), to tell later that the table is its own
//   _ferry_chunks          bounds, state, rows, content hash, attempts, worker,
//                          heartbeat, timings, errors
//   _ferry_workers         processes taking part in a run
//
// EnsureSqliteRunSchema creates what is missing inside one write transaction,
// so concurrent processes can all call it.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_RUN_SCHEMA_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_RUN_SCHEMA_H_

#include <string_view>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {

inline constexpr int kSqliteRunSchemaVersion = 1;
// "now" as unix seconds with a fraction, in SQLite 3.40 (no unixepoch('subsec')).
inline constexpr std::string_view kSqliteNow = "((julianday('now') - 2440587.5) * 86400.0)";

Status EnsureSqliteRunSchema(SqliteDatabase& db);
// Whether `db` holds the _ferry_ tables (nothing is created when not).
Result<bool> HasSqliteRunSchema(SqliteDatabase& db);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_RUN_SCHEMA_H_
