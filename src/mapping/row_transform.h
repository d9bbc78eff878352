// RowTransform: turns one source row into one target row, or says why not.
//
// The pipeline calls it on the reader's thread for every row. An
// implementation holds the per-column conversions of one TablePlan (e.g.
// SQLite text "2024-01-31" into a kDate value) and never allocates per value:
// text and bytes go into the output batch's arena.
#ifndef FERRY_MAPPING_ROW_TRANSFORM_H_
#define FERRY_MAPPING_ROW_TRANSFORM_H_

#include <string>

#include "ferry/batch.h"
#include "ferry/status.h"
#include "ferry/value.h"

namespace ferry {

// Why a row could not be converted.
struct Rejection {
  // A row the caller asked to leave out, known to be absent from the target
  // (verify --accept-rejects: a row the copy set aside).
  static constexpr int kKnown = -2;
  int target_column = -1;  // index into the target columns, -1 when not about one column
  std::string reason;      // e.g. "invalid UTF-8 at byte 7", "'31/02/2024' is not a date"
};

class RowTransform {
 public:
  virtual ~RowTransform() = default;
  // Appends the converted `source_row` (source column order) to `out` and returns true;
  // or appends nothing, fills *rejection and returns false.
  virtual bool Apply(const Value* source_row, Batch* out, Rejection* rejection) = 0;

  // Asked before the first Apply by a caller that can hash every row Apply
  // keeps with a RowHasher (digest/row_hasher.h), on the thread that calls
  // Apply: the hasher's JSON parse refuses what PostgreSQL's does. True when
  // the transform then skips its own parse of JSON text (it has JSON columns),
  // so each value is parsed once: the caller must then hash those rows on this
  // thread and reject the ones that do not parse. False (the default) when
  // nothing is saved, and the caller may hash where it likes.
  virtual bool LeaveJsonParseToCaller() { return false; }
};

}  // namespace ferry

#endif  // FERRY_MAPPING_ROW_TRANSFORM_H_
