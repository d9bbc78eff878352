// One table job: copies every row of one table from a Source to a Target.
//
// A reader thread reads source batches, converts each row with the table's
// RowTransform and hands full batches to this thread through a bounded queue;
// this thread writes them with one BatchWriter (one connection, one
// transaction) and commits at the end. Batches travel back to the reader for
// reuse, so memory does not grow with the table.
#ifndef FERRY_PIPELINE_TABLE_JOB_H_
#define FERRY_PIPELINE_TABLE_JOB_H_

#include <functional>
#include <memory>
#include <stop_token>

#include "digest/hash128.h"
#include "ferry/source.h"
#include "ferry/target.h"
#include "mapping/plan.h"
#include "mapping/row_transform.h"
#include "pipeline/copy_options.h"
#include "pipeline/run_stats.h"

namespace ferry {

// Makes the RowTransform of one table; called on the job's reader thread.
using TransformFactory = std::function<Result<std::unique_ptr<RowTransform>>(const TablePlan&)>;

struct JobContext {
  Source* source = nullptr;
  Target* target = nullptr;
  const TransformFactory* make_transform = nullptr;
  const CopyOptions* options = nullptr;
};

// What a chunked run (chunked_copy.h) asks of a table job: copy only `chunk`,
// hash every written row (RowHasher, summed into a RowDigest), and commit with
// BatchWriter::CommitChunk(done), `done` completed with the rows written and
// their digest, so the chunk's record commits with its rows. Rejected rows of
// --on-error skip go to <rejects>/<table>.<chunk id>.ndjson (<table>.ndjson
// for a table that is one chunk), which a redone chunk replaces.
struct ChunkWork {
  Chunk chunk;
  ChunkDone done;  // run, worker, table and chunk; rows and content_hash are the job's
};

// Copies `plan`'s table (or only `chunk->chunk`), counting into `stats`.
// Returns OK once the rows are committed. Otherwise nothing of this job is visible in the target,
// and the status names the table (and for a bad row its key, column and reason): DataError for a
// bad row under --on-error stop, Connection for a lost connection, Cancelled when `stop` fired
// first.
Status RunTableJob(const JobContext& context, const TablePlan& plan, TableStats& stats,
                   std::stop_token stop, const ChunkWork* chunk = nullptr);

}  // namespace ferry

#endif  // FERRY_PIPELINE_TABLE_JOB_H_
