// The second half of BuildPlan: keys, indexes and foreign keys of target tables
// whose columns are already mapped, and the order tables are created in.
#ifndef FERRY_MAPPING_PLAN_CONSTRAINTS_H_
#define FERRY_MAPPING_PLAN_CONSTRAINTS_H_

#include "mapping/plan.h"

namespace ferry {

// Fills target.primary_key, unique_keys, indexes and foreign_keys of every
// table from its source, with target names. Index names are
// "<table>_<columns>_idx" and foreign keys "<table>_<columns>_fkey" (PostgreSQL's
// own convention), shortened to 63 bytes and unique. A key, index or foreign
// key that uses an excluded column or table, or that PostgreSQL cannot create
// (a foreign key to columns without a unique key), is left out with a warning.
// Then orders plan->tables so that referenced tables come first.
void MapConstraints(Plan* plan);

}  // namespace ferry

#endif  // FERRY_MAPPING_PLAN_CONSTRAINTS_H_
