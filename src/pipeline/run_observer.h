// RunObserver: what a copy reports as it goes (ninja's Status interface).
//
// The pipeline calls it and never prints progress or reports itself; the
// implementations live in src/report/ (the terminal progress line, the
// summary table, the JSON report) and the CLI picks them. A run given no
// observer reports nothing.
//
// Calls come in this order: RunAlreadyDone alone (a chunked run found done),
// or CopyStarted, then TableStarted / ChunkDone / TableFinished as the data
// moves, CopyEnded, and RunFinished once at the end (also after a failure
// before any data moved, without CopyStarted). Between CopyStarted and
// CopyEnded the run's threads update `stats`, which an observer may read
// from a thread of its own (run_stats.h); the RunStats outlive the run.
//
// Thread-safety: TableStarted, ChunkDone and TableFinished may be called from
// several of the run's threads at once; the others from one thread.
#ifndef FERRY_PIPELINE_RUN_OBSERVER_H_
#define FERRY_PIPELINE_RUN_OBSERVER_H_

#include <string>
#include <vector>

#include "ferry/run_store.h"
#include "ferry/source.h"
#include "ferry/status.h"
#include "mapping/plan.h"
#include "pipeline/run_stats.h"

namespace ferry {

// How a run ended, for the summary and the reports.
struct RunOutcome {
  const RunStats& stats;
  const Plan& plan;      // empty when the run failed before planning
  const Status& status;  // what the run returns
  // Chunked runs: the run as its catalog has it now; nullptr for a copy that
  // is not chunked, or when it could not be read.
  const RunProgress* run = nullptr;
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;

  // A chunked run with these options finished earlier (at `finished_at`):
  // nothing is copied and no other call follows.
  virtual void RunAlreadyDone(const std::string& run_id, const std::string& finished_at) {}
  // The data starts moving; `stats` holds one TableStats per plan table.
  virtual void CopyStarted(const RunStats& stats) {}
  // This process began copying rows of `table` (once per table).
  virtual void TableStarted(const TableStats& table) {}
  // A chunk of `table` committed with its done-record (the rows it wrote are
  // counted in `table`).
  virtual void ChunkDone(const TableStats& table, const Chunk& chunk) {}
  // `table` has its final state in this process (done, failed or cancelled).
  virtual void TableFinished(const TableStats& table) {}
  // No more data moves; the run's threads no longer touch the stats.
  virtual void CopyEnded() {}
  // The run is over. An error (a report that cannot be written) becomes the
  // run's own when the run otherwise succeeded.
  virtual Status RunFinished(const RunOutcome& outcome) { return Status::OK(); }
};

// An observer that reports nothing: what a run without one uses.
RunObserver& SilentObserver();

// Passes every call on to each of `observers` (not owned), in order;
// RunFinished calls them all and returns the first error.
class RunObservers : public RunObserver {
 public:
  explicit RunObservers(std::vector<RunObserver*> observers) : observers_(std::move(observers)) {}

  void RunAlreadyDone(const std::string& run_id, const std::string& finished_at) override;
  void CopyStarted(const RunStats& stats) override;
  void TableStarted(const TableStats& table) override;
  void ChunkDone(const TableStats& table, const Chunk& chunk) override;
  void TableFinished(const TableStats& table) override;
  void CopyEnded() override;
  Status RunFinished(const RunOutcome& outcome) override;

 private:
  const std::vector<RunObserver*> observers_;
};

}  // namespace ferry

#endif  // FERRY_PIPELINE_RUN_OBSERVER_H_
