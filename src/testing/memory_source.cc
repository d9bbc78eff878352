#include "testing/memory_source.h"

#include <algorithm>

#include "testing/memory_target.h"

namespace ferry::testing {
namespace {

class MemoryReader : public BatchReader {
 public:
  MemoryReader(const std::vector<std::vector<Value>>& rows, const Chunk& chunk, size_t fail_after,
               Status fail_status, size_t hook_after, std::function<void()> hook,
               std::string raw_format)
      : raw_format_(std::move(raw_format)),
        rows_(rows),
        chunk_(chunk),
        fail_after_(fail_after),
        fail_status_(std::move(fail_status)),
        hook_after_(hook_after),
        hook_(std::move(hook)) {}

  bool Next(Batch* batch, size_t max_rows) override {
    batch->Clear();
    batch->set_raw_format(raw_format_);
    while (batch->num_rows() < max_rows && next_ < rows_.size()) {
      if (!InChunk(rows_[next_])) {
        ++next_;
        continue;
      }
      if (read_ == hook_after_ && hook_) hook_();
      if (read_ == fail_after_) {
        status_ = fail_status_;
        return false;
      }
      ++read_;
      const std::vector<Value>& source = rows_[next_++];
      Value* row = batch->AddRow();
      for (size_t i = 0; i < source.size(); ++i) row[i] = source[i];
      if (!raw_format_.empty()) batch->AddRawRow("raw:" + RowDebugString(source));
    }
    return !batch->empty();
  }
  Status status() const override { return status_; }

 private:
  bool InChunk(const std::vector<Value>& row) const {
    if (chunk_.IsWhole() || row.empty() || row[0].kind() != ValueKind::kInt64) return true;
    int64_t key = row[0].int64_value();
    return (!chunk_.lower || key >= *chunk_.lower) && (!chunk_.upper || key < *chunk_.upper);
  }

  static std::string RowDebugString(const std::vector<Value>& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) line += (c > 0 ? "|" : "") + ValueDebugString(row[c]);
    return line;
  }

  const std::string raw_format_;
  const std::vector<std::vector<Value>>& rows_;
  const Chunk chunk_;
  size_t next_ = 0;
  size_t read_ = 0;  // rows of the chunk read so far
  size_t fail_after_;
  Status fail_status_;
  size_t hook_after_;
  std::function<void()> hook_;
  Status status_;
};

}  // namespace

void MemorySource::AddTable(TableSchema table) {
  data_[table.name];
  schema_.tables.push_back(std::move(table));
}

void MemorySource::AddRow(const std::string& table, const std::vector<Value>& row) {
  std::vector<Value> copy;
  for (const Value& v : row) {
    if (v.kind() == ValueKind::kText || v.kind() == ValueKind::kBytes) {
      const std::string& owned = bytes_.emplace_back(v.bytes());
      copy.push_back(v.kind() == ValueKind::kText ? Value::Text(owned) : Value::Bytes(owned));
    } else {
      copy.push_back(v);
    }
  }
  data_.at(table).rows.push_back(std::move(copy));
}

void MemorySource::FailReadsAfter(const std::string& table, size_t after_rows, Status status) {
  data_.at(table).fail_after = after_rows;
  data_.at(table).fail_status = std::move(status);
}

void MemorySource::CallAfterRows(const std::string& table, size_t after_rows,
                                 std::function<void()> hook) {
  data_.at(table).hook_after = after_rows;
  data_.at(table).hook = std::move(hook);
}

Result<DatabaseSchema> MemorySource::DescribeSchema() {
  DatabaseSchema schema = schema_;
  for (TableSchema& table : schema.tables) {
    table.estimated_rows = static_cast<int64_t>(data_.at(table.name).rows.size());
  }
  return schema;
}

Result<std::unique_ptr<BatchReader>> MemorySource::OpenReader(const TableSchema& table,
                                                              const Chunk& chunk) {
  return Open(table, chunk, "");
}

Result<std::unique_ptr<BatchReader>> MemorySource::OpenRawReader(const TableSchema& table,
                                                                 const Chunk& chunk) {
  if (raw_format_.empty()) return Status::Internal("no raw rows given");
  return Open(table, chunk, raw_format_);
}

Result<std::unique_ptr<BatchReader>> MemorySource::Open(const TableSchema& table,
                                                        const Chunk& chunk,
                                                        std::string raw_format) {
  auto it = data_.find(table.name);
  if (it == data_.end()) return Status::NotFound("no table " + table.name);
  return std::unique_ptr<BatchReader>(
      new MemoryReader(it->second.rows, chunk, it->second.fail_after, it->second.fail_status,
                       it->second.hook_after, it->second.hook, std::move(raw_format)));
}

Result<std::vector<Chunk>> MemorySource::PlanChunks(const TableSchema& table, int64_t chunk_rows) {
  auto it = data_.find(table.name);
  if (it == data_.end()) return Status::NotFound("no table " + table.name);
  std::vector<int64_t> keys;
  for (const std::vector<Value>& row : it->second.rows) {
    if (row.empty() || row[0].kind() != ValueKind::kInt64) return std::vector<Chunk>{Chunk{}};
    keys.push_back(row[0].int64_value());
  }
  std::sort(keys.begin(), keys.end());
  std::vector<Chunk> chunks;
  for (size_t first = 0; first < keys.size() || chunks.empty();
       first += static_cast<size_t>(std::max<int64_t>(chunk_rows, 1))) {
    Chunk chunk;
    chunk.id = static_cast<int64_t>(chunks.size());
    if (first > 0) chunk.lower = keys[first];
    size_t next = first + static_cast<size_t>(std::max<int64_t>(chunk_rows, 1));
    if (next < keys.size()) chunk.upper = keys[next];
    chunk.estimated_rows = static_cast<int64_t>(std::min(next, keys.size()) - first);
    chunks.push_back(std::move(chunk));
    if (next >= keys.size()) break;
  }
  return chunks;
}

}  // namespace ferry::testing
