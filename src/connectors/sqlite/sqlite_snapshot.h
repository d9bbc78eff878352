// A consistent snapshot of a SQLite source for a whole copy run, and how to
// tell that the source changed since.
//
// ferry copies a SQLite database from a snapshot file made with SQLite's online
// backup API in one step: the copy is taken inside one read transaction on the
// source, so it is consistent while the application keeps writing (WAL or
// rollback journal alike), and it keeps every page as it was (rowids
// included, which rowid chunks rely on). A file, unlike a read transaction or
// a WAL snapshot handle (sqlite3_snapshot_open), outlives the process: after a
// crash, `--resume` reads the very data the interrupted run started from,
// workers on other hosts can read it over a shared filesystem, and no
// checkpoint of the live database can invalidate it. VACUUM INTO would also
// give a consistent file, but it rebuilds every table and index (slower) and
// may renumber the rowids of tables without an INTEGER PRIMARY KEY.
//
// The snapshot is written to "<path>.partial" and renamed when complete, so a
// crash never leaves a half snapshot under the final name.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ferry/status.h"

namespace ferry {

// Size and modification time of a database file and of its WAL (-1 when it
// has none): what the run records to notice later that the file was written.
struct SqliteFileState {
  int64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t wal_size = -1;
  int64_t wal_mtime_ns = 0;

  // "size=4096 mtime_ns=... wal_size=-1 wal_mtime_ns=0"; Parse reads it back.
  std::string ToString() const;
  static Result<SqliteFileState> Parse(std::string_view text);
  friend bool operator==(const SqliteFileState&, const SqliteFileState&) = default;
};

// The state of `path` now. NotFound when the file is missing.
Result<SqliteFileState> ReadSqliteFileState(const std::string& path);

// Copies the database at `source_path` to `snapshot_path` (replacing it) and
// returns the state of the source file as it was during the copy.
Result<SqliteFileState> TakeSqliteSnapshot(const std::string& source_path,
                                           const std::string& snapshot_path);

// A sentence for the user when `now` differs from `planned`, "" when equal.
std::string DescribeSqliteChange(const std::string& path, const SqliteFileState& planned,
                                 const SqliteFileState& now);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_H_
