// Chunks of a document file (a mongodump .bson file, an NDJSON file) by byte
// offsets, so a resumable copy can split one big collection file and any
// process, before or after a crash, reads exactly the same records per chunk.
//
// A chunk [lower, upper) holds the records whose first byte lies in it; the
// planner puts every bound at the start of a record, found by one pass over
// the file (BSON: the length prefixes; NDJSON: the line ends), and records
// with each bound (lower_key, upper_key) how many records (NDJSON: lines) come
// before it, so a reader starting there still numbers lines right. The first
// chunk is open below and the last above, as key-range chunks are. Compressed files cannot be
// entered in the middle: they are one kWhole chunk.
#ifndef FERRY_CONNECTORS_MONGO_FILE_CHUNKER_H_
#define FERRY_CONNECTORS_MONGO_FILE_CHUNKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ferry/source.h"

namespace ferry {

enum class RecordFormat { kBson, kNdjson };

// The part of a file a reader reads: records starting in [begin, end).
struct FileRange {
  uint64_t begin = 0;
  std::optional<uint64_t> end;  // nullopt: to the end of the file
  int64_t records_before = 0;   // NDJSON: lines before `begin`; BSON: documents
};

// The range a chunk of a file covers (the whole file for any chunk not by
// ChunkBy::kByteOffset).
FileRange FileRangeOf(const Chunk& chunk);

// True when `path` starts with the gzip magic bytes.
Result<bool> IsGzipFile(const std::string& path);

// Chunks of `chunk_rows` records (ids 0, 1, ...), or fewer where those would
// pass `chunk_bytes`, covering the whole of `path` by byte offsets; one kWhole
// chunk when the file is compressed or fits in one chunk.
// A damaged BSON length ends the scan: the rest is the last chunk, whose
// reader reports the damage with its offset.
Result<std::vector<Chunk>> PlanFileChunks(const std::string& path, RecordFormat format,
                                          int64_t chunk_rows, int64_t chunk_bytes = kChunkBytes);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_FILE_CHUNKER_H_
