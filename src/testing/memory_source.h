// MemorySource: a Source whose tables and rows live in memory, for tests.
//
// Rows are given as Values; text and bytes are copied into the source, so the
// caller's buffers need not outlive the call. OpenReader may be called from
// several threads; each reader reads its own cursor. A reader can be told to
// fail after some rows, to test how the pipeline handles read errors.
// PlanChunks splits a table whose first column is an int64 key by ranges of
// it, and readers of such a chunk read only its rows (lower <= key < upper).
// What a reader counts (FailReadsAfter, CallAfterRows) is its own rows.
// After GiveRawRows, raw readers (OpenRawReader) also give each row as raw
// bytes: "raw:" and the row as MemoryTarget renders it ("raw:1|'x'").
#ifndef FERRY_TESTING_MEMORY_SOURCE_H_
#define FERRY_TESTING_MEMORY_SOURCE_H_

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ferry/source.h"

namespace ferry::testing {

class MemorySource : public Source {
 public:
  void AddTable(TableSchema table);
  // REQUIRES: the table was added; `row` has one Value per column.
  void AddRow(const std::string& table, const std::vector<Value>& row);
  // Readers of `table` fail with `status` once `after_rows` rows were read.
  void FailReadsAfter(const std::string& table, size_t after_rows, Status status);
  // Readers of `table` call `hook` (on the reader's thread) once `after_rows` rows were read.
  void CallAfterRows(const std::string& table, size_t after_rows, std::function<void()> hook);

  // Raw rows in `format` for every table.
  void GiveRawRows(std::string format) { raw_format_ = std::move(format); }

  Result<DatabaseSchema> DescribeSchema() override;
  std::string raw_row_format() const override { return raw_format_; }
  Result<std::string> RawRowsWhyNot(const TableSchema& table) override {
    return std::string(raw_format_.empty() ? "no raw rows given" : "");
  }
  Result<std::unique_ptr<BatchReader>> OpenRawReader(const TableSchema& table,
                                                     const Chunk& chunk) override;
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  // Chunks of `chunk_rows` rows by the first column's values (sorted), when it
  // is an int64 key; else the whole table.
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;
  std::string SnapshotNote() const override { return "in memory"; }

 private:
  struct Data {
    std::vector<std::vector<Value>> rows;
    size_t fail_after = SIZE_MAX;
    Status fail_status;
    size_t hook_after = SIZE_MAX;
    std::function<void()> hook;
  };
  Result<std::unique_ptr<BatchReader>> Open(const TableSchema& table, const Chunk& chunk,
                                            std::string raw_format);

  DatabaseSchema schema_;
  std::string raw_format_;
  std::map<std::string, Data> data_;
  std::deque<std::string> bytes_;  // owns the text and bytes the rows point into
};

}  // namespace ferry::testing

#endif  // FERRY_TESTING_MEMORY_SOURCE_H_
