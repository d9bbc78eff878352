// Hash128: a 128-bit hash, and the order-independent digest of a set of rows.
//
// Row hashes are combined by addition modulo 2^128, so a chunk's digest does
// not depend on the order rows are read in, and digests of disjoint parts add
// up to the digest of the whole (copy can sum while it loads; verify can split).
#ifndef FERRY_DIGEST_HASH128_H_
#define FERRY_DIGEST_HASH128_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry {

struct Hash128 {
  uint64_t low = 0;
  uint64_t high = 0;

  Hash128& operator+=(const Hash128& other) {
    low += other.low;
    high += other.high + (low < other.low ? 1 : 0);  // carry
    return *this;
  }
  friend bool operator==(const Hash128&, const Hash128&) = default;
  friend bool operator<(const Hash128& a, const Hash128& b) {
    return a.high != b.high ? a.high < b.high : a.low < b.low;
  }

  // 32 lower-case hex digits, most significant first.
  std::string ToHex() const;
  // The inverse of ToHex (either letter case); false when `hex` is not 32 hex digits.
  static bool FromHex(std::string_view hex, Hash128* out);
};

// The digest of a set of rows: how many, and the sum of their hashes.
struct RowDigest {
  int64_t rows = 0;
  Hash128 sum;

  void Add(const Hash128& row_hash) {
    ++rows;
    sum += row_hash;
  }
  RowDigest& operator+=(const RowDigest& other) {
    rows += other.rows;
    sum += other.sum;
    return *this;
  }
  friend bool operator==(const RowDigest&, const RowDigest&) = default;
};

}  // namespace ferry

#endif  // FERRY_DIGEST_HASH128_H_
