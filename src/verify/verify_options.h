// Options of one verify (ferry verify's flags, after parsing).
#ifndef FERRY_VERIFY_VERIFY_OPTIONS_H_
#define FERRY_VERIFY_VERIFY_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ferry {

enum class VerifyLevel {
  kCount,  // rows per table
  kHash,   // digests of chunks of canonical rows
  kRow,    // and, where chunks differ, the differing rows by bisection
};

// "count", "hash", "row"; ParseVerifyLevel is its inverse (false when unknown).
std::string_view VerifyLevelName(VerifyLevel level);
bool ParseVerifyLevel(std::string_view name, VerifyLevel* level);

struct VerifyOptions {
  VerifyLevel level = VerifyLevel::kHash;
  int jobs = 1;                // tables verified at once (each reads both sides at once)
  size_t max_diffs = 100;      // differences listed per table; the rest are counted
  double float_tolerance = 0;  // relative; 0: floats must be equal to the bit
  int64_t chunk_rows = 4096;   // about this many rows per chunk
  int slice_bits = 18;         // a scan keeps digests of 2^slice_bits slices (at most 18)
  int64_t row_budget = 50000;  // rows held in memory per row-level pass and side
  size_t batch_rows = 2048;
};

}  // namespace ferry

#endif  // FERRY_VERIFY_VERIFY_OPTIONS_H_
