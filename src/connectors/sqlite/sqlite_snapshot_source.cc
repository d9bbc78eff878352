#include "connectors/sqlite/sqlite_snapshot_source.h"

namespace ferry {

Result<std::unique_ptr<SqliteSnapshotSource>> SqliteSnapshotSource::Start(
    const std::string& source_path, const std::string& snapshot_path) {
  std::unique_ptr<SqliteSnapshotSource> source(new SqliteSnapshotSource());
  FERRY_ASSIGN_OR_RETURN(source->original_, SqliteSource::Open(source_path));
  source->snapshot_path_ = snapshot_path;
  FERRY_ASSIGN_OR_RETURN(source->snapshot_,
                         BackgroundSqliteSnapshot::Start(source_path, snapshot_path));
  return source;
}

template <typename T>
Result<T> SqliteSnapshotSource::Read(const std::function<Result<T>(SqliteSource&)>& read) {
  std::optional<Result<T>> result;
  if (snapshot_->WhilePinned([&] { result.emplace(read(*original_)); })) return std::move(*result);
  FERRY_RETURN_IF_ERROR(snapshot_->Wait());
  SqliteSource* file = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!snapshot_file_) {
      FERRY_ASSIGN_OR_RETURN(snapshot_file_, SqliteSource::Open(snapshot_path_));
    }
    file = snapshot_file_.get();
  }
  return read(*file);
}

Result<DatabaseSchema> SqliteSnapshotSource::DescribeSchema() {
  return Read<DatabaseSchema>([](SqliteSource& s) { return s.DescribeSchema(); });
}

Result<std::unique_ptr<BatchReader>> SqliteSnapshotSource::OpenReader(const TableSchema& table,
                                                                      const Chunk& chunk) {
  return Read<std::unique_ptr<BatchReader>>(
      [&](SqliteSource& s) { return s.OpenReader(table, chunk); });
}

Result<std::vector<Chunk>> SqliteSnapshotSource::PlanChunks(const TableSchema& table,
                                                            int64_t chunk_rows) {
  return Read<std::vector<Chunk>>([&](SqliteSource& s) { return s.PlanChunks(table, chunk_rows); });
}

std::string SqliteSnapshotSource::SnapshotNote() const {
  return std::string(kSqliteRunSnapshotNote);
}

}  // namespace ferry
