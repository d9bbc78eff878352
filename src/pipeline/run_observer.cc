#include "pipeline/run_observer.h"

namespace ferry {

RunObserver& SilentObserver() {
  static RunObserver silent;
  return silent;
}

void RunObservers::RunAlreadyDone(const std::string& run_id, const std::string& finished_at) {
  for (RunObserver* o : observers_) o->RunAlreadyDone(run_id, finished_at);
}

void RunObservers::CopyStarted(const RunStats& stats) {
  for (RunObserver* o : observers_) o->CopyStarted(stats);
}

void RunObservers::TableStarted(const TableStats& table) {
  for (RunObserver* o : observers_) o->TableStarted(table);
}

void RunObservers::ChunkDone(const TableStats& table, const Chunk& chunk) {
  for (RunObserver* o : observers_) o->ChunkDone(table, chunk);
}

void RunObservers::TableFinished(const TableStats& table) {
  for (RunObserver* o : observers_) o->TableFinished(table);
}

void RunObservers::CopyEnded() {
  for (RunObserver* o : observers_) o->CopyEnded();
}

Status RunObservers::RunFinished(const RunOutcome& outcome) {
  Status first;
  for (RunObserver* o : observers_) {
    Status s = o->RunFinished(outcome);
    if (first.ok() && !s.ok()) first = std::move(s);
  }
  return first;
}

}  // namespace ferry
