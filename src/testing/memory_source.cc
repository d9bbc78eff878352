#include "testing/memory_source.h"

namespace ferry::testing {
namespace {

class MemoryReader : public BatchReader {
 public:
  MemoryReader(const std::vector<std::vector<Value>>& rows, size_t fail_after, Status fail_status,
               size_t hook_after, std::function<void()> hook)
      : rows_(rows),
        fail_after_(fail_after),
        fail_status_(std::move(fail_status)),
        hook_after_(hook_after),
        hook_(std::move(hook)) {}

  bool Next(Batch* batch, size_t max_rows) override {
    batch->Clear();
    while (batch->num_rows() < max_rows && next_ < rows_.size()) {
      if (next_ == hook_after_ && hook_) hook_();
      if (next_ == fail_after_) {
        status_ = fail_status_;
        return false;
      }
      const std::vector<Value>& source = rows_[next_++];
      Value* row = batch->AddRow();
      for (size_t i = 0; i < source.size(); ++i) row[i] = source[i];
    }
    return !batch->empty();
  }
  Status status() const override { return status_; }

 private:
  const std::vector<std::vector<Value>>& rows_;
  size_t next_ = 0;
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
  auto it = data_.find(table.name);
  if (it == data_.end()) return Status::NotFound("no table " + table.name);
  return std::unique_ptr<BatchReader>(new MemoryReader(it->second.rows, it->second.fail_after,
                                                       it->second.fail_status,
                                                       it->second.hook_after, it->second.hook));
}

}  // namespace ferry::testing
