#include "connectors/postgres/pg_native_schema.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "connectors/postgres/pg_dump_script.h"
#include "connectors/postgres/pg_entry_failure.h"
#include "connectors/postgres/pg_post_data.h"
#include "connectors/postgres/pg_pre_data.h"
#include "connectors/postgres/pg_schema_dump.h"

namespace ferry {
namespace {

// What ferry's own DDL lists as skipped (pg_catalog.cc, pg_schema_objects.cc)
// and pg_dump's schema of one schema carries. Not carried: extensions, event
// triggers, foreign servers and wrappers, publications and subscriptions,
// which pg_dump -n leaves out, and foreign tables (their server stays behind).
constexpr const char* kCarriedKinds[] = {"aggregate",
                                         "check constraint",
                                         "collation",
                                         "comment",
                                         "composite type",
                                         "default privileges",
                                         "domain",
                                         "enum type",
                                         "exclusion constraint",
                                         "function",
                                         "generated column",
                                         "index",
                                         "index option",
                                         "inheritance",
                                         "materialized view",
                                         "operator",
                                         "operator class",
                                         "operator family",
                                         "partition",
                                         "procedure",
                                         "range type",
                                         "rule",
                                         "statistics",
                                         "text search configuration",
                                         "text search dictionary",
                                         "trigger",
                                         "view",
                                         "window function"};

std::vector<NativeSchemaEntry> ToEntries(const PgDumpScript& script) {
  std::vector<NativeSchemaEntry> entries;
  for (const PgDumpEntry& e : script.entries) {
    NativeSchemaEntry entry{e.kind, e.schema, e.name, {}, e.sql, e.owner_sql};
    for (const PgDumpSetting& s : e.settings) entry.settings.emplace_back(s.name, s.sql);
    entries.push_back(std::move(entry));
  }
  return entries;
}

PgDumpScript ToScript(const std::vector<NativeSchemaEntry>& entries) {
  PgDumpScript script;
  for (const NativeSchemaEntry& e : entries) {
    PgDumpEntry entry;
    entry.kind = e.kind;
    entry.schema = e.schema;
    entry.name = e.name;
    entry.sql = e.sql;
    entry.owner_sql = e.owner_sql;
    for (const auto& [name, sql] : e.settings) entry.settings.push_back({name, sql});
    script.entries.push_back(std::move(entry));
  }
  return script;
}

void AddFailures(const std::vector<PgEntryFailure>& failures,
                 std::vector<SkippedObject>* not_restored) {
  for (const PgEntryFailure& f : failures) {
    std::string name = f.schema.empty() ? f.name : f.schema + "." + f.name;
    not_restored->push_back({f.kind, name,
                             "not restored from the source's schema: " + f.error +
                                 (f.sqlstate.empty() ? "" : " (SQLSTATE " + f.sqlstate + ")")});
  }
}

}  // namespace

Result<NativeSchema> DumpPgNativeSchema(const Endpoint& source, const std::string& schema,
                                        const std::string& snapshot,
                                        const NativeSchemaRequest& request) {
  PgSchemaDumpOptions options;
  options.filter.schemas = {schema};
  for (const std::string& table : request.exclude_tables) {
    options.filter.exclude_tables.push_back({schema, table});
  }
  options.no_owner = request.no_owner;
  options.no_acl = request.no_acl;
  options.snapshot = snapshot;
  FERRY_ASSIGN_OR_RETURN(PgSchemaDump dump, DumpPgSchema(source, options));
  NativeSchema native;
  native.dialect = "postgresql";
  native.source_version = dump.source_version;
  native.schema = schema;
  native.pre_data = ToEntries(dump.pre_data);
  native.post_data = ToEntries(dump.post_data);
  for (const PgTableName& table : dump.tables) native.tables.push_back(table.name);
  for (const std::string& table : request.tables) {
    if (std::find(native.tables.begin(), native.tables.end(), table) == native.tables.end()) {
      return Status::FailedPrecondition("pg_dump's schema of " + schema + " has no table " + table +
                                        "; copy it with --schema-from ferry");
    }
  }
  for (const char* kind : kCarriedKinds) {
    if (request.no_acl && std::string_view(kind) == "default privileges") continue;
    native.carried_kinds.push_back(kind);
  }
  if (!request.no_acl) native.carried_kinds.push_back("grant");
  return native;
}

Status RestorePgPreData(PgConnection& conn, const NativeSchema& schema,
                        const std::set<std::string>& run_tables,
                        std::vector<SkippedObject>* not_restored) {
  // pg_dump writes SQL for its own version and older servers' objects; the
  // target must be at least the source's major version to take it as it is.
  FERRY_ASSIGN_OR_RETURN(PgResult version, conn.Exec("SHOW server_version_num"));
  int target_version = std::atoi(std::string(version.Get(0, 0)).c_str());
  if (target_version / 10000 < schema.source_version / 10000) {
    return Status::FailedPrecondition(
        "the target runs PostgreSQL " + std::to_string(target_version / 10000) +
        ", older than the source's " + std::to_string(schema.source_version / 10000) +
        ": its own schema may not restore there; copy with --schema-from ferry");
  }
  FERRY_ASSIGN_OR_RETURN(std::vector<PgEntryFailure> failures,
                         ApplyPgPreData(conn, ToScript(schema.pre_data)));
  for (const PgEntryFailure& f : failures) {
    if (f.kind == "TABLE" && run_tables.count(f.name) > 0) {
      return Status::FailedPrecondition("cannot create table " + f.name +
                                        " from the source's schema: " + f.error);
    }
  }
  if (not_restored != nullptr) AddFailures(failures, not_restored);
  return Status::OK();
}

Status RestorePgPostData(const Endpoint& target, const NativeSchema& schema, int jobs,
                         std::vector<SkippedObject>* not_restored) {
  PgPostDataOptions options;
  options.jobs = jobs;
  for (const std::string& table : schema.tables) options.analyze.push_back({schema.schema, table});
  FERRY_ASSIGN_OR_RETURN(std::vector<PgEntryFailure> failures,
                         ApplyPgPostData(target, ToScript(schema.post_data), options));
  if (not_restored != nullptr) AddFailures(failures, not_restored);
  return Status::OK();
}

}  // namespace ferry
