// Verifying one table: counts, chunk digests, then bisection down to rows.
//
//   1. digests   one scan of each side, at the same time on two threads, giving
//                rows and a RowDigest per chunk (chunk_hasher.h); the scan keeps
//                digests of 2^slice_bits fine slices, whose sums are the chunks'
//   2. bisect    (--level row) the fine slices that differ, within the chunks
//                that differ, are split 16 ways and hashed again, only their
//                rows, until the rows of the differing slices fit in the row budget
//   3. rows      the rows of those slices are read from both sides, matched by
//                key and compared column by column (row_diff.h)
//
// With a float tolerance (and a float column) every chunk goes to step 3, at
// hash level too: a hash cannot tell "nearly equal", so float columns are left
// out of the digests and compared by value, row by row.
#ifndef FERRY_VERIFY_TABLE_VERIFIER_H_
#define FERRY_VERIFY_TABLE_VERIFIER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ferry/schema.h"
#include "ferry/status.h"
#include "verify/row_diff.h"
#include "verify/table_side.h"
#include "verify/verify_options.h"

namespace ferry {

struct TableResult {
  std::string source_table;
  std::string target_table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  int64_t chunks = 0;  // non-empty chunks compared
  int64_t chunks_differing = 0;
  Rejections rejected;                          // source rows the mapping refuses
  std::vector<std::string> schema_differences;  // then the data is not compared
  std::vector<RowDifference> differences;       // the first max_diffs (row level)
  int64_t differences_total = 0;                // every differing row found
  int scans = 0;                                // times each side was read
  // The copy run whose stored digests stood for the target side ("" when the
  // target was read), and otherwise why they could not.
  std::string target_from_run;
  std::string target_read_because;
  double seconds = 0;
  Status error;  // the table could not be verified

  bool Differs() const {
    return source_rows != target_rows || chunks_differing > 0 || rejected.rows > 0 ||
           !schema_differences.empty() || differences_total > 0;
  }
};

// Compares `source` and `target` (rows of `table`, the plan's target table) and
// fills the counts, chunks and differences of *result (names are the caller's).
// Chunks hold about options.chunk_rows rows. Errors go to result->error.
void VerifyTable(TableSide& source, TableSide& target, const TableSchema& table,
                 const VerifyOptions& options, TableResult* result);

// True when `table` has a float32 or float64 column.
bool HasFloatColumn(const TableSchema& table);

}  // namespace ferry

#endif  // FERRY_VERIFY_TABLE_VERIFIER_H_
