#include "testing/memory_run_store.h"

#include <algorithm>

namespace ferry::testing {
namespace {

bool Unfinished(const RunRecord& run) { return run.state == "loading" || run.state == "finishing"; }

std::string ChunkName(const std::string& run_id, int table_no, int64_t chunk_id) {
  return "chunk " + std::to_string(chunk_id) + " of table " + std::to_string(table_no) +
         " of run " + run_id;
}

}  // namespace

Result<MemoryRunStore::Run*> MemoryRunStore::Find(const std::string& run_id) {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return Status::NotFound("no run " + run_id + " in the memory run store");
  return &it->second;
}

MemoryChunk* MemoryRunStore::FindChunk(Run& run, int table_no, int64_t chunk_id) {
  if (table_no < 0 || static_cast<size_t>(table_no) >= run.tables.size()) return nullptr;
  for (MemoryChunk& c : run.tables[table_no].chunks) {
    if (c.chunk.id == chunk_id) return &c;
  }
  return nullptr;
}

std::string MemoryRunStore::Timestamp() const {
  auto since = clock_().time_since_epoch();
  return "t+" +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(since).count()) +
         "ms";
}

Status MemoryRunStore::CommitDone(const ChunkDone& done,
                                  const std::function<Status()>& commit_rows) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(done.run_id));
  std::string name = ChunkName(done.run_id, done.table_no, done.chunk_id);
  MemoryChunk* chunk = FindChunk(*run, done.table_no, done.chunk_id);
  if (chunk == nullptr) return Status::NotFound("no " + name);
  if (chunk->state != "running" || chunk->worker != done.worker) {
    return Status::FailedPrecondition("chunk claim lost: " + name + " is no longer held by " +
                                      done.worker);
  }
  FERRY_RETURN_IF_ERROR(commit_rows());
  chunk->state = "done";
  chunk->rows = done.rows;
  chunk->content_hash = done.content_hash;
  chunk->finished = chunk->heartbeat = clock_();
  return Status::OK();
}

Result<MemoryChunk> MemoryRunStore::ChunkAt(const std::string& run_id, int table_no,
                                            int64_t chunk_id) const {
  std::lock_guard lock(mutex_);
  auto* self = const_cast<MemoryRunStore*>(this);
  FERRY_ASSIGN_OR_RETURN(Run * run, self->Find(run_id));
  MemoryChunk* chunk = self->FindChunk(*run, table_no, chunk_id);
  if (chunk == nullptr) return Status::NotFound("no " + ChunkName(run_id, table_no, chunk_id));
  return *chunk;
}

void MemoryRunStore::FailClaims(int n, Status status) {
  std::lock_guard lock(mutex_);
  claim_failures_ = n;
  claim_failure_ = std::move(status);
}

Result<std::optional<RunRecord>> MemoryRunStore::FindRun(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return std::optional<RunRecord>();
  return std::optional<RunRecord>(it->second.record);
}

Result<std::vector<RunRecord>> MemoryRunStore::FindUnfinishedRuns(const std::string& source,
                                                                  const std::string& target) {
  std::lock_guard lock(mutex_);
  std::vector<const Run*> found;
  for (const auto& [id, run] : runs_) {
    const RunRecord& r = run.record;
    if (r.source == source && r.target == target && Unfinished(r)) found.push_back(&run);
  }
  std::sort(found.begin(), found.end(),
            [](const Run* a, const Run* b) { return a->sequence < b->sequence; });
  std::vector<RunRecord> runs;
  for (const Run* run : found) runs.push_back(run->record);
  return runs;
}

Result<std::optional<RunRecord>> MemoryRunStore::LatestRun() {
  std::lock_guard lock(mutex_);
  const Run* latest = nullptr;
  for (const auto& [id, run] : runs_) {
    if (latest == nullptr || run.sequence > latest->sequence) latest = &run;
  }
  if (latest == nullptr) return std::optional<RunRecord>();
  return std::optional<RunRecord>(latest->record);
}

Status MemoryRunStore::CreateRun(const RunRecord& record, const std::vector<RunTable>& tables,
                                 const RunSetup& setup) {
  if (setup.native != nullptr) return Status::FailedPrecondition("no native schema in memory");
  std::lock_guard lock(mutex_);
  auto it = runs_.find(record.run_id);
  if (it != runs_.end() && it->second.record.state != "abandoned") {
    return Status::AlreadyExists("run " + record.run_id + " exists (state " +
                                 it->second.record.state + ")");
  }
  Run run;
  run.record = record;
  run.record.state = "loading";
  run.record.created_at = Timestamp();
  run.record.finished_at.clear();
  run.sequence = next_sequence_++;
  for (const RunTable& t : tables) {
    Table table{t, {}, false};
    for (const Chunk& c : t.chunks) {
      MemoryChunk chunk;
      chunk.chunk = c;
      table.chunks.push_back(std::move(chunk));
    }
    run.tables.push_back(std::move(table));
  }
  runs_[record.run_id] = std::move(run);
  return Status::OK();
}

Result<AbandonedRun> MemoryRunStore::AbandonRun(const std::string& run_id,
                                                bool only_if_nothing_done) {
  std::lock_guard lock(mutex_);
  AbandonedRun result;
  auto it = runs_.find(run_id);
  if (it == runs_.end() || !Unfinished(it->second.record)) return result;
  Run& run = it->second;
  if (only_if_nothing_done) {
    for (const Table& t : run.tables) {
      for (const MemoryChunk& c : t.chunks) {
        if (c.state == "done") return result;
      }
    }
  }
  run.record.state = "abandoned";
  run.record.finished_at = Timestamp();
  result.abandoned = true;
  return result;
}

Result<std::optional<ChunkClaim>> MemoryRunStore::ClaimChunk(const std::string& run_id,
                                                             const std::string& worker,
                                                             std::chrono::seconds claim_timeout) {
  std::lock_guard lock(mutex_);
  if (claim_failures_ > 0) {
    --claim_failures_;
    return claim_failure_;
  }
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  auto now = clock_();
  for (size_t t = 0; t < run->tables.size(); ++t) {
    for (MemoryChunk& c : run->tables[t].chunks) {
      bool expired = c.state == "running" && c.heartbeat < now - claim_timeout;
      if (c.state != "pending" && !expired) continue;
      c.state = "running";
      c.worker = worker;
      ++c.attempts;
      c.started = c.heartbeat = now;
      return std::optional<ChunkClaim>(ChunkClaim{static_cast<int>(t), c.chunk, c.attempts});
    }
  }
  return std::optional<ChunkClaim>();
}

Status MemoryRunStore::ReleaseChunk(const std::string& run_id, const std::string& worker,
                                    const ChunkClaim& claim, const std::string& error) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  MemoryChunk* chunk = FindChunk(*run, claim.table_no, claim.chunk.id);
  if (chunk == nullptr || chunk->state != "running" || chunk->worker != worker) {
    return Status::OK();  // no longer this worker's: nothing to give back
  }
  chunk->state = "pending";
  chunk->worker.clear();
  ++chunk->errors;
  chunk->last_error = error;
  return Status::OK();
}

Result<bool> MemoryRunStore::BeginFinishing(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  if (run->record.state != "loading") return false;
  for (const Table& t : run->tables) {
    for (const MemoryChunk& c : t.chunks) {
      if (c.state != "done") return false;
    }
  }
  run->record.state = "finishing";
  return true;
}

Result<bool> MemoryRunStore::TableDone(const std::string& run_id, int table_no) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  if (table_no < 0 || static_cast<size_t>(table_no) >= run->tables.size()) {
    return Status::NotFound("no table " + std::to_string(table_no) + " in run " + run_id);
  }
  for (const MemoryChunk& c : run->tables[table_no].chunks) {
    if (c.state != "done") return false;
  }
  return true;
}

Status MemoryRunStore::AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables,
                               WriteMode mode, const DuplicateSink& reject_duplicates) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  for (const KeyTable& k : tables) {
    if (k.table_no < 0 || static_cast<size_t>(k.table_no) >= run->tables.size()) {
      return Status::NotFound("no table " + std::to_string(k.table_no) + " in run " + run_id);
    }
    run->tables[k.table_no].keyed = true;
  }
  return Status::OK();
}

Status MemoryRunStore::MarkRunDone(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  run->record.state = "done";
  run->record.finished_at = Timestamp();
  return Status::OK();
}

Result<std::vector<RunRecord>> MemoryRunStore::FindDoneRuns(const std::string& source,
                                                            const std::string& target) {
  std::lock_guard lock(mutex_);
  std::vector<const Run*> found;
  for (const auto& [id, run] : runs_) {
    const RunRecord& r = run.record;
    if (r.source == source && r.target == target && r.state == "done") found.push_back(&run);
  }
  std::sort(found.begin(), found.end(),
            [](const Run* a, const Run* b) { return a->sequence > b->sequence; });  // newest first
  std::vector<RunRecord> runs;
  for (const Run* run : found) runs.push_back(run->record);
  return runs;
}

Result<std::vector<DoneTable>> MemoryRunStore::LoadDoneTables(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  FERRY_ASSIGN_OR_RETURN(Run * run, Find(run_id));
  std::vector<DoneTable> tables;
  for (size_t t = 0; t < run->tables.size(); ++t) {
    const Table& table = run->tables[t];
    DoneTable done{static_cast<int>(t),
                   table.plan.source_name,
                   table.plan.target.name,
                   static_cast<int64_t>(table.chunks.size()),
                   {}};
    for (const MemoryChunk& c : table.chunks) {
      if (c.state == "done") done.chunks.push_back({c.chunk, c.rows, c.content_hash, -1});
    }
    tables.push_back(std::move(done));
  }
  return tables;
}

Result<UnchangedCheck> MemoryRunStore::CheckUnchanged(const DoneTable& table) {
  return Status(StatusCode::kInternal, "the memory run store cannot tell whether table " +
                                           table.target_name +
                                           " changed: its rows live in the MemoryTarget");
}

}  // namespace ferry::testing
