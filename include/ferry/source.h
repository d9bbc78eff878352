// Source: where rows come from. One implementation per engine (SqliteSource,
// later MongoSource, PgSource) and MemorySource for tests (src/testing).
//
// A Source describes its tables and opens a BatchReader per chunk of a table.
// All readers of one Source read the same consistent snapshot; a Source that
// cannot give one says so in SnapshotNote().
#ifndef FERRY_SOURCE_H_
#define FERRY_SOURCE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ferry/batch.h"
#include "ferry/schema.h"
#include "ferry/status.h"

namespace ferry {

// A slice of a table by key range: rows with lower <= key < upper on the
// table's chunking key (an integer primary key or SQLite rowid). An absent
// bound is open. The default chunk is the whole table.
struct Chunk {
  int64_t id = 0;
  std::optional<int64_t> lower;
  std::optional<int64_t> upper;
};

// Reads rows of one chunk in batches, like leveldb's Iterator:
//
//   while (reader->Next(&batch)) { ... use batch ... }
//   if (!reader->status().ok()) { ... }
//
// Not thread-safe; one reader belongs to one thread.
class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // Clears `batch` and fills it with up to `max_rows` rows in the table's column order,
  // with values as the source holds them (for SQLite: its storage classes).
  // Returns false when no row was read: at the end, or on error (see status()).
  virtual bool Next(Batch* batch, size_t max_rows) = 0;
  virtual Status status() const = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  // Every table with its columns, keys and indexes, plus what will be skipped.
  virtual Result<DatabaseSchema> DescribeSchema() = 0;
  // Opens a reader over `chunk` of `table` (as returned by DescribeSchema).
  // Safe to call from several threads; each reader has its own connection/handle.
  virtual Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                          const Chunk& chunk) = 0;
  // How consistent reads are, in a sentence for the plan ("one SQLite read transaction").
  virtual std::string SnapshotNote() const = 0;
};

}  // namespace ferry

#endif  // FERRY_SOURCE_H_
