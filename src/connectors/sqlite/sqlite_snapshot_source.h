// SqliteSnapshotSource: the Source of a chunked run over a SQLite file, which
// reads the file in place until a snapshot file is needed.
//
// While the BackgroundSqliteSnapshot pins the source (until a writer comes,
// and then until its copy is in place), schema, chunk plans and readers come
// from the source file itself, which holds exactly the snapshot's data then;
// once the snapshot is in place, from the snapshot file. Either way every
// reader sees the same data.
//
// Thread-safety: as SqliteSource.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_SOURCE_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_SOURCE_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "connectors/sqlite/sqlite_snapshot.h"
#include "connectors/sqlite/sqlite_source.h"
#include "ferry/source.h"

namespace ferry {

// What a chunked run's SQLite source reads, as the plan and the log say it.
inline constexpr std::string_view kSqliteRunSnapshotNote =
    "one snapshot of the whole database: one read transaction from the start of the run, read in "
    "place until another process writes to the file, then from a copy of the file made in that "
    "transaction and kept until the run is done";

class SqliteSnapshotSource : public Source {
 public:
  // Pins `source_path`; its snapshot, when one is needed, goes to `snapshot_path`.
  static Result<std::unique_ptr<SqliteSnapshotSource>> Start(const std::string& source_path,
                                                             const std::string& snapshot_path);
  // Ends the pin (after a copy under way); readers must be gone
  // (BackgroundSqliteSnapshot).
  ~SqliteSnapshotSource() override = default;

  const SqliteFileState& state() const { return snapshot_->state(); }
  // Makes the snapshot file now (unless a writer had it made) and waits until
  // it is in place (OK), or says why it is not.
  Status WaitForSnapshot() { return snapshot_->Wait(); }

  Result<DatabaseSchema> DescribeSchema() override;
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;
  std::string SnapshotNote() const override;

 private:
  SqliteSnapshotSource() = default;
  // The source while it is pinned, else the snapshot (opened once).
  template <typename T>
  Result<T> Read(const std::function<Result<T>(SqliteSource&)>& read);

  std::unique_ptr<SqliteSource> original_;
  std::string snapshot_path_;
  std::mutex mutex_;
  std::unique_ptr<SqliteSource> snapshot_file_;  // guarded by mutex_; opened when first needed
  std::unique_ptr<BackgroundSqliteSnapshot> snapshot_;  // last: destroyed (waited for) first
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_SOURCE_H_
