// What a copy is made of (a source, a target, the plan and the conversions),
// and RunCopy: the copy of a Source the caller opened, as a run of the one
// copy engine (chunked_copy.h) kept in the target's run store.
#ifndef FERRY_PIPELINE_COPY_RUNNER_H_
#define FERRY_PIPELINE_COPY_RUNNER_H_

#include <functional>
#include <stop_token>

#include "ferry/run_store.h"
#include "ferry/source.h"
#include "ferry/target.h"
#include "mapping/plan.h"
#include "pipeline/copy_options.h"
#include "pipeline/run_observer.h"
#include "pipeline/run_stats.h"
#include "pipeline/table_job.h"

namespace ferry {

using Planner = std::function<Result<Plan>(const DatabaseSchema&)>;

struct CopyRun {
  Source* source = nullptr;   // not owned
  Target* target = nullptr;   // not owned
  RunStore* store = nullptr;  // not owned; the target's (RunCopy only)
  int64_t chunk_rows = 0;     // RunCopy: rows per chunk; 0: each table one chunk
  Planner make_plan;
  TransformFactory make_transform;
  CopyOptions options;
  RunObserver* observer = nullptr;  // not owned; progress, summary, reports (null: none)
};

// Step 5 alone: after the data, secondary indexes and foreign keys (for
// tables this run created: --mode create or replace) and identity sequences;
// foreign keys to tables not in `plan` are left out with a warning. Under
// --on-error skip, a foreign key the rows break is left out too, logged and
// set in *not_created (when given); otherwise it fails, naming the rows.
Status FinishCopiedTables(const Plan& plan, Target& target, const CopyOptions& options,
                          std::vector<SkippedObject>* not_created);

// Copies `run.source` into `run.target` as a run of its own (a given Source
// has no identity to resume by: each call is a new run), with whole-table
// chunks unless `run.chunk_rows` says otherwise; `stop` cancels it. Fills
// *stats as it goes. OK only when every row of every table was written or,
// with --on-error skip, rejected and recorded. REQUIRES: run.store.
Status RunCopy(const CopyRun& run, std::stop_token stop, RunStats* stats);

}  // namespace ferry

#endif  // FERRY_PIPELINE_COPY_RUNNER_H_
