// MemoryRunStore: a RunStore (ferry/run_store.h) kept in memory, for unit
// tests of the chunk workers without a server.
//
// It keeps the contract as PgRunStore does: a chunk is pending, running
// (claimed by one worker) or done; a running chunk whose heartbeat is older
// than the claim timeout may be claimed again; a commit by a worker that no
// longer holds its claim fails with FailedPrecondition and commits nothing;
// ReleaseChunk and TakeOverChunks give claims back; workers are recorded by
// process ("host:pid", whose threads claim as "host:pid/wN#attempt") with
// their heartbeats. Time is read from an injectable clock, so expiry is
// tested without waiting.
//
// A chunk's rows and its done-record commit together through CommitDone:
// the claim is checked, the rows committed and the chunk marked done under
// the store's lock, so no claim can move in between (the writers of a
// MemoryTarget given this store commit chunks that way: UseRunStore). What is the target's and not
// the catalog's is left out: CreateRun readies no table, AbandonRun drops none, AddKeys checks no
// rows (the rows live in the MemoryTarget), and CheckUnchanged cannot tell (Internal).
//
// Thread-safety: every method may be called from several threads.
#ifndef FERRY_TESTING_MEMORY_RUN_STORE_H_
#define FERRY_TESTING_MEMORY_RUN_STORE_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ferry/run_store.h"

namespace ferry::testing {

// A clock that moves only when told to. Thread-safe.
class ManualClock {
 public:
  std::chrono::steady_clock::time_point Now() const {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ns_.load()));
  }
  void Advance(std::chrono::nanoseconds by) { ns_ += by.count(); }

 private:
  std::atomic<int64_t> ns_{1'000'000'000};
};

// One chunk as the store holds it, for tests to look at.
struct MemoryChunk {
  Chunk chunk;
  std::string state = "pending";  // "pending", "running" or "done"
  std::string worker;             // the claim's holder while running
  int attempts = 0;               // claims so far
  int errors = 0;                 // releases with an error
  std::string last_error;
  int64_t rows = -1;  // when done
  std::string content_hash;
  std::chrono::steady_clock::time_point started, heartbeat, finished;
};

class MemoryRunStore : public RunStore {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit MemoryRunStore(Clock clock = std::chrono::steady_clock::now)
      : clock_(std::move(clock)) {}

  // Checks that `done.worker` holds the claim of chunk `done.chunk_id` of
  // table `done.table_no` (FailedPrecondition naming it when not), runs
  // `commit_rows` and, when that succeeds, marks the chunk done with
  // `done`'s rows and hash; all under the store's lock. REQUIRES:
  // `commit_rows` makes its rows visible only when it succeeds, and calls no
  // method of this store.
  Status CommitDone(const ChunkDone& done, const std::function<Status()>& commit_rows);

  // The chunk as held now (a copy); NotFound when there is no such chunk.
  Result<MemoryChunk> ChunkAt(const std::string& run_id, int table_no, int64_t chunk_id) const;
  // The next `n` calls of ClaimChunk fail with `status` (e.g. Connection).
  void FailClaims(int n, Status status);

  Status Initialize() override { return Status::OK(); }
  Result<std::optional<RunRecord>> FindRun(const std::string& run_id) override;
  Result<std::vector<RunRecord>> FindUnfinishedRuns(const std::string& source,
                                                    const std::string& target) override;
  Result<std::optional<RunRecord>> LatestRun() override;
  Status CreateRun(const RunRecord& run, const std::vector<RunTable>& tables,
                   const RunSetup& setup) override;
  Result<AbandonedRun> AbandonRun(const std::string& run_id, bool only_if_nothing_done) override;
  Result<std::optional<ChunkClaim>> ClaimChunk(const std::string& run_id, const std::string& worker,
                                               std::chrono::seconds claim_timeout) override;
  Status ReleaseChunk(const std::string& run_id, const std::string& worker, const ChunkClaim& claim,
                      const std::string& error) override;
  Status Heartbeat(const std::string& run_id, const std::string& process,
                   const std::vector<std::string>& claims) override;
  Status RegisterWorker(const std::string& run_id, const std::string& process,
                        const std::string& start) override;
  Status WorkerExited(const std::string& run_id, const std::string& process) override;
  Result<std::vector<WorkerRecord>> ListWorkers(const std::string& run_id,
                                                std::chrono::seconds claim_timeout) override;
  Result<int64_t> TakeOverChunks(const std::string& run_id, const std::string& process,
                                 const std::string& reason) override;
  Result<RunProgress> LoadProgress(const std::string& run_id,
                                   std::chrono::seconds claim_timeout) override;
  Result<bool> BeginFinishing(const std::string& run_id) override;
  Result<bool> TableDone(const std::string& run_id, int table_no) override;
  Status AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables, WriteMode mode,
                 const DuplicateSink& reject_duplicates) override;
  Status MarkRunDone(const std::string& run_id) override;
  Result<std::vector<RunRecord>> FindDoneRuns(const std::string& source,
                                              const std::string& target) override;
  Result<std::vector<DoneTable>> LoadDoneTables(const std::string& run_id) override;
  Result<UnchangedCheck> CheckUnchanged(const DoneTable& table) override;

 private:
  struct Table {
    RunTable plan;
    std::vector<MemoryChunk> chunks;
    bool keyed = false;
  };
  struct Worker {
    std::string start;
    std::chrono::steady_clock::time_point heartbeat;
    bool exited = false;
  };
  struct Run {
    RunRecord record;
    int64_t sequence = 0;  // creation order
    std::vector<Table> tables;
    std::map<std::string, Worker> workers;
  };

  // REQUIRES: mutex_ held.
  Result<Run*> Find(const std::string& run_id);
  MemoryChunk* FindChunk(Run& run, int table_no, int64_t chunk_id);
  std::string Timestamp() const;
  std::vector<WorkerRecord> Workers(const Run& run, std::chrono::seconds claim_timeout) const;
  TableProgress Progress(const Run& run, size_t table_no, std::chrono::seconds timeout) const;

  const Clock clock_;
  mutable std::mutex mutex_;
  std::map<std::string, Run> runs_;  // guarded by mutex_
  int64_t next_sequence_ = 0;        // guarded by mutex_
  int claim_failures_ = 0;           // guarded by mutex_
  Status claim_failure_;             // guarded by mutex_
};

}  // namespace ferry::testing

#endif  // FERRY_TESTING_MEMORY_RUN_STORE_H_
