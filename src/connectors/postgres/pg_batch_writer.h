// PgBatchWriter: writes one table's rows with COPY ... FROM STDIN (FORMAT binary)
// inside one transaction on its own connection.
//
// Open() begins the transaction and readies the table for the mode in it
// (CREATE TABLE; DROP + CREATE; TRUNCATE; for upsert a temp table), then starts
// the COPY. A table it creates gets its primary and unique keys at Commit(),
// after the rows, in the same transaction. Rows are encoded into one reused buffer and sent in ~1
// MB pieces. Commit() ends the COPY, merges the temp table for upsert (INSERT ... ON CONFLICT ...
// DO UPDATE) and commits; CommitChunk also records the chunk done (_ferry.finish_chunk,
// pg_run_schema.h) in that transaction. So a failed, cancelled or killed
// writer leaves the table as it was: other sessions never see a half-written table.
// Text values for a column of a type ferry cannot encode in binary (an array,
// an interval, an enum, read as text from a PostgreSQL source) go through a
// temporary stage table and are cast to the column's type before Commit.
//
// Opened with `raw_rows`, the writer takes batches that carry their rows as a
// PostgreSQL source sent them (pg_raw_rows.h) and, when every column of the
// table takes those bytes (the plan's type, a portable binary form), appends
// them to its COPY as they are: no encoding, no stage (writes_raw_rows()).
// When the table does not take them (an existing table of other types), it
// encodes the batches' values as without `raw_rows`.
//
// When destroyed, the writer hands its connection to `on_idle` (if given) once
// the transaction is over and the connection is healthy and idle, so the next
// writer can reuse it; a broken connection is closed instead.
// Not thread-safe: one writer per thread.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_BATCH_WRITER_H_
#define FERRY_CONNECTORS_POSTGRES_PG_BATCH_WRITER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_copy_encoder.h"
#include "connectors/postgres/pg_copy_stream.h"
#include "ferry/target.h"

namespace ferry {

class PgBatchWriter : public BatchWriter {
 public:
  // Gets `conn` back when done with a healthy, idle connection.
  using IdleCallback = std::function<void(PgConnection)>;

  // Takes ownership of `conn` (used by no one else, not in a transaction).
  // `table` exists in the target unless the mode creates it; its columns are
  // matched by name. `on_idle` may be empty: the connection is then closed.
  static Result<std::unique_ptr<PgBatchWriter>> Open(PgConnection conn, const TableSchema& table,
                                                     const std::string& schema, WriteMode mode,
                                                     IdleCallback on_idle = nullptr,
                                                     bool raw_rows = false);
  ~PgBatchWriter() override;

  Status Write(const Batch& batch, size_t* bad_row) override;
  Status Commit() override;
  Status CommitChunk(const ChunkDone& done) override;

  int64_t RefusedRow() const override { return refused_row_; }
  bool writes_raw_rows() const override { return raw_; }

  int64_t rows_written() const { return rows_; }
  int backend_pid() const { return conn_.BackendPid(); }

 private:
  PgBatchWriter(PgConnection conn, const TableSchema& table, std::string schema, WriteMode mode,
                IdleCallback on_idle);
  Status Begin(bool raw_rows);
  Status WriteRaw(const Batch& batch, size_t* bad_row);
  Status ReadyTable();
  Result<PgCopyEncoder> MakeEncoder(const std::string& copy_table);
  Status StartCopy();
  Status EndCopy();
  Status ReadyStage();
  Status MergeStage();
  Status MergeUpsert();
  Status Fail(Status status);
  // Runs key_sql[n] (KeySql's statement n) in a savepoint.
  Status AddKey(const std::vector<std::string>& key_sql, size_t n);

  PgConnection conn_;
  IdleCallback on_idle_;
  std::optional<PgTransaction> transaction_;  // points at conn_: the writer never moves
  const TableSchema table_;
  const std::string schema_;
  const WriteMode mode_;
  std::string copy_table_;  // qualified name COPY writes into (a temp table for upsert)
  std::optional<PgCopyEncoder> encoder_;
  // Columns whose values come in text form (name, type): written through a stage.
  std::vector<std::pair<std::string, std::string>> text_form_;
  PgCopyStream stream_;
  bool raw_ = false;  // Write appends the batches' raw rows as they are
  bool copying_ = false;
  bool failed_ = false;
  int64_t rows_ = 0;
  int64_t refused_row_ = -1;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_BATCH_WRITER_H_
