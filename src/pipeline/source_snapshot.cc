#include "pipeline/source_snapshot.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "connectors/mongo/document_source.h"
#include "connectors/sqlite/sqlite_snapshot.h"
#include "connectors/sqlite/sqlite_snapshot_source.h"
#include "connectors/sqlite/sqlite_source.h"
#include "pipeline/document_snapshot.h"
#include "pipeline/pg_snapshot.h"

namespace ferry {
namespace {

constexpr std::string_view kSqliteNote =
    "one snapshot of the whole database: a copy of the file taken in one read transaction when "
    "the run starts, read by every worker and kept until the run is done";

std::filesystem::path AbsoluteSourcePath(const Endpoint& source) {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::weakly_canonical(source.path, ec);
  return ec ? std::filesystem::absolute(source.path) : path;
}

}  // namespace

std::string SourceIdentity(const Endpoint& source) {
  if (source.kind == EndpointKind::kSqlite) return "sqlite:" + AbsoluteSourcePath(source).string();
  if (ReadsDocuments(source)) return DocumentSourceIdentity(source);
  return source.Redacted();
}

Result<TakenSnapshot> TakeSourceSnapshot(const Endpoint& source, const std::string& run_id,
                                         const std::filesystem::path& dir) {
  if (source.kind == EndpointKind::kPostgres) return TakePgSnapshot(source);
  if (ReadsDocuments(source)) {
    FERRY_ASSIGN_OR_RETURN(SourceSnapshot taken, TakeDocumentSnapshot(source));
    return TakenSnapshot{std::move(taken), nullptr};
  }
  if (source.kind != EndpointKind::kSqlite) {
    return TakenSnapshot{{"", "",
                          "this source gives no snapshot: rows written during the copy "
                          "may or may not be copied"},
                         nullptr};
  }
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
  SourceSnapshot snapshot{file.string(), (*started)->state().ToString(), std::string(kSqliteNote)};
  return TakenSnapshot{std::move(snapshot), std::move(*started)};
}

Result<std::unique_ptr<Source>> OpenSnapshotSource(const Endpoint& source,
                                                   const SourceSnapshot& snapshot) {
  if (source.kind == EndpointKind::kPostgres) return OpenPgSnapshotSource(source, snapshot);
  if (ReadsDocuments(source)) return OpenDocumentSource(source);  // read in place
  if (source.kind != EndpointKind::kSqlite) {
    return Status::InvalidArgument("ferry copy cannot read " + source.Redacted() +
                                   " in chunks yet: --from takes sqlite:PATH or postgres://...");
  }
  std::error_code ec;
  if (!std::filesystem::exists(snapshot.location, ec)) {
    FERRY_ASSIGN_OR_RETURN(std::string change, DescribeSourceChange(source, snapshot));
    if (change.empty()) {
      spdlog::info("   the run's snapshot {} is gone but the source is unchanged: taking it again",
                   snapshot.location);
      Result<SqliteFileState> retaken =
          TakeSqliteSnapshot(AbsoluteSourcePath(source).string(), snapshot.location);
      if (retaken.ok() && retaken->ToString() == snapshot.state) {
        FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> opened,
                               SqliteSource::Open(snapshot.location));
        return std::unique_ptr<Source>(std::move(opened));
      }
      RemoveSourceSnapshot(source, snapshot);  // the source moved on meanwhile
    }
    return Status::NotFound(
        "the run's snapshot of the source, " + snapshot.location +
        ", is gone, so the run cannot be finished from the data it started with: start over "
        "with ferry copy ... --restart --mode replace");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> opened,
                         SqliteSource::Open(snapshot.location));
  return std::unique_ptr<Source>(std::move(opened));
}

Result<std::string> DescribeSourceChange(const Endpoint& source, const SourceSnapshot& snapshot) {
  if (source.kind == EndpointKind::kPostgres) return DescribePgSourceChange(source, snapshot);
  if (ReadsDocuments(source)) return DescribeDocumentChange(source, snapshot);
  if (source.kind != EndpointKind::kSqlite || snapshot.state.empty()) return std::string();
  FERRY_ASSIGN_OR_RETURN(SqliteFileState planned, SqliteFileState::Parse(snapshot.state));
  std::string path = AbsoluteSourcePath(source).string();
  Result<SqliteFileState> now = ReadSqliteFileState(path);
  if (!now.ok()) return "the source " + path + " is gone since this run was planned";
  return DescribeSqliteChange(path, planned, *now);
}

void RemoveSourceSnapshot(const Endpoint& source, const SourceSnapshot& snapshot) {
  if (source.kind != EndpointKind::kSqlite || snapshot.location.empty()) return;
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

}  // namespace ferry
