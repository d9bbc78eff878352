// BuildPlan: a source schema, the options and ferry.toml into a Plan.
//
// The source is SQLite (columns carry SQLite declared types in
// Column::native_type; sqlite_types.h) or PostgreSQL (native_type is the
// PostgreSQL type; pg_types.h), the target PostgreSQL. The plan's target tables
// have PostgreSQL names (snake_case when asked, 63 bytes at most), types,
// keys, indexes and foreign keys; everything left out is listed in
// Plan::skipped or a warning, never dropped silently. Pure and thread-safe.
#ifndef FERRY_MAPPING_PLAN_BUILDER_H_
#define FERRY_MAPPING_PLAN_BUILDER_H_

#include <string>
#include <vector>

#include "ferry/schema.h"
#include "ferry/status.h"
#include "mapping/mapping_config.h"
#include "mapping/pg_types.h"
#include "mapping/plan.h"
#include "mapping/target_dialect.h"

namespace ferry {

// Whose types a source schema's Column::native_type spells.
enum class SourceTypes { kSqlite, kPostgres };

struct PlanOptions {
  SourceTypes source_types = SourceTypes::kSqlite;
  TargetHasType target_has_type;     // PostgreSQL sources: types the target has (empty: unknown)
  MappingConfig config;              // ferry.toml, or empty
  std::vector<std::string> tables;   // copy only these source tables (empty: all)
  std::vector<std::string> exclude;  // never these
  bool snake_case = false;           // also on when ferry.toml's [defaults] says so
  std::string target_schema = "public";
  TargetDialect dialect = PostgreSqlDialect();  // the target's names and storage rules
  // The target restores the source's own schema (same engine family, --mode
  // create, same schema name): every table the mapping leaves as it is (no
  // rename, no type set, no column left out) takes it (TablePlan::native_schema)
  // and keeps its source types; the others get ferry's DDL, and the plan says why.
  bool native_schema = false;
  // With native_schema: the kinds of schema.skipped the source's own schema
  // brings along (Engine::native_schema_carried_kinds); when every table
  // takes it, those objects are listed in Plan::carried instead of skipped.
  std::vector<std::string> native_carried_kinds;
};

// When every table of `plan` takes the source's own schema, moves the skipped
// objects of `kinds` (what that schema carries) to plan->carried. With ferry's
// DDL for some tables, their triggers, indexes and the like stay behind with
// them, so the list is kept whole (it may then name an object the dump
// restores, never hide one it does not). BuildPlan calls it with
// PlanOptions::native_carried_kinds; a copy again with what its dump carries.
void MoveCarriedObjects(const std::vector<std::string>& kinds, Plan* plan);

// Fails with InvalidArgument when --tables, --exclude or ferry.toml name a
// table or column the source does not have (SQLite names match without regard
// to ASCII case, as in SQLite), or when two tables or two columns of a table
// would get the same target name; messages say what to rename.
Result<Plan> BuildPlan(const DatabaseSchema& schema, const PlanOptions& options);

}  // namespace ferry

#endif  // FERRY_MAPPING_PLAN_BUILDER_H_
