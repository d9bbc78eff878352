// How `ferry plan` shows a Plan: as text for people, as JSON for programs.
//
// The printer only formats: the caller supplies the DDL (from the target's
// DDL writer) and the redacted endpoints. Both forms carry the same facts.
// Pure functions, thread-safe.
#ifndef FERRY_MAPPING_PLAN_PRINTER_H_
#define FERRY_MAPPING_PLAN_PRINTER_H_

#include <string>
#include <vector>

#include "mapping/plan.h"

namespace ferry {

struct PlanReport {
  const Plan* plan = nullptr;
  std::string source;         // redacted, e.g. "sqlite:Chinook.sqlite"
  std::string target;         // redacted, e.g. "postgres://app:***@db/app"
  std::string snapshot_note;  // Source::SnapshotNote()
  std::string sample_note;    // "the first 1000 rows of each table" ("" when none)
  // Columns come from documents (MongoDB, NDJSON): there is no declared type
  // or affinity per column, the reason says which field fills it.
  bool documents = false;
  // SQLite sources: each declared type's affinity is shown (other sources have none).
  bool show_affinity = true;
  std::string schema_sql;  // CREATE SCHEMA ..., "" when not needed
  // Per plan->tables entry, in the same order: CREATE TABLE, and what runs after the data.
  std::vector<std::string> create_sql;
  std::vector<std::vector<std::string>> post_data_sql;
  // Sequences copied as such (Plan::sequences): what runs after every table is done.
  std::vector<std::string> sequence_sql;
};

std::string FormatPlanText(const PlanReport& report);
// One JSON object (keys documented in docs/type-mapping.md), newline-terminated.
std::string FormatPlanJson(const PlanReport& report);

}  // namespace ferry

#endif  // FERRY_MAPPING_PLAN_PRINTER_H_
