#include "connectors/sqlite/sqlite_key_spread.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ferry {
namespace {

// Where stratum `j` of `strata` starts, as an offset from min, for a range
// of `values` key values (unsigned: INT64_MIN..INT64_MAX nearly fits).
// REQUIRES: 0 < strata <= values, j <= strata.
uint64_t StratumStart(uint64_t values, uint64_t strata, uint64_t j) {
  return (values / strata) * j + ((values % strata) * j) / strata;
}

// min() and max() in statements of their own: SQLite answers each from the
// end of the key's b-tree, but scans the table for both in one SELECT.
Status ReadEnds(SqliteDatabase& db, const std::string& table, const std::string& expression,
                IntegerKeySpread* spread) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement min_statement,
                         db.Prepare("SELECT min(" + expression + ") FROM " + table));
  FERRY_ASSIGN_OR_RETURN(SqliteStatement max_statement,
                         db.Prepare("SELECT max(" + expression + ") FROM " + table));
  FERRY_ASSIGN_OR_RETURN(bool has_min, min_statement.Step());
  FERRY_ASSIGN_OR_RETURN(bool has_max, max_statement.Step());
  if (!has_min || !has_max || min_statement.ColumnType(0) == SQLITE_NULL) {
    spread->kind = IntegerKeySpread::Kind::kEmpty;
  } else if (min_statement.ColumnType(0) != SQLITE_INTEGER ||
             max_statement.ColumnType(0) != SQLITE_INTEGER) {
    spread->kind = IntegerKeySpread::Kind::kNotIntegers;
  } else {
    spread->kind = IntegerKeySpread::Kind::kIntegers;
    spread->min = min_statement.ColumnInt64(0);
    spread->max = max_statement.ColumnInt64(0);
  }
  return Status::OK();
}

// Rows in [first, last] as far as the first kKeySpreadWalk keys tell, and
// their density (rows per key value) where they were seen.
struct StratumSample {
  double rows = 0;
  double density = 0;
};

Result<StratumSample> WalkStratum(SqliteStatement& walk, int64_t first, int64_t last) {
  FERRY_RETURN_IF_ERROR(walk.Reset());
  FERRY_RETURN_IF_ERROR(walk.BindInt64(1, first));
  FERRY_RETURN_IF_ERROR(walk.BindInt64(2, last));
  FERRY_ASSIGN_OR_RETURN(bool row, walk.Step());
  int64_t seen = row ? walk.ColumnInt64(0) : 0;
  double width =
      static_cast<double>(static_cast<uint64_t>(last) - static_cast<uint64_t>(first)) + 1;
  StratumSample sample;
  if (seen < kKeySpreadWalk) {  // the whole stratum, counted
    sample.rows = static_cast<double>(seen);
    sample.density = static_cast<double>(seen) / width;
    return sample;
  }
  // The walk stopped at its kKeySpreadWalk-th key: extrapolate from the width it covered.
  double covered = std::max(walk.ColumnDouble(1) - static_cast<double>(first) + 1, 1.0);
  sample.density = std::min(static_cast<double>(seen) / covered, 1.0);
  sample.rows = sample.density * width;
  return sample;
}

}  // namespace

Result<IntegerKeySpread> SampleIntegerKey(SqliteDatabase& db, const std::string& quoted_table,
                                          const std::string& expression) {
  IntegerKeySpread spread;
  FERRY_RETURN_IF_ERROR(ReadEnds(db, quoted_table, expression, &spread));
  if (spread.kind != IntegerKeySpread::Kind::kIntegers) return spread;
  FERRY_ASSIGN_OR_RETURN(SqliteStatement walk,
                         db.Prepare("SELECT count(*), max(k) FROM (SELECT " + expression +
                                    " AS k FROM " + quoted_table + " WHERE " + expression +
                                    " >= ?1 AND " + expression + " <= ?2 ORDER BY " + expression +
                                    " LIMIT " + std::to_string(kKeySpreadWalk) + ")"));
  uint64_t span = static_cast<uint64_t>(spread.max) - static_cast<uint64_t>(spread.min);
  uint64_t strata = std::min<uint64_t>(span, kKeySpreadStrata - 1) + 1;
  // One value short for INT64_MIN..INT64_MAX, which only moves a boundary.
  uint64_t values = span == std::numeric_limits<uint64_t>::max() ? span : span + 1;
  double rows = 0;
  spread.even = true;
  for (uint64_t j = 0; j < strata; ++j) {
    auto first =
        static_cast<int64_t>(static_cast<uint64_t>(spread.min) + StratumStart(values, strata, j));
    int64_t last = j + 1 == strata ? spread.max
                                   : static_cast<int64_t>(static_cast<uint64_t>(spread.min) +
                                                          StratumStart(values, strata, j + 1) - 1);
    FERRY_ASSIGN_OR_RETURN(StratumSample sample, WalkStratum(walk, first, last));
    rows += sample.rows;
    spread.even = spread.even && sample.density >= 0.5;
  }
  // Below 2^63 as a double, so that the conversion is defined.
  spread.estimated_rows = static_cast<int64_t>(std::clamp(std::round(rows), 1.0, 9.0e18));
  return spread;
}

}  // namespace ferry
