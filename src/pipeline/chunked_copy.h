// The chunked, resumable copy (the default of `ferry copy`), as numbered steps
// (the log numbers them too):
//
//   1. identify run      run id from source, target and options; look it up in
//                        the target's _ferry schema: done → nothing to do;
//                        unfinished → resume it; another unfinished run of the
//                        same source and target → refuse, showing the difference
//   2. snapshot source   new run: one consistent snapshot for every worker;
//                        resumed run: its snapshot, and whether the source changed
//   3. plan              describe the snapshot, map the tables, split them into
//                        chunks (new run only; a resumed run has its chunks,
//                        and plans from what the run recorded: RunPlanner)
//   4. record run        new run: check the target tables against --mode, then
//                        record run, tables and chunks and ready the tables in
//                        one transaction
//   5. copy chunks       --jobs workers claim chunks and commit each with its
//                        record (chunk_workers.h); other processes may join
//   6. finish tables     the process that sees the last chunk done: indexes,
//                        foreign keys, sequences; the run is marked done
//   7. summary           the run's observer gets this process's outcome
//                        (summary table, JSON report)
//
// A crash or failure at any point leaves every committed chunk in place, and
// the same command (or --resume) continues; rows land exactly once.
#ifndef FERRY_PIPELINE_CHUNKED_COPY_H_
#define FERRY_PIPELINE_CHUNKED_COPY_H_

#include <chrono>
#include <filesystem>
#include <stop_token>
#include <string>

#include "ferry/endpoint.h"
#include "ferry/run_store.h"
#include "ferry/target.h"
#include "pipeline/copy_runner.h"
#include "pipeline/run_observer.h"

namespace ferry {

// Rows per chunk unless --chunk-rows says otherwise. Measured with
// bench/chunking_overhead and bench/sqlite_to_pg (figures in bench/README.md):
// each chunk costs a claim, a transaction and a few catalog lookups (its
// writer reuses an idle connection), a few milliseconds, a small part of a
// 100,000-row chunk's copy time, while a resume loses at most a second or so
// of work per worker. What remains of chunking's cost is hashing every row for
// the chunk records, and COPY without FREEZE.
inline constexpr int64_t kDefaultChunkRows = 100000;

// The rows per chunk for `table`: chunk_rows, or fewer when its rows are so
// wide (by the schema's estimate of the table's size) that chunk_rows of them
// would pass kChunkBytes (source.h; never below 100).
int64_t ChunkRowsFor(const TableSchema& table, int64_t chunk_rows);

struct ChunkedCopyOptions {
  int64_t chunk_rows = kDefaultChunkRows;  // 0: each table is one chunk
  bool resume = false;      // --resume: fail when there is no run to continue
  bool restart = false;     // --restart: abandon unfinished runs of this source and target
  std::string join_run_id;  // --join: work on this run only, never create one
  std::filesystem::path snapshot_dir;  // empty: beside the source file
  std::chrono::seconds claim_timeout{30};
  int max_retries = 10;
};

// How a run plans its tables when the source's schema is not enough:
// document sources plan from a sample, and a live collection may change
// between attempts, so the run records what it planned from and resumed or
// joined runs plan from that record (document_copy.h). Called from one thread.
class RunPlanner {
 public:
  virtual ~RunPlanner() = default;
  // A new run's plan of `source`; sets *record to what PlanRecorded needs.
  virtual Result<Plan> PlanNew(Source& source, std::string* record) = 0;
  // The plan PlanNew gave when it wrote `record`, whatever the source holds now.
  virtual Result<Plan> PlanRecorded(Source& source, const std::string& record) = 0;
};

struct ChunkedCopyRun {
  Endpoint from;
  std::string target_identity;    // redacted target URL and schema
  Target* target = nullptr;       // not owned
  RunStore* store = nullptr;      // not owned; the target's _ferry state
  Planner make_plan;              // plans from the source's schema, unless `planner` is set
  RunPlanner* planner = nullptr;  // not owned; document sources (document_copy.h)
  TransformFactory make_transform;
  CopyOptions options;
  RunOptions run_options;  // the options that change the result, by flag
  ChunkedCopyOptions chunking;
  RunObserver* observer = nullptr;  // not owned; progress, summary, reports (null: none)
};

// Runs (or resumes, or joins) the run. OK when the run is done, or when this
// process's share is done and another process finishes it.
Status RunChunkedCopy(const ChunkedCopyRun& run, std::stop_token stop, RunStats* stats);

}  // namespace ferry

#endif  // FERRY_PIPELINE_CHUNKED_COPY_H_
