// Chunk workers: the threads of one process that copy the chunks of a run.
//
// Each worker claims a chunk from the RunStore, copies it with a table job
// (read, convert, hash, COPY) and commits it together with its "done" record,
// then claims the next, until no chunk is left. A heartbeat thread keeps the
// claims of this process alive. When nothing is left to claim but chunks held
// by other workers are unfinished, workers wait: a claim whose worker died
// expires and is taken over. A worker known dead (same host, its pid gone or
// reused: worker_liveness.h) has its claims taken over at once, with a
// warning; any other wait is logged with whom it waits for and how long at most.
//
// Failures decide by their code: kConnection (the target or the state
// connection dropped) gives the chunk back, waits with exponential backoff
// and goes on, up to `max_retries` failures in a row; a lost claim
// (FailedPrecondition from CommitChunk) just moves on; anything else stops
// every worker, gives the claims back and is returned.
#ifndef FERRY_PIPELINE_CHUNK_WORKERS_H_
#define FERRY_PIPELINE_CHUNK_WORKERS_H_

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>

#include "ferry/run_catalog.h"
#include "ferry/source.h"
#include "ferry/target.h"
#include "mapping/plan.h"
#include "pipeline/copy_options.h"
#include "pipeline/run_observer.h"
#include "pipeline/run_stats.h"
#include "pipeline/table_job.h"

namespace ferry {

struct ChunkWorkersContext {
  RunCatalog* catalog = nullptr;  // the run's claims, heartbeats and progress
  std::string run_id;
  Source* source = nullptr;  // reads the run's snapshot
  Target* target = nullptr;
  const Plan* plan = nullptr;  // tables in the run's table order
  const TransformFactory* make_transform = nullptr;
  CopyOptions options;              // mode: the run's (ChunkWriteMode)
  RunStats* stats = nullptr;        // one TableStats per plan table
  RunObserver* observer = nullptr;  // TableStarted, ChunkDone (null: none)
  std::string process;              // "host:pid", the prefix of this process's worker ids
  std::chrono::seconds claim_timeout{30};
  int max_retries = 10;
  std::chrono::milliseconds first_backoff{250};
  // Called by the worker that committed the last chunk of table `table_no`
  // (plan index), e.g. to build its keys while other tables are still copied.
  // May be called more than once for a table (workers racing, a resumed run).
  std::function<Status(int table_no)> table_copied;
};

// The mode a chunk's writer opens in: the run's for a whole-table chunk,
// which readies its table itself (RunStore::CreateRun); else kUpsert or
// kAppend, as the run readied the table. kAppend for a table the source's
// own schema created with the run (`native_schema`).
WriteMode ChunkWriteMode(WriteMode run_mode, const Chunk& chunk, bool native_schema = false);

// Runs options.jobs workers until the run has no chunk left to copy. OK when
// every chunk is done (by these workers or others).
Status RunChunkWorkers(const ChunkWorkersContext& context, std::stop_token stop);

}  // namespace ferry

#endif  // FERRY_PIPELINE_CHUNK_WORKERS_H_
