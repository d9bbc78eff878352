// Target: where rows go. PgTarget (src/connectors/postgres) for the PostgreSQL
// family; MemoryTarget/FailingTarget for tests (src/testing).
//
// The copy creates tables (without secondary indexes and foreign keys), writes
// each table through BatchWriters, then adds indexes, foreign keys and sequence
// values. A writer's rows become visible only when Commit() succeeds, so a
// failed or abandoned writer leaves the table as it was.
#ifndef FERRY_TARGET_H_
#define FERRY_TARGET_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/batch.h"
#include "ferry/native_schema.h"
#include "ferry/schema.h"
#include "ferry/source.h"
#include "ferry/status.h"

namespace ferry {

// What a copy does with its target tables (ferry copy --mode).
enum class WriteMode {
  kCreate,    // create each table; fail before any data moves if one exists
  kReplace,   // drop and recreate each table
  kTruncate,  // empty each existing table, then load
  kAppend,    // insert into each existing table
  kUpsert,    // insert or update on the primary key
};

// "create", "replace", ... and back; false when `name` is not a mode.
std::string_view WriteModeName(WriteMode mode);
bool ParseWriteMode(std::string_view name, WriteMode* mode);

// The record that one chunk of a run is done (the chunk a RunStore claim
// names). A chunk's writer commits it in the same transaction as the chunk's
// rows, by the target's own means, so a chunk lands exactly once.
struct ChunkDone {
  std::string run_id;
  std::string worker;  // the worker id that holds the claim
  int table_no = 0;    // the claim's table (index into the run's tables)
  int64_t chunk_id = 0;
  int64_t rows = 0;          // rows written
  std::string content_hash;  // hex of the sum of 128-bit row hashes ("" when not hashed)
};

// Writes batches of one table (values in the target representation of its
// LogicalTypes, columns in TableSchema order) inside one transaction that also
// readies the table for the mode (creates, recreates or empties it). Nothing
// is visible to others before Commit(). Not thread-safe.
class BatchWriter {
 public:
  virtual ~BatchWriter() = default;  // rolls back unless committed
  // On a DataError about one row of `batch` sets *bad_row to its index (else
  // leaves it alone); the writer is then unusable and must be dropped.
  virtual Status Write(const Batch& batch, size_t* bad_row) = 0;
  // Makes every row written so far durable and visible, atomically.
  virtual Status Commit() = 0;
  // Commit(), with `done` recorded in the target's run state in the same
  // transaction: the rows and the record become visible together, or neither.
  // FailedPrecondition, and nothing committed, when `done.worker` no longer
  // holds the claim on the chunk (it expired and another worker took it).
  virtual Status CommitChunk(const ChunkDone& done) = 0;
  // After a failed Write or Commit: the position (0-based, among every row
  // written) of the one row the target refused, when the failure was that
  // row's alone (a value or constraint it does not accept); -1 otherwise.
  virtual int64_t RefusedRow() const { return -1; }
  // True when Write sends the batches' raw rows as they are (Target::OpenRawWriter).
  virtual bool writes_raw_rows() const { return false; }
};

class Target {
 public:
  virtual ~Target() = default;
  // Checks, before any data moves, that `tables` (target schemas) can be written
  // in `mode`: kCreate fails with AlreadyExists naming every table that exists;
  // kTruncate/kAppend/kUpsert fail with NotFound naming those that do not.
  virtual Status Prepare(const std::vector<TableSchema>& tables, WriteMode mode) = 0;
  // Opens a writer for `chunk` of `table`. Safe to call from several threads;
  // each writer has its own connection.
  virtual Result<std::unique_ptr<BatchWriter>> OpenWriter(const TableSchema& table,
                                                          const Chunk& chunk, WriteMode mode) = 0;
  // After the data: secondary indexes (up to `parallelism` at once), then
  // foreign keys, then identity sequences past the largest value. A foreign
  // key the copied rows break (rows referring to keys the referenced table
  // does not hold) fails Finish with DataError naming the constraint, those
  // rows and the missing keys; when `broken_foreign_keys` is given
  // (--on-error skip), it is left out and listed there instead, and Finish
  // goes on. Each step does nothing when its object exists, so Finish may run
  // again after it failed part-way.
  virtual Status Finish(const std::vector<TableSchema>& tables, int parallelism,
                        std::vector<SkippedObject>* broken_foreign_keys) = 0;
  // Raw rows (batch.h): the format of raw rows this target's writers can
  // write as they are, without encoding the values; "" when none (the default).
  virtual std::string raw_row_format() const { return ""; }
  // As OpenWriter, for batches that also carry their rows in raw_row_format()
  // (Batch::HasRawRows): the writer writes those bytes as they are when the
  // target table's columns take them (same types, raw forms that mean the
  // same there), else it encodes the values as OpenWriter's would. The default
  // always encodes the values.
  virtual Result<std::unique_ptr<BatchWriter>> OpenRawWriter(const TableSchema& table,
                                                             const Chunk& chunk, WriteMode mode) {
    return OpenWriter(table, chunk, mode);
  }
  // After Finish: creates the source's `sequences` the target lacks, makes them
  // the defaults of the columns of `tables` that draw from them, and sets each
  // past every value the source or those columns have used. Idempotent.
  // Targets without sequences ignore it.
  virtual Status FinishSequences(const std::vector<Sequence>& /*sequences*/,
                                 const std::vector<TableSchema>& /*tables*/) {
    return Status::OK();
  }
  // After the rows of tables a run created from the source's own schema
  // (RunSetup::native): its post-data (indexes and keys, `jobs` at once, then
  // foreign keys, triggers, rules, policies, materialized view refreshes),
  // then ANALYZE. What cannot be restored is listed in `not_restored` (kind,
  // name, the server's error). An object that exists already counts as
  // restored, so this may run again after a crash. FailedPrecondition for targets
  // that cannot restore `schema.dialect`.
  virtual Status RestorePostData(const NativeSchema& /*schema*/, int /*jobs*/,
                                 std::vector<SkippedObject>* /*not_restored*/) {
    return Status::FailedPrecondition("this target cannot restore a native schema");
  }
  // Why this target, though of the source's engine, cannot take the source's
  // own schema (a server of the family whose DDL differs), as a sentence;
  // "" when it can.
  virtual std::string WhyNoNativeSchema() const { return ""; }
  // Drops `table` (a table this run created before it failed).
  virtual Status DropTable(const TableSchema& table) = 0;
  // Where the data goes, for logs and reports (URLs redacted).
  virtual std::string Describe() const = 0;
};

}  // namespace ferry

#endif  // FERRY_TARGET_H_
