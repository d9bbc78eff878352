// RunStore: where a chunked copy keeps its plan and progress, so that it can
// be resumed after any crash and shared by workers on several hosts.
//
// PgRunStore (src/connectors/postgres) keeps it in the target database itself,
// in the `_ferry` schema: the target is the coordinator, there is no other
// service. A chunk's rows and the record that the chunk is done commit in one
// target transaction (BatchWriter::CommitChunk, by the target that keeps
// this store), so every row lands exactly once whatever is interrupted.
//
// A chunk's life: pending → running (claimed by one worker, which keeps its
// claim alive by heartbeats) → done. A running chunk whose heartbeat is older
// than the claim timeout is claimable again: its worker is taken for dead.
// When a worker that lost its claim tries to commit, BatchWriter::CommitChunk fails with
// FailedPrecondition and its transaction rolls back, so the chunk is
// still done only once.
//
// Thread-safety: every method may be called from several threads.
#ifndef FERRY_RUN_STORE_H_
#define FERRY_RUN_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ferry/schema.h"
#include "ferry/source.h"
#include "ferry/status.h"
#include "ferry/target.h"

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
};

// True when `table` is one whole-table chunk (--chunk-rows 0), which its
// writer readies for the run's mode (RunStore::CreateRun).
inline bool ReadiedByItsChunk(const RunTable& table) {
  return table.chunks.size() == 1 && table.chunks[0].by == ChunkBy::kWhole;
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

// Whether a target table holds exactly the rows its run's chunks committed.
struct UnchangedCheck {
  bool unchanged = false;
  std::string reason;  // when not: what was found, for a person ("3 rows written since ...")
  // False when the target cannot tell (SQLite keeps no row versions): not
  // unchanged, but not known to have changed either.
  bool known = true;
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

// A table whose keys AddKeys builds: its number in the run and its schema.
struct KeyTable {
  int table_no = 0;
  TableSchema schema;
};

// A row AddKeys took out of a copied table (--on-error skip) because an
// earlier row of the table holds the same key value.
struct RemovedDuplicate {
  int table_no = 0;
  std::string key;       // "id=5"
  std::string reason;    // names the row kept and where both came from
  std::string row_json;  // the row taken out: a JSON object of its target columns
};
// Takes the rows AddKeys removes from one table, before its transaction commits.
using DuplicateSink = std::function<Status(const std::vector<RemovedDuplicate>& rows)>;

// What --restart did to an unfinished run.
struct AbandonedRun {
  bool abandoned = false;            // false: the run was no longer unfinished, or had chunks done
  std::vector<std::string> dropped;  // target tables it had created, now dropped
  std::vector<std::string> kept;     // its tables left alone, each with the reason
};

struct RunProgress {
  RunRecord run;
  std::vector<TableProgress> tables;
  std::vector<WorkerRecord> workers;  // every process of the run, by name

  int64_t chunks_total() const;
  int64_t chunks_done() const;
  int64_t rows_done() const;
};

class RunStore {
 public:
  virtual ~RunStore() = default;

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

  // Records `run` (state "loading") with its tables and chunks, and readies the
  // target tables for `mode` (create without keys, drop and create, truncate;
  // nothing for append and upsert), all in one transaction. A table planned as
  // one whole-table chunk (ReadiedByItsChunk) is left alone: its chunk's writer
  // readies it in the chunk's own transaction (OpenWriter in the run's mode),
  // so a failed or killed copy of it leaves the table as it was. AlreadyExists when a run with
  // this id exists (then nothing changed: resume it instead).
  virtual Status CreateRun(const RunRecord& run, const std::vector<RunTable>& tables,
                           WriteMode mode) = 0;
  // Marks `run_id` abandoned (ferry copy --restart, or a new run that failed
  // before any chunk was done), so a new run may start, and drops the target
  // tables the run created itself (--mode create or replace), in one
  // transaction. A table is dropped only while it is still the very table the
  // run created (a table renamed, replaced or made by anyone else is kept and
  // listed in `kept`), and never with CASCADE: the user's own objects stay.
  // With `only_if_nothing_done`, nothing happens when a chunk of the run is
  // done. A run that is done is never abandoned.
  virtual Result<AbandonedRun> AbandonRun(const std::string& run_id, bool only_if_nothing_done) = 0;

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
  // After a table's last chunk (and again in the finish step, before indexes
  // and foreign keys): adds the primary and unique keys that CreateRun leaves
  // out for --mode create and replace (one sorted index build instead of an
  // index insert per row), in one transaction on a connection of its own, so
  // workers go on claiming chunks meanwhile. Tables that have their keys
  // already are left alone (checked under the table's lock), so callers that
  // race, and a resumed finish, add each key once.
  // When rows share a key value (a source that did not enforce its key):
  // without `reject_duplicates`, DataError naming the table, key values and
  // the chunks their rows came from, and nothing changes; with it, every row
  // but the first of each key value (first by chunk, then by place) is taken
  // out of the table and handed to it, and the key is built.
  virtual Status AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables,
                         WriteMode mode, const DuplicateSink& reject_duplicates) = 0;
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
  // Whether target table `table.target_name` (in the store's schema) still
  // holds exactly the rows `table`'s chunks committed, and nothing else,
  // judged from row versions only, without reading a column value.
  virtual Result<UnchangedCheck> CheckUnchanged(const DoneTable& table) = 0;
};

}  // namespace ferry

#endif  // FERRY_RUN_STORE_H_
