// NativeSchema: a source's schema in its own engine's DDL, for a target of the
// same family to restore as it is, instead of ferry rebuilding it from its own
// model. For PostgreSQL it is pg_dump's schema: pre-data (extensions, types,
// domains, functions, aggregates, sequences, tables with their defaults and
// inheritance or partitions, views) and post-data (indexes, constraints,
// foreign keys, triggers, rules, policies, materialized view refreshes),
// entry by entry, so that what cannot be restored is reported by kind and name.
//
// Source::DumpNativeSchema makes one; the target restores its pre-data in the
// transaction that records the run (RunStore::CreateRun, RunSetup) and its
// post-data after the rows (Target::RestorePostData). Plain data, copyable.
#ifndef FERRY_NATIVE_SCHEMA_H_
#define FERRY_NATIVE_SCHEMA_H_

#include <string>
#include <utility>
#include <vector>

namespace ferry {

// One object of the script, as the dump names it.
struct NativeSchemaEntry {
  std::string kind;    // "TABLE", "INDEX", "FK CONSTRAINT", "FUNCTION", ...
  std::string schema;  // "" for database-wide objects (extensions)
  std::string name;    // as the dump names it ("film", "actor actor_pkey", "last_updated()")
  // Session settings to run first: (parameter, statement), e.g.
  // ("search_path", "SELECT pg_catalog.set_config('search_path', '', false);").
  std::vector<std::pair<std::string, std::string>> settings;
  std::string sql;        // the statements that make it
  std::string owner_sql;  // ALTER ... OWNER TO, run apart ("" with no_owner)
};

struct NativeSchema {
  std::string dialect;     // "postgresql"; empty: no native schema
  int source_version = 0;  // the source server's version (PostgreSQL: server_version_num)
  std::string schema;      // the source schema dumped (PostgreSQL: its name, kept in the target)
  std::vector<NativeSchemaEntry> pre_data;
  std::vector<NativeSchemaEntry> post_data;
  std::vector<std::string> tables;  // the tables pre_data creates (partitions too)
  // Kinds of SkippedObject (as the source's DescribeSchema lists what ferry's
  // own DDL leaves out) that this schema carries to the target.
  std::vector<std::string> carried_kinds;

  bool empty() const { return dialect.empty(); }
};

// What to dump: the source's selected tables (their source names) and the
// objects of their schema that do not belong to an excluded table.
struct NativeSchemaRequest {
  std::vector<std::string> tables;          // every table the run copies natively
  std::vector<std::string> exclude_tables;  // tables of the schema left out (not copied,
                                            // or copied with ferry's own DDL)
  bool no_owner = false;                    // pg_dump --no-owner
  bool no_acl = false;                      // pg_dump --no-acl
};

}  // namespace ferry

#endif  // FERRY_NATIVE_SCHEMA_H_
