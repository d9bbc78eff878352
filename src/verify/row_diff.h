// Row-level comparison: the rows of some slices read from both sides and
// matched by key, giving the differences verify reports.
//
//   missing  the key is in the source, not in the target
//   extra    the key is in the target, not in the source
//   changed  both have the key; the columns whose canonical values differ,
//            with both values as ValueText shows them
#ifndef FERRY_VERIFY_ROW_DIFF_H_
#define FERRY_VERIFY_ROW_DIFF_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "digest/hash128.h"
#include "digest/row_hasher.h"
#include "ferry/schema.h"
#include "verify/chunk_hasher.h"
#include "verify/table_side.h"

namespace ferry {

enum class DiffKind { kMissing, kExtra, kChanged };

// "missing", "extra", "changed".
std::string_view DiffKindName(DiffKind kind);

struct ColumnDifference {
  std::string column;
  std::string source_value;
  std::string target_value;
};

struct RowDifference {
  DiffKind kind = DiffKind::kChanged;
  std::string key;                        // "id=5", "playlist_id=1, track_id=2"
  std::vector<ColumnDifference> columns;  // kChanged only
};

// A row as read for comparison: its hash, and per column the canonical bytes
// (to compare) and what is needed to show it: ValueText, or for text and byte
// strings the bytes themselves (kind in shown_kind), so that long values are
// shown in part (DifferingValuesText). Floats compared with a tolerance also
// keep their value.
struct CollectedRow {
  Hash128 hash;
  int64_t count = 1;  // identical rows of a table without primary key
  std::string key_text;
  std::vector<std::string> canonical;
  std::vector<std::string> text;
  std::vector<ValueKind> shown_kind;  // kText, kBytes: `text` holds the bytes; else kNull
  std::vector<double> floats;         // per column; NaN when not a tolerance column or null
};

using CollectedRows = std::map<std::string, CollectedRow>;  // by canonical key bytes

// Reads every row of `side` inside the slices `within` (of `bits` bits) into a map.
Result<CollectedRows> CollectRows(TableSide& side, const TableSchema& target, RowHasher& hasher,
                                  int bits, const std::unordered_set<uint64_t>& within,
                                  size_t batch_rows);

// Compares the rows of both sides, appending differences in key order. With a
// float tolerance, float columns are compared by value (FloatsWithinTolerance).
void DiffRows(const TableSchema& target, const RowHasher& hasher, double float_tolerance,
              const CollectedRows& source, const CollectedRows& target_rows,
              std::vector<RowDifference>* out);

}  // namespace ferry

#endif  // FERRY_VERIFY_ROW_DIFF_H_
