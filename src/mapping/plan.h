// Plan: what a copy will do, decided before a row moves.
//
// Built from the source's DatabaseSchema, the options and ferry.toml by the
// mapping (BuildPlan in plan_builder.h); printed by `ferry plan`, executed by
// `ferry copy` (src/pipeline), and later used by `ferry verify` to compare the
// same target rows. Plain data: copyable, no handles.
#ifndef FERRY_MAPPING_PLAN_H_
#define FERRY_MAPPING_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ferry/schema.h"

namespace ferry {

// What a sample of a source column held (CheckSample in sample_check.h).
struct ValueSample {
  int64_t rows = 0;  // values looked at
  int64_t nulls = 0;
  int64_t integers = 0;  // SQLite storage classes (or the source's value kinds)
  int64_t reals = 0;
  int64_t texts = 0;
  int64_t blobs = 0;
  int64_t rejected = 0;         // values the conversion would reject
  std::string first_rejection;  // the reason for the first of them
};

// How one target column is filled.
struct ColumnPlan {
  int source_column = -1;  // index into TablePlan::source.columns
  std::string reason;      // why this target type ("declared NVARCHAR(40): varchar(40)")
};

struct TablePlan {
  TableSchema source;  // as the source described it
  // The table to create: target names, logical and PostgreSQL types, keys,
  // indexes and foreign keys with target names.
  TableSchema target;
  std::vector<ColumnPlan> columns;    // one per target.columns, same order
  std::vector<std::string> warnings;  // per-table notes the plan prints
  // What a sample of each target column's source held: one per target column
  // when `ferry plan` took a sample (CheckSample), else empty.
  std::vector<ValueSample> samples;
  // The target's text may hold NUL (TargetDialect::text_may_hold_nul: SQLite).
  bool text_may_hold_nul = false;
  // The table is created by the source's own schema (NativeSchema: pg_dump's
  // pre-data, with its types, defaults, partitions), its keys, indexes,
  // constraints and triggers by its post-data, not by ferry's DDL.
  bool native_schema = false;
  // Which way the table's schema goes, for the plan ("pg_dump's schema, as the
  // source has it" or why ferry's DDL: "--snake-case renames it").
  std::string schema_path;
  // Why the mapping changes the table's rows (a column left out, a type that
  // changes, "column x: integer becomes bigint"), or "" when each target row is
  // its source row, column for column, value for value (names may differ).
  std::string rows_changed;
  // Rows travel as the source sends them, in this raw row format (batch.h:
  // read with Source::OpenRawReader, written with Target::OpenRawWriter); ""
  // when they are decoded and encoded again. Set where both engines are known
  // (pipeline/endpoints.h ChooseRawRows), never by the mapping.
  std::string raw_rows;
  // How the rows travel, for the plan ("binary pass-through (...)", or why
  // they are decoded and encoded); "" when there was no choice to make.
  std::string rows_path;
};

struct Plan {
  std::string target_schema = "public";  // PostgreSQL schema the tables go into
  std::vector<TablePlan> tables;         // in dependency order (referenced tables first)
  std::vector<SkippedObject> skipped;    // views, triggers, excluded tables: listed, never silent
  // What ferry's DDL would skip but the source's own schema restores (views,
  // functions, triggers, …: PlanOptions::native_carried_kinds).
  std::vector<SkippedObject> carried;
  std::vector<Sequence> sequences;    // created as sequences, under their source names
  std::vector<std::string> warnings;  // plan-wide notes
  // Some tables take the source's own schema (TablePlan::native_schema): the
  // pipeline dumps it (Source::DumpNativeSchema) for the target to restore.
  bool HasNativeTables() const {
    for (const TablePlan& table : tables) {
      if (table.native_schema) return true;
    }
    return false;
  }
};

}  // namespace ferry

#endif  // FERRY_MAPPING_PLAN_H_
