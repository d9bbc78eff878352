#include "connectors/postgres/pg_schema_dump.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_tool_conninfo.h"
#include "connectors/postgres/pg_tool_process.h"
#include "connectors/postgres/pg_tool_version.h"
#include "core/log.h"
#include "core/redact.h"

namespace ferry {
namespace {

namespace fs = std::filesystem;

constexpr int kVersionProbeSeconds = 30;

// A table and its partitions at every level (itself first when it exists;
// nothing when it does not). Before PostgreSQL 10 there are no partitions.
constexpr const char* kTreeSql = R"sql(
WITH RECURSIVE tree(oid, depth) AS (
  SELECT c.oid, 0 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2
  UNION ALL
  SELECT i.inhrelid, t.depth + 1 FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid
  JOIN pg_class k ON k.oid = i.inhrelid WHERE %PARTITION%)
SELECT n.nspname, c.relname FROM tree JOIN pg_class c ON c.oid = tree.oid
JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY tree.depth, n.nspname, c.relname)sql";

// A directory that is removed with everything in it when this object dies,
// unless it was given by the caller.
class WorkDir {
 public:
  static Result<WorkDir> Make(const std::string& given) {
    std::error_code ec;
    if (!given.empty()) {
      fs::create_directories(given, ec);
      if (ec) return Status::IoError("cannot create the folder " + given + ": " + ec.message());
      return WorkDir(given, false);
    }
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "ferry-pgdump-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::IoError("cannot create a temporary folder in " + base.string());
    }
    return WorkDir(pattern, true);
  }
  WorkDir(WorkDir&& other) noexcept : path_(std::move(other.path_)), remove_(other.remove_) {
    other.remove_ = false;
  }
  WorkDir& operator=(WorkDir&&) = delete;
  ~WorkDir() {
    std::error_code ec;
    if (remove_) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  WorkDir(fs::path path, bool remove) : path_(std::move(path)), remove_(remove) {}
  fs::path path_;
  bool remove_;
};

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// One run of a tool that must succeed: its failure as a Status, redacted.
class ToolRunner {
 public:
  ToolRunner(const Endpoint& source, const PgSchemaDumpOptions& options, int source_version)
      : source_(source), options_(options), source_version_(source_version) {}

  std::string Program(const std::string& tool) const {
    return options_.bin_dir.empty() ? tool : (fs::path(options_.bin_dir) / tool).string();
  }

  Result<PgToolOutput> Run(const std::string& tool, std::vector<std::string> args,
                           std::map<std::string, std::string> env, int timeout_seconds) const {
    PgToolRun run{Program(tool), std::move(args), std::move(env), timeout_seconds};
    Result<PgToolOutput> output = RunPgTool(run);
    if (!output.ok() && output.status().code() == StatusCode::kNotFound) {
      std::string major = PgMajorVersionText(source_version_);
      return Status::NotFound(output.status().message() +
                              ": install the PostgreSQL client of the source's version " + major +
                              " or newer (apt-get install postgresql-client-" + major +
                              "), or use the folder that holds " + tool);
    }
    if (!output.ok() || output->exit_code == 0) return output;
    std::string err = Trimmed(RedactSecretsOf(output->err, source_.secret_text));
    std::string what = tool + " of " + source_.Redacted() + " failed (exit " +
                       std::to_string(output->exit_code) + "): " + err;
    if (err.find("connection to server") != std::string::npos ||
        err.find("could not connect") != std::string::npos) {
      return Status::Connection(what);
    }
    return Status::FailedPrecondition(what);
  }

  Result<int> Version(const std::string& tool) const {
    FERRY_ASSIGN_OR_RETURN(PgToolOutput out, Run(tool, {"--version"}, {}, kVersionProbeSeconds));
    return ParsePgToolVersion(out.out);
  }

 private:
  const Endpoint& source_;
  const PgSchemaDumpOptions& options_;
  int source_version_;
};

// pg_dump's version, once it and pg_restore are found fit for `source_version`.
Result<int> CheckTools(const ToolRunner& tools, int source_version) {
  FERRY_ASSIGN_OR_RETURN(int dump_version, tools.Version("pg_dump"));
  FERRY_RETURN_IF_ERROR(CheckPgDumpVersion("pg_dump", dump_version, source_version));
  FERRY_ASSIGN_OR_RETURN(int restore_version, tools.Version("pg_restore"));
  if (PgMajorVersion(restore_version) != PgMajorVersion(dump_version)) {
    return Status::FailedPrecondition(
        "pg_restore " + PgMajorVersionText(restore_version) + " and pg_dump " +
        PgMajorVersionText(dump_version) +
        " are of different major versions: use one PostgreSQL client folder for both");
  }
  return dump_version;
}

// `tables` and their partitions, each once, in order. With `must_exist`,
// NotFound for a table the source does not have.
Result<std::vector<PgTableName>> WithPartitions(PgConnection& conn, int version,
                                                const std::vector<PgTableName>& tables,
                                                bool must_exist) {
  std::string sql = kTreeSql;
  sql.replace(sql.find("%PARTITION%"), 11, version >= 100000 ? "k.relispartition" : "false");
  std::vector<PgTableName> out;
  for (const PgTableName& table : tables) {
    std::optional<std::string> params[] = {table.schema, table.name};
    FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(sql, params));
    if (r.rows() == 0 && must_exist) {
      return Status::NotFound("the table " + PgDumpTablePattern(table) + " to dump is not in " +
                              conn.redacted_url() + " (names are exact: check case and schema)");
    }
    for (int i = 0; i < r.rows(); ++i) {
      PgTableName found{std::string(r.Get(i, 0)), std::string(r.Get(i, 1))};
      if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(std::move(found));
    }
  }
  return out;
}

std::vector<std::string> DumpArgs(const PgSchemaDumpOptions& options, const fs::path& archive) {
  std::vector<std::string> args = {"--format=custom",     "--section=pre-data",
                                   "--section=post-data", "--file=" + archive.string(),
                                   "--strict-names",      "--no-subscriptions"};
  if (options.lock_wait_timeout_ms > 0) {
    args.push_back("--lock-wait-timeout=" + std::to_string(options.lock_wait_timeout_ms));
  }
  if (options.no_owner) args.push_back("--no-owner");
  if (options.no_acl) args.push_back("--no-acl");
  if (!options.snapshot.empty()) args.push_back("--snapshot=" + options.snapshot);
  return args;
}

Result<PgDumpScript> RestoreSection(const ToolRunner& tools, const PgSchemaDumpOptions& options,
                                    const fs::path& archive, const std::string& section) {
  std::vector<std::string> args = {"--section=" + section, "--file=-", "--no-tablespaces"};
  if (options.no_owner) args.push_back("--no-owner");
  if (options.no_acl) args.push_back("--no-acl");
  args.push_back(archive.string());
  FERRY_ASSIGN_OR_RETURN(PgToolOutput out,
                         tools.Run("pg_restore", std::move(args), {}, options.timeout_seconds));
  Result<PgDumpScript> script = ParsePgDumpScript(out.out);
  if (!script.ok()) return script.status().WithContext("pg_restore --section=" + section);
  return script;
}

std::vector<PgTableName> TablesOf(const PgDumpScript& pre_data) {
  std::vector<PgTableName> tables;
  for (const PgDumpEntry& entry : pre_data.entries) {
    if (entry.kind == "TABLE") tables.push_back({entry.schema, entry.name});
  }
  return tables;
}

}  // namespace

Result<PgSchemaDump> DumpPgSchema(const Endpoint& source, const PgSchemaDumpOptions& options) {
  PgSchemaDump dump;
  PgSchemaDumpOptions expanded = options;
  {
    FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(source, "ferry pg_dump"));
    dump.source_version = PQserverVersion(conn.get());
    FERRY_ASSIGN_OR_RETURN(expanded.filter.include_tables,
                           WithPartitions(conn, dump.source_version, options.filter.include_tables,
                                          /*must_exist=*/true));
    FERRY_ASSIGN_OR_RETURN(expanded.filter.exclude_tables,
                           WithPartitions(conn, dump.source_version, options.filter.exclude_tables,
                                          /*must_exist=*/false));
  }
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> filter_args, PgDumpFilterArgs(expanded.filter));
  ToolRunner tools(source, options, dump.source_version);
  FERRY_ASSIGN_OR_RETURN(dump.tool_version, CheckTools(tools, dump.source_version));

  FERRY_ASSIGN_OR_RETURN(WorkDir dir, WorkDir::Make(options.work_dir));
  fs::path archive = dir.path() / "schema.dump";
  FERRY_ASSIGN_OR_RETURN(PgToolConnection connection, PgToolConnectionFor(source, "ferry pg_dump"));
  std::vector<std::string> args = DumpArgs(options, archive);
  args.insert(args.end(), filter_args.begin(), filter_args.end());
  args.push_back("--dbname=" + connection.conninfo);
  spdlog::info("dumping the schema of {} with pg_dump {}", source.Redacted(),
               PgMajorVersionText(dump.tool_version));
  FERRY_RETURN_IF_ERROR(
      tools.Run("pg_dump", std::move(args), connection.env, options.timeout_seconds).status());
  FERRY_ASSIGN_OR_RETURN(dump.pre_data, RestoreSection(tools, options, archive, "pre-data"));
  FERRY_ASSIGN_OR_RETURN(dump.post_data, RestoreSection(tools, options, archive, "post-data"));
  dump.tables = TablesOf(dump.pre_data);
  return dump;
}

Status CheckPgSchemaDumpTools(const Endpoint& source, int source_version,
                              const std::string& bin_dir) {
  PgSchemaDumpOptions options;
  options.bin_dir = bin_dir;
  ToolRunner tools(source, options, source_version);
  return CheckTools(tools, source_version).status();
}

}  // namespace ferry
