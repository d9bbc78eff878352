// A consistent snapshot of a SQLite source for a whole copy run, and how to
// tell that the source changed since.
//
// ferry copies a SQLite database as one read transaction on the source sees
// it, so the copy is consistent while the application keeps writing, and
// every page stays as it was (rowids included, which rowid chunks rely on).
// In rollback-journal mode the transaction's SHARED lock keeps writers from
// committing, so the source is read in place until a writer comes; then its
// bytes are copied into a snapshot file by the kernel (copy_file_range, about
// twice as fast as the backup API here) and read from there, and the writer
// goes on. In WAL mode committed pages may live in the -wal file and readers
// do not hold writers off, so SQLite's online backup API copies the pages as
// the transaction sees them, in one step, before anything is read.
//
// A file, unlike a read transaction or a WAL snapshot handle
// (sqlite3_snapshot_open), outlives the process: after a crash, `--resume`
// reads the very data the interrupted run started from, workers on other hosts
// can read it over a shared filesystem, and no checkpoint of the live database
// can invalidate it. Without a file (no writer came before the crash), a
// resume reads the source in place again when it is unchanged, and otherwise
// says to start over. VACUUM INTO would also give a consistent file, but it
// rebuilds every table and index (slower) and may renumber the rowids of
// tables without an INTEGER PRIMARY KEY.
//
// The snapshot is written to "<path>.partial.<pid>" and renamed when
// complete, so a crash never leaves a half snapshot under the final name.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

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

// A snapshot made only when it is needed, while the source is already read.
//
// Start() opens a read transaction on the source. In rollback-journal mode its
// SHARED lock keeps every writer from committing, so while it lasts the source
// itself holds exactly the snapshot's data: a reader opened inside
// WhilePinned() (which must take its own read lock before it returns) reads the
// same data from the source as it would from the snapshot, even after the pin
// is gone. A watcher looks every 20 ms for another process holding SQLite's
// RESERVED or PENDING lock, the sign of a writer that the pin now holds off;
// then it copies the file's bytes (copy_file_range) inside the transaction,
// puts the file in place and ends the pin, so the writer waits only for the
// copy. Readers opened from then on wait for the file (WhilePinned returns
// false): behind the writer's PENDING lock they could not read the source.
// Wait() makes the copy at once. Without a writer and without Wait(), nothing
// is copied: the pin ends with the object, and a copy that never needs a
// snapshot file pays neither its time nor its disk space.
//
// A WAL database is copied with the backup API before Start() returns and is
// never read in place: its readers do not hold writers off.
//
// The destructor waits for a copy under way and only then closes the
// descriptor it copied from (closing any descriptor of a file drops this
// process's POSIX locks on it, readers' included): destroy it after every
// reader it pinned.
class BackgroundSqliteSnapshot {
 public:
  static Result<std::unique_ptr<BackgroundSqliteSnapshot>> Start(const std::string& source_path,
                                                                 const std::string& snapshot_path);
  ~BackgroundSqliteSnapshot();
  BackgroundSqliteSnapshot(const BackgroundSqliteSnapshot&) = delete;
  BackgroundSqliteSnapshot& operator=(const BackgroundSqliteSnapshot&) = delete;

  // The source's state when the snapshot was taken.
  const SqliteFileState& state() const { return state_; }
  // Calls `open` while readers may still open the source and returns true,
  // or returns false without calling it once the copy has begun (then Wait()
  // for the file).
  bool WhilePinned(const std::function<void()>& open);
  // Makes the snapshot file now unless a writer already had it made, and
  // waits for it: OK once the file is in place. Safe from several threads.
  Status Wait();

 private:
  struct Pin;
  BackgroundSqliteSnapshot() = default;
  // The watcher thread: copies when a writer shows up or Wait() asks, or
  // ends the pin without copying when the object is destroyed first.
  void Watch();
  void Copy();
  // Ends the read transaction (the pin).
  void Unpin();

  std::string source_path_;
  std::string snapshot_path_;
  SqliteFileState state_;
  std::unique_ptr<Pin> pin_;  // the read transaction and the descriptor copied from
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pinned_ = false;     // guarded by mutex_: readers may open the source
  bool copy_now_ = false;   // guarded by mutex_: Wait() asks for the file
  bool releasing_ = false;  // guarded by mutex_: the destructor runs
  bool copy_done_ = false;  // guarded by mutex_
  Status copied_;           // guarded by mutex_: the copy's outcome once copy_done_
  std::thread watcher_;
};

// A sentence for the user when `now` differs from `planned`, "" when equal.
std::string DescribeSqliteChange(const std::string& path, const SqliteFileState& planned,
                                 const SqliteFileState& now);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SNAPSHOT_H_
