// SqliteTypedSource: a SQLite file read back as a copy target, for verify.
//
// Wraps a Source over a SQLite file (SqliteSource: values as SQLite stores
// them, columns with their declared types): DescribeSchema gives each column
// the logical type ferry's SQLite mapping reads its declared type as
// (MapSqliteType) (SqliteSource leaves out ferry's own `_ferry_*` tables); readers
// convert every value into its logical type's representation with the same
// ValueConverter a SQLite source goes through, so the values a SQLite target
// holds are proven by the reader ferry uses for SQLite sources, not by the
// writer's inverse. A value that does not convert fails the reader with
// DataError naming the table and column. Thread-safe as the wrapped Source.
#ifndef FERRY_MAPPING_SQLITE_TYPED_SOURCE_H_
#define FERRY_MAPPING_SQLITE_TYPED_SOURCE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "ferry/source.h"

namespace ferry {

class SqliteTypedSource : public Source {
 public:
  explicit SqliteTypedSource(std::unique_ptr<Source> file) : file_(std::move(file)) {}

  Result<DatabaseSchema> DescribeSchema() override;
  // `table` names the columns to read (the plan's target table); each is
  // converted by the type its declared type maps to.
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  std::string SnapshotNote() const override { return file_->SnapshotNote(); }
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override {
    return file_->PlanChunks(table, chunk_rows);
  }

 private:
  Result<TableSchema> Typed(const std::string& table);

  std::unique_ptr<Source> file_;
  std::mutex mutex_;
  std::map<std::string, TableSchema> typed_;  // guarded by mutex_: DescribeSchema's tables
};

}  // namespace ferry

#endif  // FERRY_MAPPING_SQLITE_TYPED_SOURCE_H_
