// RowHasher: the canonical 128-bit hash of a row, shared by copy and verify.
//
// A row is hashed in the target representation of its columns' LogicalTypes
// (logical_type.h), so a row read from SQLite and mapped by the RowTransform
// hashes like the same row read back from PostgreSQL. Each value is first
// written in a canonical form, then the row's bytes go through XXH3-128:
//
//   null             its own tag (distinct from every value)
//   bool             one byte
//   int16/32/64      the integer, by value whatever the column's width
//   float32/64       the exact binary value as a double (float32 rounded to float
//                    first); -0.0 is 0.0 and every NaN is one NaN
//   numeric          the number, without trailing zeros or sign of zero
//                    (canonical_decimal.h): 1.50 equals 1.5
//   text             the UTF-8 bytes (no collation, no normalisation: "é"
//                    precomposed and decomposed differ, as they do in the data);
//                    char(n) without trailing spaces, which PostgreSQL pads
//                    and ignores ('x' is stored and read back as 'x   ')
//   bytes, uuid      the bytes (uuid: 16)
//   date, time, timestamp, timestamptz
//                    days / microseconds as integers (timestamptz in UTC)
//   json             sorted keys, normalised numbers (canonical_json.h)
//
// Keys are hashed the same way (KeyHash) and compared by canonical bytes, never
// by a collation order.
//
// With HashOptions::float_tolerance > 0 a float column contributes only whether
// it is null: a hash cannot say "nearly equal", so the caller must compare
// float values one by one (the verify runner then compares every row by key).
//
// To let `copy` store chunk digests that `verify` can reuse, copy hashes each
// row of a batch after the RowTransform with the same RowHasher and adds the
// hashes into a RowDigest (hash128.h) per chunk.
//
// Not thread-safe (it reuses buffers); cheap to create, one per thread.
#ifndef FERRY_DIGEST_ROW_HASHER_H_
#define FERRY_DIGEST_ROW_HASHER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "digest/canonical_json.h"
#include "digest/hash128.h"
#include "ferry/schema.h"
#include "ferry/status.h"
#include "ferry/value.h"

namespace ferry {

struct HashOptions {
  // Relative tolerance for float columns; 0 means exact (the default).
  double float_tolerance = 0;
};

// True for PostgreSQL's blank-padded types: char, character, bpchar, char(n)...
bool IsBlankPaddedType(std::string_view native_type);

class RowHasher {
 public:
  // Hashes rows of `table` (columns in its order). Keeps a copy of what it needs.
  explicit RowHasher(const TableSchema& table, HashOptions options = {});

  // The hash of `row` (table.columns.size() values). DataError names the column
  // when a value does not parse (numeric, JSON: refused as PostgreSQL's parser
  // would), and sets *bad_column (when given) to its index; Internal when a
  // value does not have its type's representation.
  Result<Hash128> HashRow(const Value* row, int* bad_column = nullptr);

  // Appends the canonical bytes of the primary-key values of `row` (all columns
  // when the table has no primary key): equal keys give equal bytes.
  Status AppendKey(const Value* row, std::string* out);

  // Appends the canonical bytes of `value` as column `column`.
  Status AppendCanonical(int column, const Value& value, std::string* out);

  // True when column `column` is a float compared with a tolerance.
  bool IsToleranceColumn(int column) const;

  const std::vector<int>& key_columns() const { return key_columns_; }

 private:
  Status Mismatch(int column, const Value& value) const;

  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  std::vector<bool> blank_padded_;  // char(n): trailing spaces do not count
  std::vector<int> key_columns_;
  HashOptions options_;
  std::string buffer_;
  JsonCanonicalizer json_;
};

// True when `a` and `b` (doubles of a float column) are equal within the relative
// tolerance: |a - b| <= tolerance × max(|a|, |b|); NaN equals NaN.
bool FloatsWithinTolerance(double a, double b, double tolerance);

}  // namespace ferry

#endif  // FERRY_DIGEST_ROW_HASHER_H_
