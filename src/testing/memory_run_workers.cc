// MemoryRunStore's worker processes and progress: who takes part in a run,
// what each holds, heartbeats, taking over, and per-table counts.
#include <set>

#include "testing/memory_run_store.h"

namespace ferry::testing {
namespace {

// A claim of `process` is a worker id "<process>/...".
bool ClaimedBy(const MemoryChunk& chunk, const std::string& process) {
  return chunk.state == "running" && chunk.worker.rfind(process + "/", 0) == 0;
}

double SecondsBetween(std::chrono::steady_clock::time_point from,
                      std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

Status MemoryRunStore::Heartbeat(const std::string& run_id, const std::string& process,
                                 const std::vector<std::string>& claims) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  auto now = clock_();
  run->workers[process].heartbeat = now;
  std::set<std::string> held(claims.begin(), claims.end());
  for (Table& t : run->tables) {
    for (MemoryChunk& c : t.chunks) {
      if (c.state == "running" && held.count(c.worker)) c.heartbeat = now;
    }
  }
  return Status::OK();
}

Status MemoryRunStore::RegisterWorker(const std::string& run_id, const std::string& process,
                                      const std::string& start) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  run->workers[process] = Worker{start, clock_(), false};
  return Status::OK();
}

Status MemoryRunStore::WorkerExited(const std::string& run_id, const std::string& process) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  auto it = run->workers.find(process);
  if (it != run->workers.end()) it->second.exited = true;
  return Status::OK();
}

std::vector<WorkerRecord> MemoryRunStore::Workers(const Run& run,
                                                  std::chrono::seconds claim_timeout) const {
  auto now = clock_();
  std::vector<WorkerRecord> workers;
  for (const auto& [process, worker] : run.workers) {  // by name
    WorkerRecord w;
    w.process = process;
    w.process_start = worker.start;
    w.heartbeat_age_seconds = SecondsBetween(worker.heartbeat, now);
    w.exited = worker.exited;
    for (const Table& t : run.tables) {
      for (const MemoryChunk& c : t.chunks) {
        if (!ClaimedBy(c, process)) continue;
        ++w.chunks_held;
        w.oldest_claim_age_seconds =
            std::max(w.oldest_claim_age_seconds, SecondsBetween(c.heartbeat, now));
      }
    }
    SetWorkerState(claim_timeout, &w);
    workers.push_back(std::move(w));
  }
  return workers;
}

Result<std::vector<WorkerRecord>> MemoryRunStore::ListWorkers(const std::string& run_id,
                                                              std::chrono::seconds claim_timeout) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  return Workers(*run, claim_timeout);
}

Result<int64_t> MemoryRunStore::TakeOverChunks(const std::string& run_id,
                                               const std::string& process,
                                               const std::string& reason) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  int64_t taken = 0;
  for (Table& t : run->tables) {
    for (MemoryChunk& c : t.chunks) {
      if (!ClaimedBy(c, process)) continue;
      c.state = "pending";
      c.worker.clear();
      c.last_error = reason;
      ++taken;
    }
  }
  return taken;
}

TableProgress MemoryRunStore::Progress(const Run& run, size_t table_no,
                                       std::chrono::seconds timeout) const {
  const Table& table = run.tables[table_no];
  TableProgress p;
  p.table_no = static_cast<int>(table_no);
  p.source_name = table.plan.source_name;
  p.target_name = table.plan.target.name;
  p.chunk_by = table.chunks.empty() ? "" : std::string(ChunkByName(table.chunks[0].chunk.by));
  p.estimated_rows = table.plan.target.estimated_rows;
  p.chunks_total = static_cast<int64_t>(table.chunks.size());
  auto now = clock_();
  std::optional<std::chrono::steady_clock::time_point> first_start, last_finish;
  std::set<std::string> live;
  for (const MemoryChunk& c : table.chunks) {
    p.errors += c.errors;
    if (!c.last_error.empty()) p.last_error = c.last_error;  // the last chunk's that has one
    if (c.state == "running") {
      ++p.chunks_running;
      if (c.heartbeat > now - timeout) live.insert(c.worker.substr(0, c.worker.find('#')));
    }
    if (c.state != "done") continue;
    ++p.chunks_done;
    p.rows_done += c.rows;
    if (!first_start || c.started < *first_start) first_start = c.started;
    if (!last_finish || c.finished > *last_finish) last_finish = c.finished;
  }
  double seconds = first_start ? SecondsBetween(*first_start, *last_finish) : 0;
  p.rows_per_second = seconds > 0 ? static_cast<double>(p.rows_done) / seconds : 0;
  p.workers = static_cast<int64_t>(live.size());
  return p;
}

Result<RunProgress> MemoryRunStore::LoadProgress(const std::string& run_id,
                                                 std::chrono::seconds claim_timeout) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  RunProgress progress;
  progress.run = run->record;
  for (size_t t = 0; t < run->tables.size(); ++t) {
    progress.tables.push_back(Progress(*run, t, claim_timeout));
  }
  progress.workers = Workers(*run, claim_timeout);
  return progress;
}

}  // namespace ferry::testing
