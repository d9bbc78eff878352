// TargetDialect: what the mapping needs to know of the engine a copy writes
// to. The plan's target columns always carry a logical type and its
// PostgreSQL spelling (mapping/target_type.h: the converters check lengths,
// precision and scale from it); a dialect says how its engine declares and
// stores such a column, and how long its names may be.
//
// PostgreSqlDialect() is the default (today's behaviour); the SQLite one is
// built where the engines are known (pipeline/endpoints.cc) from the
// connector's own DDL names. Plain data, copyable; the functions are pure.
#ifndef FERRY_MAPPING_TARGET_DIALECT_H_
#define FERRY_MAPPING_TARGET_DIALECT_H_

#include <cstddef>
#include <functional>
#include <string>

#include "ferry/schema.h"

namespace ferry {

struct TargetDialect {
  std::string name = "PostgreSQL";
  // Longer names are shortened (mapping/identifiers.h); 0: no limit.
  size_t max_identifier_bytes = 63;
  // Whether text values may hold NUL (PostgreSQL's text cannot; SQLite's can).
  bool text_may_hold_nul = false;
  // Whether the target runs defaults and CHECK constraints written in
  // PostgreSQL's SQL; when not, the plan lists each it leaves out.
  bool runs_sql_expressions = true;
  // How a target column is stored, for the plan's reason ("NUMERIC_TEXT(10,2):
  // TEXT affinity, ..."); empty: the PostgreSQL type says it all.
  std::function<std::string(const Column&)> storage_rule;
};

inline TargetDialect PostgreSqlDialect() { return TargetDialect(); }

}  // namespace ferry

#endif  // FERRY_MAPPING_TARGET_DIALECT_H_
