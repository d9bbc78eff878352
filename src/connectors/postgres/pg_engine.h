// The PostgreSQL family's engine (PostgreSQL, CockroachDB, TimescaleDB, Neon:
// one wire protocol): a source read in an exported snapshot (pg_snapshot.h),
// a target written with binary COPY (pg_target.h) that keeps its runs in the
// `_ferry` schema (pg_run_store.h).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_ENGINE_H_
#define FERRY_CONNECTORS_POSTGRES_PG_ENGINE_H_

#include "ferry/engine.h"

namespace ferry {

const Engine& PostgresEngine();

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_ENGINE_H_
