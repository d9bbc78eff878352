// The snapshot of a PostgreSQL source for a chunked run (pg_engine.h
// dispatches here).
//
// The run's first process opens a PgSource that exports a REPEATABLE READ
// snapshot (pg_export_snapshot) and keeps it open until the process ends;
// its workers, and processes that --join the run while it lives, import it
// by the id the run records. A process that resumes the run after the first
// one is gone (a crash, a reboot), or joins it later, cannot import it: it
// reads the source as it is then, with a snapshot of its own shared by its
// workers. Each chunk still lands exactly once, but rows written to the source
// in between may be missing from chunks done before, or, in tables without a
// key (chunked by ctid), be copied twice when an UPDATE moved them.
//
// Changes since the plan are noticed by the per-table counters of
// pg_stat_user_tables (n_tup_ins + n_tup_upd + n_tup_del). Cheap, but only a
// hint: counters are sent by each backend when its transactions end (up to a
// second late), count rolled-back writes too, start over after
// pg_stat_reset() or a crash, and on a standby count nothing replayed.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SNAPSHOT_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SNAPSHOT_H_

#include <memory>
#include <string>

#include "ferry/endpoint.h"
#include "ferry/engine.h"
#include "ferry/source.h"

namespace ferry {

// Exports the snapshot: location is its id, state the write counters, and
// the source is the PgSource that exported it (the snapshot lives as long as
// it does). A server that cannot export one (CockroachDB) gives an empty
// location and a note saying each process reads its own.
Result<TakenSnapshot> TakePgSnapshot(const Endpoint& source);

// A PgSource in the run's snapshot, or, when it is gone, in a new one (with a
// warning saying what that means).
Result<std::unique_ptr<Source>> OpenPgSnapshotSource(const Endpoint& source,
                                                     const SourceSnapshot& snapshot);

// "" when no table's write counters moved since `snapshot.state`; else which did.
Result<std::string> DescribePgSourceChange(const Endpoint& source, const SourceSnapshot& snapshot);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SNAPSHOT_H_
