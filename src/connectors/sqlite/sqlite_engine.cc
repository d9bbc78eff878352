#include "connectors/sqlite/sqlite_engine.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "connectors/sqlite/sqlite_ddl.h"
#include "connectors/sqlite/sqlite_run_store.h"
#include "connectors/sqlite/sqlite_snapshot.h"
#include "connectors/sqlite/sqlite_snapshot_source.h"
#include "connectors/sqlite/sqlite_source.h"
#include "connectors/sqlite/sqlite_target.h"

namespace ferry {
namespace {

std::filesystem::path AbsoluteSourcePath(const Endpoint& source) {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::weakly_canonical(source.path, ec);
  return ec ? std::filesystem::absolute(source.path) : path;
}

class SqliteEngineImpl : public Engine {
 public:
  std::string_view name() const override { return "SQLite"; }

  bool CanRead() const override { return true; }
  SourceValues source_values() const override { return SourceValues::kSqlite; }
  SnapshotLife snapshot_life() const override { return SnapshotLife::kRun; }

  Result<std::unique_ptr<Source>> OpenSource(const Endpoint& endpoint) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> source, SqliteSource::Open(endpoint.path));
    return std::unique_ptr<Source>(std::move(source));
  }
  std::string SourceIdentity(const Endpoint& source) const override {
    return "sqlite:" + AbsoluteSourcePath(source).string();
  }
  Result<TakenSnapshot> TakeSnapshot(const Endpoint& source, const std::string& run_id,
                                     const std::filesystem::path& dir) const override;
  Result<std::unique_ptr<Source>> OpenSnapshotSource(const Endpoint& source,
                                                     const SourceSnapshot& snapshot) const override;
  Result<std::string> DescribeSourceChange(const Endpoint& source,
                                           const SourceSnapshot& snapshot) const override;
  void RemoveSnapshot(const Endpoint& source, const SourceSnapshot& snapshot) const override;

  bool CanWrite() const override { return true; }
  Result<std::unique_ptr<Target>> OpenTarget(const Endpoint& endpoint,
                                             const std::string& schema) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteTarget> target,
                           SqliteTarget::Open(endpoint, schema));
    return std::unique_ptr<Target>(std::move(target));
  }
  // The file's tables as SQLite stores them (SqliteSource skips _ferry_*).
  Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                   const std::string& schema) const override {
    FERRY_RETURN_IF_ERROR(CheckSqliteTargetSchema(schema));
    return OpenSource(endpoint);
  }
  Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint,
                                                 const std::string& schema) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteRunStore> store,
                           SqliteRunStore::Open(endpoint, schema));
    return std::unique_ptr<RunStore>(std::move(store));
  }
  TargetRules target_rules() const override {
    TargetRules rules;
    rules.max_identifier_bytes = 0;
    rules.text_may_hold_nul = true;
    rules.runs_sql_expressions = false;  // SqliteCreateTableSql leaves them out
    rules.storage_rule = &SqliteStorageRule;
    rules.create_table_sql = &SqliteCreateTableSql;
    rules.post_data_sql = [](const TableSchema& table) { return SqliteIndexSql(table); };
    return rules;
  }
};

Result<TakenSnapshot> SqliteEngineImpl::TakeSnapshot(const Endpoint& source,
                                                     const std::string& run_id,
                                                     const std::filesystem::path& dir) const {
  std::filesystem::path path = AbsoluteSourcePath(source);
  std::filesystem::path folder = dir;
  if (folder.empty()) {
    folder = path.parent_path();
    if (access(folder.c_str(), W_OK) != 0) folder = std::filesystem::temp_directory_path();
  }
  std::filesystem::path file = folder / ("." + path.filename().string() + ".ferry-" + run_id + "-" +
                                         std::to_string(getpid()) + ".snapshot");
  Result<std::unique_ptr<SqliteSnapshotSource>> started =
      SqliteSnapshotSource::Start(path.string(), file.string());
  if (!started.ok()) {
    return started.status().WithContext("taking the snapshot of " + path.string() + " into " +
                                        folder.string() + " (--snapshot-dir chooses the folder)");
  }
  SourceSnapshot snapshot{file.string(), (*started)->state().ToString(),
                          std::string(kSqliteRunSnapshotNote)};
  return TakenSnapshot{std::move(snapshot), std::move(*started)};
}

Result<std::unique_ptr<Source>> SqliteEngineImpl::OpenSnapshotSource(
    const Endpoint& source, const SourceSnapshot& snapshot) const {
  std::error_code ec;
  if (!std::filesystem::exists(snapshot.location, ec)) {
    FERRY_ASSIGN_OR_RETURN(std::string change, DescribeSourceChange(source, snapshot));
    if (change.empty()) {
      // No writer came while the run read the source in place (or the file
      // was lost): pin the source again, as the run's first process did.
      spdlog::info(
          "   the source is unchanged since the run started and has no snapshot file: "
          "reading it in place again");
      FERRY_ASSIGN_OR_RETURN(
          std::unique_ptr<SqliteSnapshotSource> pinned,
          SqliteSnapshotSource::Start(AbsoluteSourcePath(source).string(), snapshot.location));
      if (pinned->state().ToString() == snapshot.state) {
        return std::unique_ptr<Source>(std::move(pinned));
      }
      pinned.reset();                    // the source moved on meanwhile: unpin
      RemoveSnapshot(source, snapshot);  // and keep no copy of its new data
    }
    return Status::NotFound(
        "the source changed since the run started, and the run has no snapshot file of the data "
        "it started with (" +
        snapshot.location +
        "), so it cannot be finished: start over with "
        "ferry copy ... --restart --mode replace");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> opened,
                         SqliteSource::Open(snapshot.location));
  return std::unique_ptr<Source>(std::move(opened));
}

Result<std::string> SqliteEngineImpl::DescribeSourceChange(const Endpoint& source,
                                                           const SourceSnapshot& snapshot) const {
  if (snapshot.state.empty()) return std::string();
  FERRY_ASSIGN_OR_RETURN(SqliteFileState planned, SqliteFileState::Parse(snapshot.state));
  std::string path = AbsoluteSourcePath(source).string();
  Result<SqliteFileState> now = ReadSqliteFileState(path);
  if (!now.ok()) return "the source " + path + " is gone since this run was planned";
  return DescribeSqliteChange(path, planned, *now);
}

void SqliteEngineImpl::RemoveSnapshot(const Endpoint& source,
                                      const SourceSnapshot& snapshot) const {
  if (snapshot.location.empty()) return;
  std::error_code ec;
  std::filesystem::remove(snapshot.location, ec);
  if (ec) spdlog::warn("could not delete the snapshot {}: {}", snapshot.location, ec.message());
  // Partial copies left by processes that died while taking it.
  std::filesystem::path location(snapshot.location);
  std::string partial = location.filename().string() + ".partial.";
  for (const auto& entry : std::filesystem::directory_iterator(location.parent_path(), ec)) {
    if (entry.path().filename().string().starts_with(partial)) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

}  // namespace

const Engine& SqliteEngine() {
  static const SqliteEngineImpl engine;
  return engine;
}

}  // namespace ferry
