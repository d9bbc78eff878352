#include "pipeline/chunk_workers.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "pipeline/connection_retry.h"
#include "pipeline/worker_liveness.h"

namespace ferry {
namespace {

// The worker ids holding a claim right now, for the heartbeat.
class ActiveClaims {
 public:
  void Add(const std::string& id) {
    std::lock_guard lock(mutex_);
    ids_.insert(id);
  }
  void Remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    ids_.erase(id);
  }
  std::vector<std::string> List() const {
    std::lock_guard lock(mutex_);
    return {ids_.begin(), ids_.end()};
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> ids_;  // guarded by mutex_
};

class ChunkWorkers {
 public:
  explicit ChunkWorkers(const ChunkWorkersContext& context) : context_(context) {}
  Status Run(std::stop_token stop);

 private:
  void Work(int worker_no, std::stop_token stop);
  Status CopyClaim(const std::string& worker, const ChunkClaim& claim, std::stop_token stop);
  // After a committed chunk: calls table_copied when it was its table's last.
  Status AfterChunk(int table_no);
  // What a worker does after `failure`: true to go on (after a backoff).
  bool Recover(const Status& failure, int* failures_in_a_row, std::stop_token stop);
  Result<bool> OthersStillWorking();
  // Gives the claims of workers known dead back at once (true when it took
  // any), and otherwise (when `tell`) says, now and then, which claims are
  // waited for and how long at most. Called by workers that found nothing to
  // claim, at most once a second for all of them.
  bool TakeOverOrTellWait(bool tell = true);
  // The claims of each dead worker (or one that exited) go back to pending.
  Result<bool> TakeOverDeadWorkers(const std::vector<WorkerRecord>& workers);
  void TellWait(const std::vector<WorkerRecord>& workers);
  void Heartbeat(std::stop_token stop);
  void RecordFailure(Status status);
  // Wakes idle workers of this process when one of them finished a chunk, so
  // the last chunk's end is noticed at once (other processes' chunks by polling).
  void NoteChunkEnded();
  uint64_t ChunksEnded();
  // Waits until a chunk ends after `seen` (a ChunksEnded() value), at most
  // `at_most`; false when stopped.
  bool WaitForChunkEnd(uint64_t seen, std::chrono::milliseconds at_most, std::stop_token stop);

  const ChunkWorkersContext& context_;
  ActiveClaims claims_;
  std::mutex ended_mutex_;
  std::condition_variable_any ended_;
  uint64_t chunks_ended_ = 0;  // guarded by ended_mutex_
  std::stop_source cancel_;
  std::mutex takeover_mutex_;                        // one worker at a time looks at the others
  std::chrono::steady_clock::time_point next_look_;  // guarded by takeover_mutex_
  std::string last_wait_;                            // guarded by takeover_mutex_
  std::chrono::steady_clock::time_point last_wait_told_;  // guarded by takeover_mutex_
  std::mutex failure_mutex_;
  Status failure_;  // guarded by failure_mutex_
};

Status ChunkWorkers::Run(std::stop_token stop) {
  std::stop_callback forward(stop, [this] { cancel_.request_stop(); });
  // Before this process is recorded, so that a dead one that had this same
  // pid is still told apart by its start time.
  TakeOverOrTellWait(/*tell=*/false);
  Status registered =
      context_.catalog->RegisterWorker(context_.run_id, context_.process, ProcessStart(getpid()));
  if (!registered.ok()) spdlog::debug("recording this worker failed: {}", registered.message());
  {
    std::jthread heartbeat([this](std::stop_token s) { Heartbeat(s); });
    std::vector<std::jthread> workers;
    for (int i = 0; i < std::max(1, context_.options.jobs); ++i) {
      workers.emplace_back([this, i] { Work(i, cancel_.get_token()); });
    }
    workers.clear();  // joins
  }
  (void)context_.catalog->WorkerExited(context_.run_id, context_.process);
  std::lock_guard lock(failure_mutex_);
  if (!failure_.ok()) return failure_;
  if (stop.stop_requested()) return Status::Cancelled("copy stopped before it finished");
  return Status::OK();
}

void ChunkWorkers::Work(int worker_no, std::stop_token stop) {
  int failures = 0;
  for (int attempt = 1; !stop.stop_requested(); ++attempt) {
    std::string worker =
        context_.process + "/w" + std::to_string(worker_no) + "#" + std::to_string(attempt);
    uint64_t ended_before_claim = ChunksEnded();
    Result<std::optional<ChunkClaim>> claim =
        context_.catalog->ClaimChunk(context_.run_id, worker, context_.claim_timeout);
    if (!claim.ok()) {
      if (!Recover(claim.status().WithContext("claiming a chunk"), &failures, stop)) return;
      continue;
    }
    if (!claim->has_value()) {
      Result<bool> waiting = OthersStillWorking();
      if (waiting.ok() && !*waiting) return;  // the run has no chunk left
      if (TakeOverOrTellWait()) continue;
      if (!WaitForChunkEnd(ended_before_claim, std::chrono::seconds(1), stop)) return;
      continue;
    }
    Status copied = CopyClaim(worker, **claim, stop);
    NoteChunkEnded();
    if (copied.ok()) {
      failures = 0;
      Status after = AfterChunk((*claim)->table_no);
      if (!after.ok() && !Recover(after, &failures, stop)) return;
      continue;
    }
    if (copied.code() == StatusCode::kFailedPrecondition) {
      spdlog::warn("{} (another worker took it over; going on)", copied.message());
      continue;
    }
    (void)context_.catalog->ReleaseChunk(context_.run_id, worker, **claim, copied.message());
    if (!Recover(copied, &failures, stop)) return;
  }
}

Status ChunkWorkers::CopyClaim(const std::string& worker, const ChunkClaim& claim,
                               std::stop_token stop) {
  const TablePlan& table = context_.plan->tables.at(claim.table_no);
  TableStats& stats = *context_.stats->tables.at(claim.table_no);
  RunObserver& observer = context_.observer ? *context_.observer : SilentObserver();
  int64_t none = 0;
  bool first = stats.started_ns.compare_exchange_strong(none, SteadyNowNs());
  stats.state = TableState::kRunning;
  if (first) observer.TableStarted(stats);
  spdlog::debug("{}: table {} chunk {} (attempt {})", worker, table.target.name, claim.chunk.id,
                claim.attempts);
  ChunkWork work{claim.chunk, {context_.run_id, worker, claim.table_no, claim.chunk.id, 0, ""}};
  CopyOptions options = context_.options;
  options.mode = ChunkWriteMode(options.mode, claim.chunk, table.native_schema);
  JobContext job{context_.source, context_.target, context_.make_transform, &options};
  claims_.Add(worker);
  ++stats.chunks_active;  // shown in progress while > 0
  Status s = RunTableJob(job, table, stats, stop, &work);
  --stats.chunks_active;
  claims_.Remove(worker);
  stats.finished_ns = SteadyNowNs();
  if (!s.ok()) {
    return s.WithContext("chunk " + std::to_string(claim.chunk.id) + " of table " +
                         table.target.name);
  }
  observer.ChunkDone(stats, claim.chunk);  // committed with its record
  return s;
}

Status ChunkWorkers::AfterChunk(int table_no) {
  if (!context_.table_copied) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(bool done, context_.catalog->TableDone(context_.run_id, table_no));
  return done ? context_.table_copied(table_no) : Status::OK();
}

bool ChunkWorkers::Recover(const Status& failure, int* failures_in_a_row, std::stop_token stop) {
  if (failure.code() == StatusCode::kCancelled || stop.stop_requested()) return false;
  if (!failure.IsRetryable() || ++*failures_in_a_row > context_.max_retries) {
    RecordFailure(failure.IsRetryable()
                      ? failure.WithContext("gave up after " +
                                            std::to_string(context_.max_retries) +
                                            " connection failures in a row (--retries)")
                      : failure);
    return false;
  }
  std::chrono::milliseconds backoff = RetryBackoff(context_.first_backoff, *failures_in_a_row);
  spdlog::warn("{}; retrying in {} ms (attempt {} of {})", failure.message(), backoff.count(),
               *failures_in_a_row, context_.max_retries);
  return SleepFor(backoff, stop);
}

Result<bool> ChunkWorkers::OthersStillWorking() {
  FERRY_ASSIGN_OR_RETURN(RunProgress progress,
                         context_.catalog->LoadProgress(context_.run_id, context_.claim_timeout));
  return progress.chunks_done() < progress.chunks_total();
}

bool ChunkWorkers::TakeOverOrTellWait(bool tell) {
  std::lock_guard lock(takeover_mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now < next_look_) return false;
  next_look_ = now + std::chrono::seconds(1);
  Result<std::vector<WorkerRecord>> workers =
      context_.catalog->ListWorkers(context_.run_id, context_.claim_timeout);
  if (!workers.ok()) {
    spdlog::debug("listing the run's workers failed: {}", workers.status().message());
    return false;
  }
  MarkDeadWorkers(&*workers);
  Result<bool> taken = TakeOverDeadWorkers(*workers);
  if (taken.ok() && *taken) return true;
  if (!taken.ok()) spdlog::debug("taking over failed: {}", taken.status().message());
  if (tell) TellWait(*workers);
  return false;
}

Result<bool> ChunkWorkers::TakeOverDeadWorkers(const std::vector<WorkerRecord>& workers) {
  bool any = false;
  for (const WorkerRecord& w : workers) {
    bool gone = w.state == "dead" || (w.state == "exited" && w.process != context_.process);
    if (!gone || w.chunks_held == 0) continue;
    std::string why = w.state == "dead" ? w.why : "it exited";
    FERRY_ASSIGN_OR_RETURN(int64_t taken,
                           context_.catalog->TakeOverChunks(
                               context_.run_id, w.process,
                               "taken over from dead worker " + w.process + " (" + why + ")"));
    if (taken == 0) continue;
    spdlog::warn("taking over {} chunk(s) of dead worker {} ({})", taken, w.process, why);
    any = true;
  }
  if (any) NoteChunkEnded();  // wakes the other idle workers to claim them
  return any;
}

// Says what the idle workers wait for when that changes, and every 10 s.
void ChunkWorkers::TellWait(const std::vector<WorkerRecord>& workers) {
  std::string wait;
  double timeout = static_cast<double>(context_.claim_timeout.count());
  for (const WorkerRecord& w : workers) {
    if (w.chunks_held == 0 || w.process == context_.process) continue;
    auto left = static_cast<int64_t>(std::max(0.0, timeout - w.oldest_claim_age_seconds));
    wait += (wait.empty() ? "" : "; ") + std::to_string(w.chunks_held) +
            " chunk(s) held by worker " + w.process + " (" + w.state + ", heartbeat " +
            std::to_string(static_cast<int64_t>(w.heartbeat_age_seconds)) +
            " s ago; taken over if it stays silent, in at most " + std::to_string(left) + " s)";
  }
  auto now = std::chrono::steady_clock::now();
  std::string shape;  // what changes the message, less the seconds that count down
  for (const WorkerRecord& w : workers) {
    if (w.chunks_held > 0) shape += w.process + " " + std::to_string(w.chunks_held) + w.state + ";";
  }
  if (wait.empty() || (shape == last_wait_ && now - last_wait_told_ < std::chrono::seconds(10))) {
    return;
  }
  last_wait_ = shape;
  last_wait_told_ = now;
  spdlog::info("   waiting for {} (--claim-timeout {} s)", wait, context_.claim_timeout.count());
}

void ChunkWorkers::Heartbeat(std::stop_token stop) {
  auto every = std::max<std::chrono::milliseconds>(
      std::chrono::milliseconds(500),
      std::chrono::duration_cast<std::chrono::milliseconds>(context_.claim_timeout) / 3);
  do {
    Status s = context_.catalog->Heartbeat(context_.run_id, context_.process, claims_.List());
    if (!s.ok()) spdlog::debug("heartbeat failed: {}", s.message());
  } while (SleepFor(every, stop));
}

void ChunkWorkers::NoteChunkEnded() {
  {
    std::lock_guard lock(ended_mutex_);
    ++chunks_ended_;
  }
  ended_.notify_all();
}

uint64_t ChunkWorkers::ChunksEnded() {
  std::lock_guard lock(ended_mutex_);
  return chunks_ended_;
}

bool ChunkWorkers::WaitForChunkEnd(uint64_t seen, std::chrono::milliseconds at_most,
                                   std::stop_token stop) {
  std::unique_lock lock(ended_mutex_);
  ended_.wait_for(lock, stop, at_most, [&] { return chunks_ended_ != seen; });
  return !stop.stop_requested();
}

void ChunkWorkers::RecordFailure(Status status) {
  std::lock_guard lock(failure_mutex_);
  if (failure_.ok()) failure_ = std::move(status);
  cancel_.request_stop();
}

}  // namespace

WriteMode ChunkWriteMode(WriteMode run_mode, const Chunk& chunk, bool native_schema) {
  if (native_schema) return WriteMode::kAppend;  // created with the run (RunSetup::native)
  if (chunk.by == ChunkBy::kWhole || run_mode == WriteMode::kUpsert) return run_mode;
  return WriteMode::kAppend;
}

Status RunChunkWorkers(const ChunkWorkersContext& context, std::stop_token stop) {
  ChunkWorkers workers(context);
  return workers.Run(stop);
}

}  // namespace ferry
