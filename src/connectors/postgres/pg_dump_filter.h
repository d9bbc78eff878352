// Which schemas and tables pg_dump dumps: exact names turned into pg_dump's
// -n / -t / -T patterns.
//
// pg_dump reads a pattern as psql does: unquoted letters fold to lower case,
// '.' separates schema and name, '*' and '?' are wildcards and other regular
// expression characters pass through; inside double quotes every character
// is itself ("" is one quote). So each part of a name is double-quoted, and a
// table called  Mixed Case.Name  in schema public is "public"."Mixed Case.Name",
// which matches that table and no other. Pure functions, thread-safe.
//
// pg_dump's rules that callers must know: with include tables (-t), only those
// tables (with their indexes, constraints, triggers, rules, policies and
// owned sequences) are dumped, and -n has no effect: the types, functions and
// views of their schemas are not. Partitions are tables of their own to
// pg_dump; DumpPgSchema (pg_schema_dump.h) adds the partitions of each
// included or excluded table before it calls PgDumpFilterArgs.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_DUMP_FILTER_H_
#define FERRY_CONNECTORS_POSTGRES_PG_DUMP_FILTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "ferry/status.h"

namespace ferry {

// A table as the catalog names it (pg_class.relname in pg_namespace.nspname):
// exact names, never patterns and never quoted.
struct PgTableName {
  std::string schema;
  std::string name;
  bool operator==(const PgTableName&) const = default;
  auto operator<=>(const PgTableName&) const = default;
};

struct PgDumpFilter {
  std::vector<std::string> schemas;         // -n, exact names; empty: every schema
  std::vector<PgTableName> include_tables;  // -t; empty: every table of `schemas`
  std::vector<PgTableName> exclude_tables;  // -T; wins over include_tables
};

// `name` as a pg_dump pattern part that matches exactly `name`: "\"a\"\"b\"" for a"b.
std::string PgDumpNamePattern(std::string_view name);
// "\"schema\".\"name\"".
std::string PgDumpTablePattern(const PgTableName& table);

// "--schema=…", "--table=…", "--exclude-table=…" arguments for `filter`, one
// argv element each (so no pattern is read as an option). InvalidArgument
// naming the entry for an empty schema or table name: a table without its
// schema would match by search_path, which is a guess.
Result<std::vector<std::string>> PgDumpFilterArgs(const PgDumpFilter& filter);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_DUMP_FILTER_H_
