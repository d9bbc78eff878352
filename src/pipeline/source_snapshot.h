// A consistent view of a copy's source for a whole run, shared by every
// worker of the run, in this process or another, before and after a crash.
//
// SQLite: a snapshot file taken in one read transaction (why that and not a
// read transaction, a WAL snapshot handle or VACUUM INTO: sqlite_snapshot.h),
// by default beside the source (in the temporary directory when the source's
// folder is not writable) as ".<name>.ferry-<run id>-<pid>.snapshot": named
// by the process that took it, so two processes starting one run at once
// never write or delete each other's file; the run records the one it uses.
// PostgreSQL: an exported snapshot, held open by the Source that took it
// (pg_snapshot.h). Document sources (document_snapshot.h): files are read in
// place (empty location) with their sizes and times as the state; live
// MongoDB gives no snapshot, and its note says so. Other sources get an empty
// location and a note saying they give none.
#ifndef FERRY_PIPELINE_SOURCE_SNAPSHOT_H_
#define FERRY_PIPELINE_SOURCE_SNAPSHOT_H_

#include <filesystem>
#include <memory>
#include <string>

#include "ferry/endpoint.h"
#include "ferry/source.h"

namespace ferry {

struct SourceSnapshot {
  std::string location;  // what workers read (SQLite: the snapshot file's path;
                         // PostgreSQL: the exported snapshot's id); "": the source
  std::string state;     // the source's state when the snapshot was taken
  std::string note;      // how consistent the reads are, for the plan and status
};

// How runs name `source`: "sqlite:/absolute/path" (also mongodump:, ndjson:)
// for files, the redacted URL otherwise (a PostgreSQL source in schema public,
// the default, as if no schema were given). Part of the run id.
std::string SourceIdentity(const Endpoint& source);

// A new run's snapshot and the Source that reads it.
struct TakenSnapshot {
  SourceSnapshot snapshot;
  // SQLite: reads while the snapshot file is still being written, from the
  // source itself, which holds the same data until the file is complete
  // (sqlite_snapshot_source.h). Destroying it waits for the file: destroy it
  // before RemoveSourceSnapshot. PostgreSQL: the PgSource that exported the
  // snapshot; the snapshot lives as long as it does.
  std::unique_ptr<Source> source;
};

// Takes the snapshot of `source` for run `run_id`, in `dir` (empty: the
// source file's folder).
Result<TakenSnapshot> TakeSourceSnapshot(const Endpoint& source, const std::string& run_id,
                                         const std::filesystem::path& dir);

// The Source that reads `snapshot` (of a run being resumed or joined). When
// the snapshot file is gone (a crash before it was complete, or a cleanup)
// but the source is unchanged since, the snapshot is taken again; when the
// source changed too, NotFound says what to do.
Result<std::unique_ptr<Source>> OpenSnapshotSource(const Endpoint& source,
                                                   const SourceSnapshot& snapshot);

// "" when `source` is as it was when `snapshot` was taken; otherwise a
// sentence saying what changed.
Result<std::string> DescribeSourceChange(const Endpoint& source, const SourceSnapshot& snapshot);

// Deletes the snapshot of `source` (after the run is done): the SQLite file;
// nothing for PostgreSQL, whose snapshot ends with the Source that took it.
// Failures are only logged.
void RemoveSourceSnapshot(const Endpoint& source, const SourceSnapshot& snapshot);

}  // namespace ferry

#endif  // FERRY_PIPELINE_SOURCE_SNAPSHOT_H_
