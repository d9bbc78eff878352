// TableSide: what verify reads on one side of one table of the plan.
//
// Both sides yield rows in the target table's column order, each value in the
// target representation of its LogicalType: the source side by reading the
// source table and applying the same RowTransform as `copy`; the target side
// by reading the target table (e.g. with PgSource) as the plan describes it.
// Every Open() reads the whole table again (verify's passes are full scans:
// source readers need not support key ranges), or one chunk of the source
// when verify compares it with the digests a copy run stored.
#ifndef FERRY_VERIFY_TABLE_SIDE_H_
#define FERRY_VERIFY_TABLE_SIDE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "ferry/source.h"
#include "mapping/row_transform.h"

namespace ferry {

// Makes the RowTransform for one reader (a transform is not thread-safe).
using SideTransformFactory = std::function<Result<std::unique_ptr<RowTransform>>()>;

// Rows the RowTransform refused: they cannot be in the target as they are.
struct Rejections {
  int64_t rows = 0;
  std::string first_reason;  // "column \"x\" (numeric): text 'abc' is not a number"
  // Rows left out as known (Rejection::kKnown): not counted in `rows`.
  int64_t accepted = 0;
};

class TableSide {
 public:
  // `source` is not owned and must outlive this object. `read_as` is the table as
  // given to Source::OpenReader. `make_transform` is null when the rows are
  // already in the target representation (the target side).
  // `label` names the side in messages ("source table \"Album\"").
  TableSide(std::string label, Source* source, TableSchema read_as, int target_columns,
            SideTransformFactory make_transform = nullptr)
      : label_(std::move(label)),
        source_(source),
        read_as_(std::move(read_as)),
        target_columns_(target_columns),
        make_transform_(std::move(make_transform)) {}

  // A reader over every row of `chunk` (default: the whole table; a chunk
  // as the Source planned it). When `rejections` is given, rows the transform
  // refuses are counted there; they are skipped either way.
  Result<std::unique_ptr<BatchReader>> Open(Rejections* rejections = nullptr,
                                            const Chunk& chunk = Chunk{});

  const std::string& label() const { return label_; }

 private:
  std::string label_;
  Source* source_;
  TableSchema read_as_;
  int target_columns_;
  SideTransformFactory make_transform_;
};

}  // namespace ferry

#endif  // FERRY_VERIFY_TABLE_SIDE_H_
