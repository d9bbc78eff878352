#include "connectors/sqlite/sqlite_snapshot.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {
namespace {

// Size and mtime of `path`; false when it does not exist.
bool StatFile(const std::string& path, int64_t* size, int64_t* mtime_ns) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  *size = st.st_size;
  *mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

using BackupHandle = CHandle<sqlite3_backup, &sqlite3_backup_finish>;

Status CopyPages(SqliteDatabase& source, SqliteDatabase& copy, const std::string& source_path) {
  BackupHandle backup(sqlite3_backup_init(copy.get(), "main", source.get(), "main"));
  if (backup == nullptr) {
    return Status::IoError("cannot start the snapshot of " + source_path + ": " + copy.LastError());
  }
  int rc = sqlite3_backup_step(backup.get(), -1);  // every page in one step: one read transaction
  if (rc != SQLITE_DONE) {
    return Status::IoError("cannot snapshot " + source_path + ": " + sqlite3_errstr(rc) +
                           " (is the disk full, or the source locked by an exclusive writer?)");
  }
  rc = sqlite3_backup_finish(backup.release());
  if (rc != SQLITE_OK) {
    return Status::IoError("cannot finish the snapshot of " + source_path + ": " +
                           sqlite3_errstr(rc));
  }
  return Status::OK();
}

}  // namespace

std::string SqliteFileState::ToString() const {
  return "size=" + std::to_string(size) + " mtime_ns=" + std::to_string(mtime_ns) +
         " wal_size=" + std::to_string(wal_size) + " wal_mtime_ns=" + std::to_string(wal_mtime_ns);
}

Result<SqliteFileState> SqliteFileState::Parse(std::string_view text) {
  SqliteFileState state;
  long long values[4];
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "size=%lld mtime_ns=%lld wal_size=%lld wal_mtime_ns=%lld",
                  &values[0], &values[1], &values[2], &values[3]) != 4) {
    return Status::Corruption("unreadable SQLite file state '" + copy + "' in the run record");
  }
  state.size = values[0];
  state.mtime_ns = values[1];
  state.wal_size = values[2];
  state.wal_mtime_ns = values[3];
  return state;
}

Result<SqliteFileState> ReadSqliteFileState(const std::string& path) {
  SqliteFileState state;
  if (!StatFile(path, &state.size, &state.mtime_ns)) {
    return Status::NotFound("SQLite database '" + path + "' does not exist (check the path)");
  }
  if (!StatFile(path + "-wal", &state.wal_size, &state.wal_mtime_ns)) {
    state.wal_size = -1;
    state.wal_mtime_ns = 0;
  }
  return state;
}

Result<SqliteFileState> TakeSqliteSnapshot(const std::string& source_path,
                                           const std::string& snapshot_path) {
  FERRY_ASSIGN_OR_RETURN(
      SqliteDatabase source,
      SqliteDatabase::Open(source_path, {.read_only = true, .busy_timeout_ms = 10000}));
  // Hold a read transaction so that the state we record is the state we copy.
  FERRY_RETURN_IF_ERROR(source.Exec("BEGIN; SELECT count(*) FROM sqlite_schema;"));
  FERRY_ASSIGN_OR_RETURN(SqliteFileState state, ReadSqliteFileState(source_path));
  std::string partial = snapshot_path + ".partial";
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  {
    FERRY_ASSIGN_OR_RETURN(SqliteDatabase copy, SqliteDatabase::Open(partial, {.create = true}));
    FERRY_RETURN_IF_ERROR(CopyPages(source, copy, source_path));
  }
  (void)source.Exec("COMMIT");
  std::filesystem::rename(partial, snapshot_path, ec);
  if (ec) {
    return Status::IoError("cannot move the snapshot into place at " + snapshot_path + ": " +
                           ec.message());
  }
  return state;
}

std::string DescribeSqliteChange(const std::string& path, const SqliteFileState& planned,
                                 const SqliteFileState& now) {
  if (planned == now) return "";
  std::string what = planned.size != now.size || planned.wal_size != now.wal_size
                         ? "its size changed"
                         : "it was written to (its modification time changed)";
  return "the source " + path + " changed since this run was planned: " + what;
}

}  // namespace ferry
