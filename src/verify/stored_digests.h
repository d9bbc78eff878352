// Stored digests: the target side of a table as a chunked `ferry copy` run
// recorded it, so that verify can compare the source with it instead of
// reading the target.
//
// A run stores, per chunk (a range of the source's key, ferry/source.h), the
// rows it wrote and the sum of their RowHasher hashes (the same canonical
// hash verify computes, over the same target-typed rows after the same
// RowTransform). When the target table is unchanged since the run, those
// digests are the target's: verify reads the source at the run's chunk bounds,
// hashes it alike and compares chunk by chunk.
#ifndef FERRY_VERIFY_STORED_DIGESTS_H_
#define FERRY_VERIFY_STORED_DIGESTS_H_

#include <string>
#include <vector>

#include "digest/hash128.h"
#include "ferry/source.h"
#include "ferry/status.h"
#include "mapping/plan.h"

namespace ferry {

struct StoredChunk {
  Chunk chunk;  // source key range, as the run planned it
  RowDigest digest;
};

struct StoredTable {
  std::string run_id;
  std::vector<StoredChunk> chunks;  // cover every source key once, in order
};

// Where verify looks for stored digests. Implementations must be thread-safe:
// verify asks for several tables at once.
class StoredDigests {
 public:
  virtual ~StoredDigests() = default;
  // The stored digests of `table`'s target side, not yet checked against the
  // target; otherwise a status whose message says why there are none, for the
  // report.
  virtual Result<StoredTable> ForTable(const TablePlan& table) = 0;
  // OK when the digests ForTable gave may stand for the target table (it is
  // unchanged since the run); otherwise a status whose message says why not.
  // May take a while (it scans the table's row versions): verify runs it
  // while it reads the source.
  virtual Status CheckTargetUnchanged(const TablePlan& table) = 0;
};

}  // namespace ferry

#endif  // FERRY_VERIFY_STORED_DIGESTS_H_
