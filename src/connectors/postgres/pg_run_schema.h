// The `_ferry` schema in a PostgreSQL-family target: where chunked copies keep
// their plan and progress (see ferry/run_store.h).
//
//   _ferry.schema_version  one row: the layout version below
//   _ferry.runs            one row per run: id, source, target, options (jsonb),
//                          snapshot, source state, state, timings, and the
//                          mapping a resumed run plans from (version 3)
//   _ferry.tables          the run's tables in plan order, how they are chunked
//   _ferry.chunks          bounds, state (pending/running/done), rows, content
//                          hash, attempts, worker, heartbeat, timings, last error,
//                          and the id of the transaction that committed it (v2)
//   _ferry.workers         processes taking part in a run, with their heartbeat,
//                          when and where each started and whether it exited (v4)
//   _ferry.finish_chunk()  marks a claimed chunk done, or raises when the caller
//                          no longer holds the claim (run inside the chunk's
//                          data transaction)
//
// EnsurePgRunSchema creates what is missing and upgrades older layouts, under
// a transaction-scoped advisory lock, so concurrent workers can all call it.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_RUN_SCHEMA_H_
#define FERRY_CONNECTORS_POSTGRES_PG_RUN_SCHEMA_H_

#include <string_view>

#include "connectors/postgres/pg_connection.h"
#include "ferry/target.h"

namespace ferry {

inline constexpr int kPgRunSchemaVersion = 4;
// The schema ferry keeps its state in. Never a target of tables: copying into
// it (or dropping tables there with --mode replace) would destroy the runs.
inline constexpr std::string_view kPgStateSchema = "_ferry";
// Raised by _ferry.finish_chunk when the claim was lost; found in error messages.
inline constexpr std::string_view kClaimLostMarker = "ferry: chunk claim lost";

// InvalidArgument when `schema` is ferry's state schema, saying why and what
// to use instead; `option` names where the schema came from ("--schema").
Status RefuseStateSchema(std::string_view schema, std::string_view option = "--schema");

// Creates or upgrades `_ferry` on `conn`. Idempotent.
Status EnsurePgRunSchema(PgConnection& conn);

// The statement that marks `done`'s chunk done in the transaction it runs in
// (raising kClaimLostMarker when done.worker no longer holds the claim).
std::string FinishChunkSql(const ChunkDone& done);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_RUN_SCHEMA_H_
