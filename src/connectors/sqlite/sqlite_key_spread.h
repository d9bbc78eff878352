// How the values of an integer key (an INTEGER PRIMARY KEY, another integer
// key, or rowid) of a SQLite table spread between its smallest and largest,
// learned from a few short walks of the key's b-tree instead of a scan.
//
// The range [min, max] is cut into kKeySpreadStrata strata of equal width;
// each is walked from its start for at most kKeySpreadWalk keys. A stratum
// with fewer keys is counted exactly; a fuller one is extrapolated from how
// wide its first kKeySpreadWalk keys are. A dense key (1, 2, 3, ...) is so
// estimated exactly, and random 63-bit ids or keys with gaps are not taken
// for as many rows as their span (the mistake this replaces).
//
// `even` says whether equal-width ranges of the key hold rows evenly enough
// to be chunks: every stratum walked holds keys for at least half its width.
// Otherwise chunk bounds must come from the keys themselves (stepped).
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_KEY_SPREAD_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_KEY_SPREAD_H_

#include <cstdint>
#include <string>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {

inline constexpr int kKeySpreadStrata = 32;
inline constexpr int64_t kKeySpreadWalk = 256;

struct IntegerKeySpread {
  enum class Kind { kEmpty, kNotIntegers, kIntegers };
  Kind kind = Kind::kEmpty;
  int64_t min = 0;  // kIntegers: the smallest and largest key
  int64_t max = 0;
  int64_t estimated_rows = 0;  // kIntegers: rows, as sampled (at least 1)
  bool even = false;           // kIntegers: equal-width ranges make fair chunks
};

// Samples `expression` (a quoted column name or "rowid") of `quoted_table`.
// kNotIntegers when its smallest or largest value is not an integer (SQLite
// types are per value); NULL keys are not counted. Reads at most
// kKeySpreadStrata * kKeySpreadWalk keys, each stratum from an index seek.
Result<IntegerKeySpread> SampleIntegerKey(SqliteDatabase& db, const std::string& quoted_table,
                                          const std::string& expression);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_KEY_SPREAD_H_
