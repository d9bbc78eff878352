// The copy, as numbered steps (and the log numbers them too):
//
//   1. describe source   the Source lists its tables, columns and keys
//   2. plan              the mapping decides target tables and conversions
//   3. prepare target    checks the target tables against --mode
//   4. copy data         --jobs table jobs at once (table_job.h)
//   5. finish tables     indexes in parallel, foreign keys, sequences
//   6. summary           the run's observer gets the outcome (the summary
//                        table, and the JSON report when asked)
//
// On failure the run stops every job; each job rolls its transaction back, so
// no table is left half-written. Tables this run created (--mode create) and
// already filled are dropped again, so the target is as it was and the same
// command can simply be run again; with --mode replace, tables already
// replaced stay replaced and the error lists them.
#ifndef FERRY_PIPELINE_COPY_RUNNER_H_
#define FERRY_PIPELINE_COPY_RUNNER_H_

#include <functional>
#include <stop_token>

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
  Source* source = nullptr;  // not owned
  Target* target = nullptr;  // not owned
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

// Runs the copy; `stop` cancels it (Ctrl-C). Fills *stats as it goes.
// Returns OK only when every row of every table was written or, with
// --on-error skip, rejected and recorded.
Status RunCopy(const CopyRun& run, std::stop_token stop, RunStats* stats);

}  // namespace ferry

#endif  // FERRY_PIPELINE_COPY_RUNNER_H_
