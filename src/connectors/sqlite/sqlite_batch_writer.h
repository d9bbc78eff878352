// SqliteBatchWriter: writes one table's rows into a SQLite file with one
// prepared INSERT (INSERT ... ON CONFLICT (key) DO UPDATE for upsert), inside
// one write transaction on a connection of its own.
//
// SQLite has one writer per file, so the transaction is taken late: at the
// first Write (or at Commit when no row came), and held until Commit. Readers
// of the source go on in parallel meanwhile; writers of the same file in this
// process queue on the file's mutex (sqlite_write_lock.h). The transaction
// readies the table for the mode first (CREATE TABLE with its keys; DROP and
// CREATE; DELETE every row), so a failed or abandoned writer leaves the table
// as it was. CommitChunk marks the chunk done in _ferry_chunks in the same
// transaction. Not thread-safe: one writer per thread.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_BATCH_WRITER_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_BATCH_WRITER_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_write_lock.h"
#include "ferry/target.h"

namespace ferry {

class SqliteBatchWriter : public BatchWriter {
 public:
  // Opens its own connection to `path`. `table` exists unless `mode` creates it.
  static Result<std::unique_ptr<SqliteBatchWriter>> Open(const std::string& path,
                                                         const TableSchema& table, WriteMode mode);
  ~SqliteBatchWriter() override = default;  // the transaction rolls back unless committed

  Status Write(const Batch& batch, size_t* bad_row) override;
  Status Commit() override;
  Status CommitChunk(const ChunkDone& done) override;
  int64_t RefusedRow() const override { return refused_row_; }

 private:
  SqliteBatchWriter(SqliteDatabase db, const TableSchema& table, WriteMode mode)
      : db_(std::move(db)), table_(table), mode_(mode) {}
  // BEGIN IMMEDIATE, ready the table, prepare the INSERT: once.
  Status Begin();
  Status ReadyTable();
  std::string InsertSql() const;
  Status WriteRow(const Value* row);
  Status RecordCreatedTable(const ChunkDone& done);
  static Status ClaimLost(const ChunkDone& done);
  Status Fail(Status status);

  SqliteDatabase db_;
  const TableSchema table_;
  const WriteMode mode_;
  std::optional<SqliteWriteTransaction> transaction_;
  std::optional<SqliteStatement> insert_;
  std::vector<std::string> scratch_;  // per column: formatted text bound to insert_
  bool failed_ = false;
  bool finished_ = false;
  int64_t rows_ = 0;
  int64_t refused_row_ = -1;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_BATCH_WRITER_H_
