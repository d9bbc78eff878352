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
#include <string_view>
#include <vector>

#include "ferry/batch.h"
#include "ferry/native_schema.h"
#include "ferry/schema.h"
#include "ferry/status.h"

namespace ferry {

// What a chunk's bounds are compared with (the plan says which, per table).
enum class ChunkBy : uint8_t {
  kIntegerKey,  // lower/upper: values of a single-column integer primary key
  kRowid,       // lower/upper: SQLite rowids (tables without a usable key)
  kCtid,        // lower/upper: PostgreSQL heap page numbers of ctid (tables without a key)
  kKeyValues,   // lower_key/upper_key: primary-key tuples sampled from the key order
  kIdRange,     // lower_key/upper_key: one MongoDB _id each (ObjectId as 12 bytes, string as
                // text, numbers as int64 or double), compared in MongoDB's order
  kByteOffset,  // lower/upper: byte offsets of record starts in the source file (a record
                // belongs to the chunk its first byte is in); lower_key/upper_key: one
                // int64 each, the lines (NDJSON) or documents (BSON) before that offset,
                // so errors number lines right
  kWhole,       // no bounds: the whole table in one chunk
};

// "integer key", "rowid", "ctid", "key values", "_id ranges", "byte offsets", "whole table".
std::string_view ChunkByName(ChunkBy by);
// The inverse of ChunkByName; false (and *by unchanged) for an unknown name.
bool ParseChunkBy(std::string_view name, ChunkBy* by);

// One value of a key bound. Unlike Value it owns its bytes, so chunks can be
// stored and passed between threads. kind is kInt64, kDouble, kText or kBytes.
struct KeyPart {
  ValueKind kind = ValueKind::kInt64;
  int64_t int_value = 0;
  double double_value = 0;
  std::string bytes;  // kText, kBytes

  friend bool operator==(const KeyPart&, const KeyPart&) = default;
};

// A slice of a table by key range: rows with lower <= key < upper on the
// table's chunking key (see ChunkBy). An absent bound is open; rows whose key
// is NULL belong to the chunk whose lower bound is open. The default chunk is
// the whole table. The chunks a Source plans for a table cover every row
// exactly once.
struct Chunk {
  int64_t id = 0;
  std::optional<int64_t> lower;
  std::optional<int64_t> upper;
  ChunkBy by = ChunkBy::kIntegerKey;
  std::vector<KeyPart> lower_key = {};  // kKeyValues: one part per key column; empty = open
  std::vector<KeyPart> upper_key = {};
  int64_t estimated_rows = -1;  // -1: unknown

  // True when the chunk has no bound at all (the whole table).
  bool IsWhole() const { return !lower && !upper && lower_key.empty() && upper_key.empty(); }
};

// Chunks hold about this many bytes of source rows at most, whatever their
// row count allows: 100,000 rows of 1 KB each take twice as long to copy as
// 100,000 rows of 100 bytes, so a table of wide rows planned by rows alone
// leaves one worker on its last chunk long after the others are idle.
inline constexpr int64_t kChunkBytes = 16 << 20;

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
  // Splits `table` into chunks of about `chunk_rows` rows (chunk ids 0, 1, ...)
  // that together cover every row once, in the snapshot readers see. The
  // caller passes fewer rows for tables whose size estimate says they are wide
  // (kChunkBytes); sources that see sizes while they plan (files) cut at
  // kChunkBytes themselves. The default is one chunk of the whole table, for
  // sources that cannot split.
  virtual Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) {
    return std::vector<Chunk>{Chunk{}};
  }
  // Raw rows (batch.h): the format in which this source's readers can give
  // each row also as the source sends it, for a target that takes that form
  // as it is; "" when they cannot (the default).
  virtual std::string raw_row_format() const { return ""; }
  // Why the rows of `table` cannot travel in raw_row_format() ("column mood:
  // ..."), or "" when they can: every column's raw form means the same to a
  // target whose column has the same type, whatever database it is in.
  virtual Result<std::string> RawRowsWhyNot(const TableSchema& table) {
    return std::string("the source gives no raw rows");
  }
  // As OpenReader, with every batch also carrying its rows in
  // raw_row_format() (Batch::HasRawRows). Call only for a table
  // RawRowsWhyNot found nothing against.
  virtual Result<std::unique_ptr<BatchReader>> OpenRawReader(const TableSchema& table,
                                                             const Chunk& chunk) {
    return Status::Internal("this source gives no raw rows");
  }
  // The source's schema in its own engine's DDL (native_schema.h), for a
  // target of the same family to restore as it is; read in the snapshot the
  // readers see. FailedPrecondition for sources that have none.
  virtual Result<NativeSchema> DumpNativeSchema(const NativeSchemaRequest& /*request*/) {
    return Status::FailedPrecondition("this source has no native schema to dump");
  }
  // Why this source's own schema cannot be dumped here (its dump tool is
  // missing or too old for the server), as a sentence; "" when it can.
  virtual std::string WhyNoNativeSchema() { return ""; }
  // Statements, in `schema`'s dialect, that give the target's sequences of
  // `schema` the state the source's have now. Sequences are not transactional: call after the rows
  // are copied, so no key a copied row holds is issued again.
  virtual Result<std::vector<NativeSchemaEntry>> ReadNativeSequenceStates(
      const NativeSchema& /*schema*/) {
    return Status::FailedPrecondition("this source has no native schema to dump");
  }
};

}  // namespace ferry

#endif  // FERRY_SOURCE_H_
