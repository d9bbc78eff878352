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

#include "ferry/batch.h"
#include "ferry/schema.h"
#include "ferry/source.h"
#include "ferry/status.h"

namespace ferry {

// Writes batches of one table (values in the target representation of its
// LogicalTypes, columns in TableSchema order). Not thread-safe.
class BatchWriter {
 public:
  virtual ~BatchWriter() = default;  // rolls back unless committed
  virtual Status Write(const Batch& batch) = 0;
  // Makes every row written so far durable and visible, atomically.
  virtual Status Commit() = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  // Opens a writer for `chunk` of `table` (a table of the target schema that
  // exists). Safe to call from several threads; each writer has its own connection.
  virtual Result<std::unique_ptr<BatchWriter>> OpenWriter(const TableSchema& table,
                                                          const Chunk& chunk) = 0;
};

}  // namespace ferry

#endif  // FERRY_TARGET_H_
