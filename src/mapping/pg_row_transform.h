// The RowTransform for PostgreSQL → PostgreSQL.
//
// PgSource's readers produce values already in the representation of each
// column's LogicalType, and the plan keeps the source's types, so a column
// whose logical type is unchanged is copied as it is (text and bytes into the
// output batch's arena). A column ferry.toml gives another type goes through
// the ValueConverter when the source values mean the same to it (integers,
// floats, numeric, text, json, bytea); other changes (a date into text, ...)
// are refused when the transform is built, saying which column.
#ifndef FERRY_MAPPING_PG_ROW_TRANSFORM_H_
#define FERRY_MAPPING_PG_ROW_TRANSFORM_H_

#include <memory>

#include "ferry/status.h"
#include "mapping/plan.h"
#include "mapping/row_transform.h"

namespace ferry {

// Not thread-safe; make one per reader thread.
Result<std::unique_ptr<RowTransform>> NewPgRowTransform(const TablePlan& table);

}  // namespace ferry

#endif  // FERRY_MAPPING_PG_ROW_TRANSFORM_H_
