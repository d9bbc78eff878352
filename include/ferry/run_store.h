// RunStore: a target's run catalog and its run tables together, for the two
// steps that must change both at once: recording a run while its tables are
// readied, and abandoning a run while the tables it created are dropped.
//
// A SQL target keeps both in its own database and does each step in one
// transaction (PgRunStore, SqliteRunStore). A target whose catalog lives
// apart from its data (a file or key-value target keeping its catalog in a
// side file) cannot: it must ready idempotently before recording, and drop
// only what its record names after marking the run abandoned.
//
// The pipeline holds a RunStore only where it creates or abandons a run
// (pipeline/chunked_copy.h); workers see the RunCatalog, verify the catalog
// and the RunTables.
//
// Thread-safety: every method may be called from several threads.
#ifndef FERRY_RUN_STORE_H_
#define FERRY_RUN_STORE_H_

#include <string>
#include <vector>

#include "ferry/native_schema.h"
#include "ferry/run_catalog.h"
#include "ferry/run_tables.h"
#include "ferry/status.h"
#include "ferry/target.h"

namespace ferry {

// What --restart did to an unfinished run.
struct AbandonedRun {
  bool abandoned = false;            // false: the run was no longer unfinished, or had chunks done
  std::vector<std::string> dropped;  // target tables it had created, now dropped
  std::vector<std::string> kept;     // its tables left alone, each with the reason
};

// What CreateRun readies besides recording the run.
struct RunSetup {
  // Implicit: a plain mode is the common setup.
  RunSetup(WriteMode m) : mode(m) {}  // NOLINT(google-explicit-constructor)

  WriteMode mode;
  // The source's own schema: its pre-data is restored first, in the same
  // transaction, and creates the tables marked RunTable::native_schema (not
  // readied by ferry's DDL). An entry that cannot be restored is listed in
  // `not_restored` (kind, name, the server's error) and the rest goes on;
  // but a table of the run that cannot be created fails CreateRun.
  const NativeSchema* native = nullptr;
  std::vector<SkippedObject>* not_restored = nullptr;
};

class RunStore : public RunCatalog, public RunTables {
 public:
  // Records `run` (state "loading") with its tables and chunks, and readies the
  // target tables for `setup.mode` (create without keys, drop and create, truncate;
  // nothing for append and upsert), all in one transaction. A table planned as
  // one whole-table chunk (ReadiedByItsChunk) is left alone: its chunk's writer
  // readies it in the chunk's own transaction (OpenWriter in the run's mode),
  // so a failed or killed copy of it leaves the table as it was. AlreadyExists when a run with
  // this id exists (then nothing changed: resume it instead).
  virtual Status CreateRun(const RunRecord& run, const std::vector<RunTable>& tables,
                           const RunSetup& setup) = 0;
  // Marks `run_id` abandoned (ferry copy --restart, or a new run that failed
  // before any chunk was done), so a new run may start, and drops the target
  // tables the run created itself (--mode create or replace), in one
  // transaction. A table is dropped only while it is still the very table the
  // run created (a table renamed, replaced or made by anyone else is kept and
  // listed in `kept`), and never with CASCADE: the user's own objects stay.
  // With `only_if_nothing_done`, nothing happens when a chunk of the run is
  // done. A run that is done is never abandoned.
  virtual Result<AbandonedRun> AbandonRun(const std::string& run_id, bool only_if_nothing_done) = 0;
};

}  // namespace ferry

#endif  // FERRY_RUN_STORE_H_
