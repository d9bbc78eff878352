#include "pipeline/copy_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "pipeline/connection_retry.h"

namespace ferry {
namespace {

class CopyRunner {
 public:
  CopyRunner(const CopyRun& run, RunStats* stats)
      : run_(run), stats_(*stats), observer_(run.observer ? *run.observer : SilentObserver()) {}
  Status Run(std::stop_token stop);

 private:
  Result<DatabaseSchema> DescribeSource();
  Result<Plan> MakePlan(const DatabaseSchema& schema);
  Status PrepareTarget();
  Status CopyData(std::stop_token stop);
  Status FinishTables(std::stop_token stop);
  Status Summarize(const Status& outcome);

  std::vector<size_t> JobOrder() const;
  void RecordFailure(Status status);
  Status UndoAfterFailure(Status failure);

  const CopyRun& run_;
  RunStats& stats_;
  RunObserver& observer_;
  Plan plan_;
  std::stop_source cancel_;  // fired by the first failure or by the caller
  std::mutex failure_mutex_;
  Status failure_;  // guarded by failure_mutex_
};

Status CopyRunner::Run(std::stop_token stop) {
  std::stop_callback forward(stop, [this] { cancel_.request_stop(); });
  Status outcome = [&]() -> Status {
    FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, DescribeSource());
    FERRY_ASSIGN_OR_RETURN(plan_, MakePlan(schema));
    FERRY_RETURN_IF_ERROR(PrepareTarget());
    Status copied = CopyData(cancel_.get_token());
    if (!copied.ok()) return UndoAfterFailure(copied);
    return FinishTables(cancel_.get_token());
  }();
  Status reported = Summarize(outcome);
  return outcome.ok() ? reported : outcome;
}

Result<DatabaseSchema> CopyRunner::DescribeSource() {
  spdlog::info("1. describe source");
  FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, run_.source->DescribeSchema());
  spdlog::info("   {} table(s), {} object(s) skipped; {}", schema.tables.size(),
               schema.skipped.size(), run_.source->SnapshotNote());
  return schema;
}

Result<Plan> CopyRunner::MakePlan(const DatabaseSchema& schema) {
  spdlog::info("2. plan");
  FERRY_ASSIGN_OR_RETURN(Plan plan, run_.make_plan(schema));
  for (const SkippedObject& s : plan.skipped) {
    spdlog::info("   skipping {} {}: {}", s.kind, s.name, s.reason);
  }
  for (const std::string& w : plan.warnings) spdlog::warn("   {}", w);
  for (const TablePlan& t : plan.tables) {
    for (const std::string& w : t.warnings) spdlog::warn("   {}: {}", t.source.name, w);
  }
  for (const TablePlan& t : plan.tables) {
    stats_.Add(t.source.name, t.target.name, t.source.estimated_rows);
  }
  return plan;
}

Status CopyRunner::PrepareTarget() {
  spdlog::info("3. prepare target: {} table(s) in {}, --mode {}", plan_.tables.size(),
               run_.target->Describe(), WriteModeName(run_.options.mode));
  std::vector<TableSchema> tables;
  for (const TablePlan& t : plan_.tables) tables.push_back(t.target);
  return run_.target->Prepare(tables, run_.options.mode);
}

// Fresh tables take the biggest first, so the longest job starts early; tables
// that exist keep plan order (referenced tables first) for their constraints.
std::vector<size_t> CopyRunner::JobOrder() const {
  std::vector<size_t> order(plan_.tables.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  WriteMode mode = run_.options.mode;
  if (mode == WriteMode::kCreate || mode == WriteMode::kReplace) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return plan_.tables[a].source.estimated_rows > plan_.tables[b].source.estimated_rows;
    });
  }
  return order;
}

Status CopyRunner::CopyData(std::stop_token stop) {
  int jobs = std::max(1, run_.options.jobs);
  spdlog::info("4. copy data: {} job(s)", jobs);
  std::vector<size_t> order = JobOrder();
  JobContext context{run_.source, run_.target, &run_.make_transform, &run_.options};
  std::atomic<size_t> next{0};
  observer_.CopyStarted(stats_);
  auto worker = [&] {
    for (size_t i = next++; i < order.size() && !stop.stop_requested(); i = next++) {
      const TablePlan& plan = plan_.tables[order[i]];
      TableStats& stats = *stats_.tables[order[i]];
      stats.started_ns = SteadyNowNs();
      stats.state = TableState::kRunning;
      observer_.TableStarted(stats);
      Status s = RunTableJob(context, plan, stats, stop);
      stats.finished_ns = SteadyNowNs();
      stats.state = s.ok()                               ? TableState::kDone
                    : s.code() == StatusCode::kCancelled ? TableState::kCancelled
                                                         : TableState::kFailed;
      observer_.TableFinished(stats);
      if (!s.ok()) RecordFailure(std::move(s));
    }
  };
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < std::min<int>(jobs, static_cast<int>(order.size())); ++i) {
      workers.emplace_back(worker);
    }
  }
  observer_.CopyEnded();
  std::lock_guard lock(failure_mutex_);
  if (!failure_.ok()) return failure_;
  if (stop.stop_requested()) return Status::Cancelled("copy stopped before it finished");
  return Status::OK();
}

// The first real failure wins; the Cancelled errors it causes in other jobs do not.
void CopyRunner::RecordFailure(Status status) {
  std::lock_guard lock(failure_mutex_);
  if (status.code() == StatusCode::kCancelled) {
    if (failure_.ok()) failure_ = std::move(status);
    return;
  }
  if (failure_.ok() || failure_.code() == StatusCode::kCancelled) failure_ = std::move(status);
  cancel_.request_stop();
}

Status CopyRunner::UndoAfterFailure(Status failure) {
  std::string done;
  for (size_t i = 0; i < plan_.tables.size(); ++i) {
    if (stats_.tables[i]->state != TableState::kDone) continue;
    const TableSchema& table = plan_.tables[i].target;
    if (run_.options.mode == WriteMode::kCreate) {
      Status dropped = run_.target->DropTable(table);
      if (!dropped.ok()) spdlog::warn("could not drop {} again: {}", table.name, dropped.message());
    }
    done += (done.empty() ? "" : ", ") + table.name;
  }
  if (done.empty()) {
    return failure.WithContext("copy failed; no target table was changed");
  }
  if (run_.options.mode == WriteMode::kCreate) {
    return failure.WithContext("copy failed; the tables it had created (" + done +
                               ") were dropped again, so the target is as before");
  }
  return failure.WithContext("copy failed; these tables were already fully written (" + done +
                             "), every other table is as before");
}

Status CopyRunner::FinishTables(std::stop_token stop) {
  WriteMode mode = run_.options.mode;
  bool fresh = mode == WriteMode::kCreate || mode == WriteMode::kReplace;
  spdlog::info("5. {}", fresh ? "indexes, foreign keys, sequences" : "sequences");
  // Each statement is a no-op when its object exists: a lost connection is retried.
  std::vector<SkippedObject> not_created;
  Status s = RetryOnConnection("5. finish tables", RetryPolicy{}, stop, [&] {
    return FinishCopiedTables(plan_, *run_.target, run_.options, &not_created);
  });
  plan_.skipped.insert(plan_.skipped.end(), not_created.begin(), not_created.end());
  if (s.code() != StatusCode::kDataError) return s;
  return Status(s.code(), s.message() +
                              "\nThe tables are written. Fix that and run the same command with "
                              "--mode replace, or run it with --mode replace --on-error skip to "
                              "leave out what the rows break");
}

Status CopyRunner::Summarize(const Status& outcome) {
  spdlog::info("6. summary");
  return observer_.RunFinished({stats_, plan_, outcome});
}

}  // namespace

Status FinishCopiedTables(const Plan& plan, Target& target, const CopyOptions& options,
                          std::vector<SkippedObject>* not_created) {
  bool fresh = options.mode == WriteMode::kCreate || options.mode == WriteMode::kReplace;
  std::set<std::string> copied;
  for (const TablePlan& t : plan.tables) copied.insert(t.target.name);
  std::vector<TableSchema> tables;
  for (const TablePlan& t : plan.tables) {
    TableSchema table = t.target;
    if (!fresh) {
      table.indexes.clear();  // existing tables keep the ones they have
      table.foreign_keys.clear();
    }
    std::erase_if(table.foreign_keys, [&](const ForeignKey& fk) {
      if (copied.count(fk.referenced_table)) return false;
      spdlog::warn("   not adding the foreign key of {} to {}: that table is not copied",
                   table.name, fk.referenced_table);
      return true;
    });
    tables.push_back(std::move(table));
  }
  std::vector<SkippedObject> broken;
  bool skip = options.on_error == OnError::kSkip;
  FERRY_RETURN_IF_ERROR(target.Finish(tables, std::max(1, options.jobs), skip ? &broken : nullptr)
                            .WithContext("the data is copied, but finishing the tables failed"));
  for (const SkippedObject& s : broken) spdlog::warn("   {} {} {}", s.kind, s.name, s.reason);
  if (not_created != nullptr) *not_created = std::move(broken);
  return target.FinishSequences(plan.sequences, tables)
      .WithContext("the data is copied, but copying the sequences failed");
}

Status RunCopy(const CopyRun& run, std::stop_token stop, RunStats* stats) {
  CopyRunner runner(run, stats);
  return runner.Run(stop);
}

}  // namespace ferry
