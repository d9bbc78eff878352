#include "connectors/postgres/pg_native_schema.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_dump_script.h"
#include "connectors/postgres/pg_entry_failure.h"
#include "connectors/postgres/pg_post_data.h"
#include "connectors/postgres/pg_post_data_plan.h"
#include "connectors/postgres/pg_pre_data.h"
#include "connectors/postgres/pg_schema_dump.h"
#include "connectors/postgres/pg_sequence_values.h"
#include "connectors/postgres/pg_sql_text.h"
#include "connectors/postgres/pg_target.h"
#include "connectors/postgres/pg_tool_version.h"
#include "core/log.h"

namespace ferry {
namespace {

// What ferry's own DDL lists as skipped (pg_catalog.cc, pg_schema_objects.cc)
// and pg_dump's schema of one schema carries, with the extensions ferry adds
// (ExtensionEntries). Not carried: event triggers, foreign servers and
// wrappers, publications and subscriptions, which pg_dump -n leaves out, and
// foreign tables (their server stays behind).
constexpr const char* kCarriedKinds[] = {"aggregate",
                                         "extension",
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

// pg_dump -n leaves extensions out, though the schema's columns, indexes and
// functions may need them: one entry per extension of the source database
// (plpgsql is always there), created first in the schema it lives in, at the
// target's default version of it (the source's may not be installed there).
Result<std::vector<NativeSchemaEntry>> ExtensionEntries(PgConnection& conn) {
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec(R"sql(
    SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname <> 'plpgsql' ORDER BY e.extname)sql"));
  std::vector<NativeSchemaEntry> entries;
  for (int i = 0; i < r.rows(); ++i) {
    std::string name(r.Get(i, 0)), schema(r.Get(i, 1));
    std::string sql = "CREATE SCHEMA IF NOT EXISTS " + QuotePgIdentifier(schema) +
                      "; CREATE EXTENSION IF NOT EXISTS " + QuotePgIdentifier(name) +
                      " WITH SCHEMA " + QuotePgIdentifier(schema) + ";";
    entries.push_back({"EXTENSION", "", name, {}, std::move(sql), ""});
  }
  return entries;
}

// pg_dump neither reads CockroachDB nor writes its DDL.
Status RefuseCockroach(PgConnection& conn, std::string_view side) {
  FERRY_ASSIGN_OR_RETURN(std::string version, conn.ServerVersionText());
  if (DetectPgDialect(version, false) != PgDialect::kCockroach) return Status::OK();
  return Status::FailedPrecondition("the " + std::string(side) +
                                    " is CockroachDB, whose schema pg_dump cannot carry: copy "
                                    "with --schema-from ferry");
}

void AddFailures(const std::vector<PgEntryFailure>& failures,
                 std::vector<SkippedObject>* not_restored) {
  for (const PgEntryFailure& f : failures) {
    std::string name = f.schema.empty() ? f.name : f.schema + "." + f.name;
    not_restored->push_back({f.kind, name, "not restored from the source's schema: " + f.error});
  }
}

}  // namespace

Result<NativeSchema> DumpPgNativeSchema(PgConnection& conn, const Endpoint& source,
                                        const std::string& schema, const std::string& snapshot,
                                        const NativeSchemaRequest& request) {
  FERRY_RETURN_IF_ERROR(RefuseCockroach(conn, "source"));
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
  FERRY_ASSIGN_OR_RETURN(native.pre_data, ExtensionEntries(conn));
  if (std::any_of(native.pre_data.begin(), native.pre_data.end(),
                  [](const NativeSchemaEntry& e) { return e.name == "timescaledb"; })) {
    spdlog::info(
        "   TimescaleDB: each hypertable is read through its root table (its chunks live in "
        "_timescaledb_internal); into a target without TimescaleDB it is a plain table");
  }
  std::vector<NativeSchemaEntry> pre_data = ToEntries(dump.pre_data);
  native.pre_data.insert(native.pre_data.end(), pre_data.begin(), pre_data.end());
  native.post_data = ToEntries(dump.post_data);
  for (const PgTableName& table : dump.tables) native.tables.push_back(table.name);
  for (const std::string& table : request.tables) {
    if (std::find(native.tables.begin(), native.tables.end(), table) == native.tables.end()) {
      return Status::FailedPrecondition("pg_dump's schema of " + schema + " has no table " + table +
                                        "; copy it with --schema-from ferry");
    }
  }
  native.carried_kinds = PgNativeCarriedKinds(request.no_acl);
  return native;
}

std::vector<std::string> PgNativeCarriedKinds(bool no_acl) {
  std::vector<std::string> kinds;
  for (const char* kind : kCarriedKinds) {
    if (no_acl && std::string_view(kind) == "default privileges") continue;
    kinds.push_back(kind);
  }
  if (!no_acl) kinds.push_back("grant");
  return kinds;
}

Status RestorePgPreData(PgConnection& conn, const NativeSchema& schema,
                        const std::set<std::string>& run_tables,
                        std::vector<SkippedObject>* not_restored) {
  FERRY_RETURN_IF_ERROR(RefuseCockroach(conn, "target"));
  // pg_dump writes SQL for the source's version: the target must be at least that.
  FERRY_ASSIGN_OR_RETURN(PgResult version, conn.Exec("SHOW server_version_num"));
  int target_version = std::atoi(std::string(version.Get(0, 0)).c_str());
  if (Status s = CheckPgTargetVersion(schema.source_version, target_version); !s.ok()) {
    return Status::FailedPrecondition(std::string(s.message()) +
                                      "; copy with --schema-from ferry instead");
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

Result<std::vector<NativeSchemaEntry>> ReadPgNativeSequenceStates(PgConnection& conn,
                                                                  const NativeSchema& schema) {
  std::set<std::string> created;
  for (const NativeSchemaEntry& e : schema.pre_data) {
    if (e.kind == "SEQUENCE" && e.schema == schema.schema) created.insert(e.name);
  }
  FERRY_ASSIGN_OR_RETURN(std::vector<PgSequenceState> states,
                         ReadPgSequenceStates(conn, {schema.schema}));
  std::vector<NativeSchemaEntry> entries;
  for (const PgSequenceState& state : states) {
    if (!created.contains(state.name)) continue;
    if (!state.last_value) {
      spdlog::warn("   not setting sequence {}.{}: the source's user may not read it", state.schema,
                   state.name);
      continue;
    }
    entries.push_back(
        {"SEQUENCE SET", state.schema, state.name, {}, SetPgSequenceStateSql(state), ""});
  }
  return entries;
}

Status RestorePgPostData(const Endpoint& target, const NativeSchema& schema, int jobs,
                         std::vector<SkippedObject>* not_restored) {
  PgPostDataOptions options;
  options.jobs = jobs;
  for (const std::string& table : schema.tables) options.analyze.push_back({schema.schema, table});
  std::set<std::pair<std::string, std::string>> partitioned;
  for (const NativeSchemaEntry& e : schema.pre_data) {
    if (e.kind == "TABLE" && MaskPgSql(e.sql).find("PARTITION BY ") != std::string::npos) {
      partitioned.emplace(e.schema, e.name);
    }
  }
  PgDumpScript post_data = SplitKeysFromIndexes(ToScript(schema.post_data), partitioned);
  FERRY_ASSIGN_OR_RETURN(std::vector<PgEntryFailure> failures,
                         ApplyPgPostData(target, post_data, options));
  if (not_restored != nullptr) AddFailures(failures, not_restored);
  return Status::OK();
}

}  // namespace ferry
