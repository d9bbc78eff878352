// Chunk digests: the rows of a table split into chunks, and per chunk the
// count and the sum of the canonical row hashes (RowDigest).
//
// Chunks are defined on both sides by the same rule, from the row's key only:
// a 64-bit hash of the canonical key bytes (KeyHash), whose top `bits` bits
// name the chunk (a Slice). So a chunk is the same set of keys on both sides,
// whatever each engine's key type, collation or row order, and one scan of a
// side yields the digests of all its chunks. Bisection splits a slice into the
// 16 slices of bits + 4 and hashes again, only the rows inside the slices asked for.
//
// `copy` stores digests of its own chunks (source key ranges, not slices) as it
// writes them; verify compares the source with those instead of reading the
// target when it can (stored_digests.h).
#ifndef FERRY_VERIFY_CHUNK_HASHER_H_
#define FERRY_VERIFY_CHUNK_HASHER_H_

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "digest/hash128.h"
#include "digest/row_hasher.h"
#include "ferry/status.h"
#include "verify/table_side.h"

namespace ferry {

// XXH3-64 of a row's canonical key bytes (RowHasher::AppendKey).
uint64_t KeyHash(std::string_view canonical_key);

// The rows whose key hash has `prefix` as its top `bits` bits (0 <= bits <= 64).
struct Slice {
  uint64_t prefix = 0;
  int bits = 0;

  static uint64_t PrefixOf(uint64_t key_hash, int bits) {
    return bits == 0 ? 0 : key_hash >> (64 - bits);
  }
};

using SliceDigests = std::unordered_map<uint64_t, RowDigest>;  // by prefix

// A full scan with slices of at most this many bits keeps its digests in a flat
// array (8 MB at most), which is much faster than a map.
inline constexpr int kDenseSliceBits = 18;

// One scan of a side.
struct DigestPass {
  int bits = 0;  // digests are per slice of this many bits
  // When set: only rows inside these slices of `within_bits` bits are hashed.
  const std::unordered_set<uint64_t>* within = nullptr;
  int within_bits = 0;
  bool count_only = false;  // count rows, hash nothing (--level count)
  size_t batch_rows = 2048;
};

// Reads every row of `side` (rows of `target`, hashed by `hasher` made for it)
// and returns the digest of every non-empty slice. Errors name the side and, for
// a value that cannot be hashed, the key.
Result<SliceDigests> DigestSide(TableSide& side, const TableSchema& target, RowHasher& hasher,
                                const DigestPass& pass, Rejections* rejections = nullptr);

// Text of the key of `row` for messages: "id=5" or "a=1, b='x'".
std::string KeyText(const TableSchema& table, const std::vector<int>& key_columns,
                    const Value* row);

}  // namespace ferry

#endif  // FERRY_VERIFY_CHUNK_HASHER_H_
