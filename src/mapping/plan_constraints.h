// The second half of BuildPlan: keys, indexes, CHECK constraints and foreign
// keys of target tables whose columns are already mapped, and the order tables
// are created in.
#ifndef FERRY_MAPPING_PLAN_CONSTRAINTS_H_
#define FERRY_MAPPING_PLAN_CONSTRAINTS_H_

#include "mapping/plan.h"
#include "mapping/plan_builder.h"

namespace ferry {

// Fills target.primary_key, unique_keys, indexes, checks and foreign_keys of
// every table from its source, with target column names.
//
// Indexes keep their source name, their method (gist, gin, ...), per-column
// options, INCLUDE columns, predicate and expressions; a name is changed only
// when it is longer than 63 bytes or another relation of the target schema has
// it, with a warning. Expressions, predicates and CHECK conditions are SQLite
// SQL translated by sqlite_expression.h, or PostgreSQL SQL kept as written
// when the table keeps every column under its source name. An index or CHECK
// that does not translate is listed in plan->skipped with its text, never
// created in another form. Foreign keys are named "<table>_<columns>_fkey"
// (PostgreSQL's own convention), shortened to 63 bytes and unique. A key or
// foreign key that uses an excluded column or table, or that PostgreSQL cannot
// create (a foreign key to columns without a unique key), is left out with a
// warning. Then orders plan->tables so that referenced tables come first.
void MapConstraints(SourceTypes source, Plan* plan);

}  // namespace ferry

#endif  // FERRY_MAPPING_PLAN_CONSTRAINTS_H_
