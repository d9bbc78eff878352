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

std::filesystem::path AbsoluteSourcePath(const Endpoint& source) {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::weakly_canonical(source.path, ec);
  return ec ? std::filesystem::absolute(source.path) : path;
}

}  // namespace

std::string SourceIdentity(const Endpoint& source) {
  if (source.kind == EndpointKind::kSqlite) return "sqlite:" + AbsoluteSourcePath(source).string();
  if (ReadsDocuments(source)) return DocumentSourceIdentity(source);
  if (source.kind == EndpointKind::kPostgres && source.schema == "public") {
    Endpoint read_by_default = source;  // --from-schema public is the default, not another run
    read_by_default.schema.clear();
    return read_by_default.Redacted();
  }
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
  SourceSnapshot snapshot{file.string(), (*started)->state().ToString(),
                          std::string(kSqliteRunSnapshotNote)};
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
      pinned.reset();                          // the source moved on meanwhile: unpin
      RemoveSourceSnapshot(source, snapshot);  // and keep no copy of its new data
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
