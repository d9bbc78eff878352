#include "connectors/sqlite/sqlite_snapshot.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
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

// True when `source` (with a read transaction open) keeps its data in the
// main file alone: any journal mode but WAL, where a reader's SHARED lock
// keeps every writer from changing the file until the transaction ends.
Result<bool> UsesRollbackJournal(SqliteDatabase& source) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement statement, source.Prepare("PRAGMA journal_mode"));
  FERRY_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row && statement.ColumnText(0) != "wal";
}

// An open file descriptor; closed by the destructor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Copies the first `size` bytes of `source_path` to `copy_path` in the kernel
// (copy_file_range), and syncs the copy. `source_fd` is opened by the caller
// and must stay open until the caller's read transaction has ended: closing
// any descriptor of a file drops every POSIX lock this process holds on it,
// SQLite's SHARED lock included.
Status CopyFileBytes(int source_fd, const std::string& source_path, int64_t size,
                     const std::string& copy_path) {
  FileDescriptor out(::open(copy_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out.get() < 0) {
    return Status::IoError("cannot create the snapshot " + copy_path + ": " + std::strerror(errno));
  }
  int64_t left = size;
  while (left > 0) {
    ssize_t n =
        ::copy_file_range(source_fd, nullptr, out.get(), nullptr, static_cast<size_t>(left), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Status::IoError("cannot copy " + source_path + " into the snapshot " + copy_path +
                             ": " + (n < 0 ? std::strerror(errno) : "the file ended early") +
                             " (is the disk full?)");
    }
    left -= n;
  }
  if (::fsync(out.get()) != 0) {
    return Status::IoError("cannot sync the snapshot " + copy_path + ": " + std::strerror(errno));
  }
  return Status::OK();
}

// How often a pinned source is checked for a writer.
constexpr std::chrono::milliseconds kWriterPoll(20);

// SQLite's lock bytes (os_unix.c): a writer holds RESERVED from its first
// write to its commit, and PENDING while it waits to commit.
constexpr off_t kPendingByte = 0x40000000;
constexpr off_t kReservedByte = kPendingByte + 1;

// True when another process holds a write lock on `byte` of `fd`'s file
// (locks of this process never show). When it cannot tell, true.
bool OtherProcessWriteLocks(int fd, off_t byte) {
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = byte;
  lock.l_len = 1;
  if (::fcntl(fd, F_GETLK, &lock) != 0) return true;
  return lock.l_type == F_WRLCK;
}

// True when another process is writing to the database open at `fd`, or
// waiting to commit. A reader taking its SHARED lock holds a read lock on the
// PENDING byte for a moment; only write locks count.
bool WriterWaiting(int fd) {
  return OtherProcessWriteLocks(fd, kReservedByte) || OtherProcessWriteLocks(fd, kPendingByte);
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

struct BackgroundSqliteSnapshot::Pin {
  explicit Pin(SqliteDatabase db) : source(std::move(db)) {}
  SqliteDatabase source;         // holds the read transaction until the copy is done
  FileDescriptor source_fd{-1};  // rollback-journal mode: the bytes copied
};

Result<std::unique_ptr<BackgroundSqliteSnapshot>> BackgroundSqliteSnapshot::Start(
    const std::string& source_path, const std::string& snapshot_path) {
  std::unique_ptr<BackgroundSqliteSnapshot> snapshot(new BackgroundSqliteSnapshot());
  snapshot->source_path_ = source_path;
  snapshot->snapshot_path_ = snapshot_path;
  FERRY_ASSIGN_OR_RETURN(
      SqliteDatabase source,
      SqliteDatabase::Open(source_path, {.read_only = true, .busy_timeout_ms = 10000}));
  snapshot->pin_ = std::make_unique<Pin>(std::move(source));
  SqliteDatabase& db = snapshot->pin_->source;
  // Hold a read transaction so that the state we record is the state we copy.
  FERRY_RETURN_IF_ERROR(db.Exec("BEGIN; SELECT count(*) FROM sqlite_schema;"));
  FERRY_ASSIGN_OR_RETURN(snapshot->state_, ReadSqliteFileState(source_path));
  FERRY_ASSIGN_OR_RETURN(bool rollback_journal, UsesRollbackJournal(db));
  if (!rollback_journal) {
    snapshot->Copy();  // WAL: the backup API, now
    FERRY_RETURN_IF_ERROR(snapshot->Wait());
    return snapshot;
  }
  snapshot->pin_->source_fd = FileDescriptor(::open(source_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (snapshot->pin_->source_fd.get() < 0) {
    return Status::IoError("cannot open " + source_path +
                           " to snapshot it: " + std::strerror(errno));
  }
  snapshot->pinned_ = true;
  snapshot->watcher_ = std::thread([raw = snapshot.get()] { raw->Watch(); });
  return snapshot;
}

BackgroundSqliteSnapshot::~BackgroundSqliteSnapshot() {
  {
    std::lock_guard lock(mutex_);
    releasing_ = true;
  }
  wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void BackgroundSqliteSnapshot::Watch() {
  bool writer = false;
  {
    std::unique_lock lock(mutex_);
    while (!copy_now_ && !(writer = WriterWaiting(pin_->source_fd.get()))) {
      if (releasing_) {
        lock.unlock();
        Unpin();
        return;
      }
      wake_.wait_for(lock, kWriterPoll);
    }
    // From now on no reader may open the source: a writer waiting to commit
    // holds SQLite's PENDING lock, so a new reader would wait for the writer,
    // which waits for the pin, and then read what the writer wrote. Readers
    // wait for the file instead (WhilePinned false, then Wait()).
    pinned_ = false;
  }
  if (writer) {
    spdlog::info("   another process writes to {}: copying it into the snapshot file {}",
                 source_path_, snapshot_path_);
  }
  Copy();
}

void BackgroundSqliteSnapshot::Unpin() {
  (void)pin_->source.Exec("COMMIT");
  std::lock_guard lock(mutex_);
  pinned_ = false;
}

void BackgroundSqliteSnapshot::Copy() {
  // Named by process: two processes may take the same snapshot at once
  // (both retaking a lost one); each renames a complete file into place.
  std::string partial = snapshot_path_ + ".partial." + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  Status s;
  if (pin_->source_fd.get() >= 0) {
    // The file is the database while our SHARED lock holds writers off: copy
    // its bytes, about twice as fast as the backup API's page by page.
    s = CopyFileBytes(pin_->source_fd.get(), source_path_, state_.size, partial);
  } else {
    // WAL: committed pages may still be in the -wal file; the backup API
    // reads the database as this transaction sees it.
    Result<SqliteDatabase> copy = SqliteDatabase::Open(partial, {.create = true});
    s = copy.ok() ? CopyPages(pin_->source, *copy, source_path_) : copy.status();
  }
  if (s.ok()) {
    std::filesystem::rename(partial, snapshot_path_, ec);
    if (ec) {
      s = Status::IoError("cannot move the snapshot into place at " + snapshot_path_ + ": " +
                          ec.message());
    }
  }
  Unpin();  // the writer may commit now
  {
    std::lock_guard lock(mutex_);
    copied_ = std::move(s);
    copy_done_ = true;
  }
  wake_.notify_all();
}

bool BackgroundSqliteSnapshot::WhilePinned(const std::function<void()>& open) {
  std::lock_guard lock(mutex_);
  if (!pinned_) return false;
  open();
  return true;
}

Status BackgroundSqliteSnapshot::Wait() {
  std::unique_lock lock(mutex_);
  copy_now_ = true;
  wake_.notify_all();
  wake_.wait(lock, [this] { return copy_done_; });
  return copied_;
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
