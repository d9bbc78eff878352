// The RowTransform for SQLite → PostgreSQL: one ValueConverter per target column.
#ifndef FERRY_MAPPING_SQLITE_ROW_TRANSFORM_H_
#define FERRY_MAPPING_SQLITE_ROW_TRANSFORM_H_

#include <memory>

#include "ferry/status.h"
#include "mapping/plan.h"
#include "mapping/row_transform.h"

namespace ferry {

// Builds the transform of `table` (from BuildPlan): it reads source rows in
// `table.source` column order, as SqliteSource's readers produce them, and
// appends rows in `table.target` column order. Rejections name the target
// column: `reason` is "column \"unit_price\" (numeric(10,2)): text 'abc' is
// not a decimal number". The transform is not thread-safe; make one per
// reader thread. Fails when a column's target type is not one ferry knows.
Result<std::unique_ptr<RowTransform>> NewSqliteRowTransform(const TablePlan& table);

}  // namespace ferry

#endif  // FERRY_MAPPING_SQLITE_ROW_TRANSFORM_H_
