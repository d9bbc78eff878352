// RunCatalog: what a chunked copy records of its runs, so that it can be
// resumed after any crash and shared by workers on several hosts: runs, their
// tables and chunks, claims, heartbeats, workers and progress. It says
// nothing of the target's tables: readying them, building their keys and
// telling whether they changed are the target's (RunTables, run_tables.h);
// the two meet only where one transaction must cover both (RunStore,
// run_store.h).
//
// PgRunStore (src/connectors/postgres) keeps it in the target database itself,
// in the `_ferry` schema, SqliteRunStore in the target file's `_ferry_*`
// tables: the target is the coordinator, there is no other service. A chunk's
// rows and the record that the chunk is done commit in one target transaction
// (BatchWriter::CommitChunk, by the target that keeps this catalog), so every
// row lands exactly once whatever is interrupted.
//
// A chunk's life: pending → running (claimed by one worker, which keeps its
// claim alive by heartbeats) → done. A running chunk whose heartbeat is older
// than the claim timeout is claimable again: its worker is taken for dead.
// When a worker that lost its claim tries to commit, BatchWriter::CommitChunk
// fails with FailedPrecondition and its transaction rolls back, so the chunk
// is still done only once.
//
// Thread-safety: every method may be called from several threads.
#ifndef FERRY_RUN_CATALOG_H_
#define FERRY_RUN_CATALOG_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ferry/schema.h"
#include "ferry/source.h"
#include "ferry/status.h"

namespace ferry {

// The options that change what a run writes, by flag name ("--chunk-rows" → "50000").
using RunOptions = std::map<std::string, std::string>;

// One run: a copy identified by its source, target and options.
struct RunRecord {
  std::string run_id;
  std::string source;  // as printed (redacted)
  std::string target;  // as printed (redacted), with the target schema
  RunOptions options;
  std::string snapshot;       // where workers read the source from (e.g. a snapshot file)
  std::string source_state;   // the source's state when planned, to notice later writes
  std::string snapshot_note;  // how consistent the reads are, as the plan said
  std::string mapping;        // what a resumed or joined run plans from ("": the source's
                              // schema; document sources: their recorded sample)
  std::string state;          // "loading", "finishing", "done" or "abandoned"
  std::string created_at;     // as the target database prints timestamps
  std::string finished_at;    // "" until done
};

// A table of a new run and its chunks, as planned.
struct RunTable {
  TableSchema target;  // the table to write
  std::string source_name;
  std::vector<Chunk> chunks;  // ids 0, 1, ... in the table's key order
  // Created by the source's own schema (RunSetup::native), not by ferry's DDL.
  bool native_schema = false;
};

// True when `table` is one whole-table chunk (--chunk-rows 0), which its
// writer readies for the run's mode (RunStore::CreateRun).
inline bool ReadiedByItsChunk(const RunTable& table) {
  return !table.native_schema && table.chunks.size() == 1 && table.chunks[0].by == ChunkBy::kWhole;
}

// A chunk claimed by one worker.
struct ChunkClaim {
  int table_no = 0;  // index into the run's tables
  Chunk chunk;
  int attempts = 0;  // including this one
};

// Per-table progress of a run, for `ferry status` and the end of a run.
struct TableProgress {
  int table_no = 0;
  std::string source_name;
  std::string target_name;
  std::string chunk_by;  // ChunkByName of its chunks
  int64_t chunks_total = 0;
  int64_t chunks_done = 0;
  int64_t chunks_running = 0;
  int64_t rows_done = 0;
  int64_t estimated_rows = -1;
  double rows_per_second = 0;  // rows of done chunks over the time they took (wall clock)
  int64_t workers = 0;         // distinct live workers holding a chunk now
  int64_t errors = 0;          // failed attempts so far
  std::string last_error;
};

// A done chunk as its run recorded it, for verify to use its digest.
struct DoneChunk {
  Chunk chunk;  // bounds as planned (chunk.by from the table)
  int64_t rows = 0;
  std::string content_hash;    // ChunkDone::content_hash
  int64_t committed_xid = -1;  // the transaction that committed it; -1 when not recorded
};

// A table of a run with its done chunks, in chunk order.
struct DoneTable {
  int table_no = 0;
  std::string source_name;
  std::string target_name;
  int64_t chunks_total = 0;  // done or not
  std::vector<DoneChunk> chunks;
};

// A process that took part in a run (RegisterWorker, Heartbeat).
struct WorkerRecord {
  std::string process;        // "host:pid"
  std::string process_start;  // RegisterWorker's `start` ("" when not recorded)
  double heartbeat_age_seconds = 0;
  bool exited = false;                  // ended normally (WorkerExited)
  int64_t chunks_held = 0;              // running chunks claimed by its threads
  double oldest_claim_age_seconds = 0;  // since the heartbeat of its oldest such claim
  // "live", "stale" (no heartbeat within the claim timeout), "exited", or
  // "dead" once its host tells it is gone (pipeline/worker_liveness.h).
  std::string state;
  std::string why;  // for "dead" and "stale": how it is known, for a person
};

// Sets w->state (and w->why) from w->exited and w->heartbeat_age_seconds:
// "exited", "stale" when no heartbeat came within `claim_timeout`, else "live".
void SetWorkerState(std::chrono::seconds claim_timeout, WorkerRecord* w);

struct RunProgress {
  RunRecord run;
  std::vector<TableProgress> tables;
  std::vector<WorkerRecord> workers;  // every process of the run, by name

  int64_t chunks_total() const;
  int64_t chunks_done() const;
  int64_t rows_done() const;
};

class RunCatalog {
 public:
  virtual ~RunCatalog() = default;

  // Creates or upgrades the state schema. Idempotent; safe when several
  // processes do it at once.
  virtual Status Initialize() = 0;

  // The run with this id, or nullopt.
  virtual Result<std::optional<RunRecord>> FindRun(const std::string& run_id) = 0;
  // Runs not done nor abandoned that copy `source` into `target` (other options).
  virtual Result<std::vector<RunRecord>> FindUnfinishedRuns(const std::string& source,
                                                            const std::string& target) = 0;
  // The most recent run, for `ferry status` without a run id; nullopt when none.
  virtual Result<std::optional<RunRecord>> LatestRun() = 0;

  // Claims one chunk for `worker`: a pending one, or one whose claim is older
  // than `claim_timeout`. nullopt when none is left to claim.
  virtual Result<std::optional<ChunkClaim>> ClaimChunk(const std::string& run_id,
                                                       const std::string& worker,
                                                       std::chrono::seconds claim_timeout) = 0;
  // Gives a claim back after a failed attempt, recording `error`.
  virtual Status ReleaseChunk(const std::string& run_id, const std::string& worker,
                              const ChunkClaim& claim, const std::string& error) = 0;
  // Records `process` ("host:pid") as a live worker of the run and keeps the
  // claims of `claims` (worker ids given to ClaimChunk) alive. Claims not
  // listed age and expire, even while their process lives on.
  virtual Status Heartbeat(const std::string& run_id, const std::string& process,
                           const std::vector<std::string>& claims) = 0;
  // Records `process` as a worker of the run with `start` (when and where it
  // started, to tell it from a later process with the same pid), before it
  // claims anything; again after a restart of the same process id.
  virtual Status RegisterWorker(const std::string& run_id, const std::string& process,
                                const std::string& start) = 0;
  // Records that `process` ended normally (its claims were given back).
  virtual Status WorkerExited(const std::string& run_id, const std::string& process) = 0;
  // Every process of the run, with the chunks it holds; state "live",
  // "stale" (heartbeat older than `claim_timeout`) or "exited".
  virtual Result<std::vector<WorkerRecord>> ListWorkers(const std::string& run_id,
                                                        std::chrono::seconds claim_timeout) = 0;
  // Makes the running chunks claimed by the threads of `process` (known dead)
  // pending again at once, recording `reason` as their last error. Returns
  // how many. A commit by the old claim then fails as for an expired claim.
  virtual Result<int64_t> TakeOverChunks(const std::string& run_id, const std::string& process,
                                         const std::string& reason) = 0;

  // Progress of every table of the run.
  virtual Result<RunProgress> LoadProgress(const std::string& run_id,
                                           std::chrono::seconds claim_timeout) = 0;
  // Moves the run from "loading" to "finishing" when every chunk is done.
  // True for the one caller that made the move (it must finish the run).
  virtual Result<bool> BeginFinishing(const std::string& run_id) = 0;
  // True when every chunk of table `table_no` of the run is done.
  virtual Result<bool> TableDone(const std::string& run_id, int table_no) = 0;
  // Marks the run done (after indexes, foreign keys and sequences).
  virtual Status MarkRunDone(const std::string& run_id) = 0;

  // For verify, which only reads (none of these creates or upgrades anything):
  //
  // Runs in state "done" that copied `source` into `target`, newest first;
  // empty when the target has no state schema.
  virtual Result<std::vector<RunRecord>> FindDoneRuns(const std::string& source,
                                                      const std::string& target) = 0;
  // Every table of the run with its done chunks. FailedPrecondition when the
  // state schema is too old to say which transaction committed each chunk.
  virtual Result<std::vector<DoneTable>> LoadDoneTables(const std::string& run_id) = 0;
};

}  // namespace ferry

#endif  // FERRY_RUN_CATALOG_H_
