#include "testing/memory_target.h"

#include <fmt/format.h>

#include <cstdio>

#include "testing/memory_run_store.h"

namespace ferry::testing {
namespace {

class MemoryWriter : public BatchWriter {
 public:
  MemoryWriter(MemoryTarget* target, std::string table, WriteMode mode, std::string raw_format)
      : target_(target),
        table_(std::move(table)),
        mode_(mode),
        raw_format_(std::move(raw_format)) {}

  bool writes_raw_rows() const override { return !raw_format_.empty(); }

  Status Write(const Batch& batch, size_t* bad_row) override {
    FERRY_RETURN_IF_ERROR(target_->BeforeWrite());
    if (!raw_format_.empty()) {
      if (!batch.HasRawRows(raw_format_)) return Status::Internal("a batch without raw rows");
      for (size_t row = 0; row < batch.num_rows(); ++row) rows_.emplace_back(batch.RawRow(row));
      return Status::OK();
    }
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      std::string line;
      for (int c = 0; c < batch.num_columns(); ++c) {
        if (c > 0) line += '|';
        line += ValueDebugString(batch.At(row, c));
      }
      rows_.push_back(std::move(line));
    }
    return Status::OK();
  }
  Status Commit() override {
    target_->CommitRows(table_, mode_, std::move(rows_));
    return Status::OK();
  }
  Status CommitChunk(const ChunkDone& done) override {
    MemoryRunStore* store = target_->run_store();
    if (store == nullptr) return Status::Internal("this MemoryTarget keeps no run state");
    return store->CommitDone(done, [&] {
      target_->CommitRows(table_, mode_, std::move(rows_));
      return Status::OK();
    });
  }

 private:
  MemoryTarget* target_;
  std::string table_;
  WriteMode mode_;
  const std::string raw_format_;  // "": renders the values
  std::vector<std::string> rows_;
};

}  // namespace

std::string ValueDebugString(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return value.bool_value() ? "true" : "false";
    case ValueKind::kInt64:
      return std::to_string(value.int64_value());
    case ValueKind::kDouble:
      return fmt::format("{}", value.double_value());
    case ValueKind::kText:
      return "'" + std::string(value.bytes()) + "'";
    case ValueKind::kBytes: {
      std::string out = "x'";
      for (unsigned char c : value.bytes()) out += fmt::format("{:02x}", c);
      return out + "'";
    }
  }
  return "?";
}

void MemoryTarget::AddExistingTable(const std::string& name) {
  std::lock_guard lock(mutex_);
  tables_[name];
}

Status MemoryTarget::Prepare(const std::vector<TableSchema>& tables, WriteMode mode) {
  for (const TableSchema& table : tables) {
    bool exists = Exists(table.name);
    if (mode == WriteMode::kCreate && exists) return Status::AlreadyExists("table " + table.name);
    if (mode != WriteMode::kCreate && mode != WriteMode::kReplace && !exists) {
      return Status::NotFound("table " + table.name);
    }
  }
  return Status::OK();
}

Result<std::unique_ptr<BatchWriter>> MemoryTarget::OpenWriter(const TableSchema& table,
                                                              const Chunk& chunk, WriteMode mode) {
  return std::unique_ptr<BatchWriter>(new MemoryWriter(this, table.name, mode, ""));
}

Result<std::unique_ptr<BatchWriter>> MemoryTarget::OpenRawWriter(const TableSchema& table,
                                                                 const Chunk& chunk,
                                                                 WriteMode mode) {
  return std::unique_ptr<BatchWriter>(new MemoryWriter(this, table.name, mode, raw_format_));
}

Status MemoryTarget::Finish(const std::vector<TableSchema>& tables, int parallelism,
                            std::vector<SkippedObject>* /*broken_foreign_keys*/) {
  ++finish_calls_;
  return Status::OK();
}

Status MemoryTarget::DropTable(const TableSchema& table) {
  std::lock_guard lock(mutex_);
  tables_.erase(table.name);
  return Status::OK();
}

std::vector<std::string> MemoryTarget::Rows(const std::string& table) const {
  std::lock_guard lock(mutex_);
  auto it = tables_.find(table);
  return it == tables_.end() ? std::vector<std::string>() : it->second;
}

bool MemoryTarget::Exists(const std::string& table) const {
  std::lock_guard lock(mutex_);
  return tables_.count(table) > 0;
}

void MemoryTarget::CommitRows(const std::string& table, WriteMode mode,
                              std::vector<std::string> rows) {
  std::lock_guard lock(mutex_);
  std::vector<std::string>& stored = tables_[table];
  if (mode != WriteMode::kAppend && mode != WriteMode::kUpsert) stored.clear();
  stored.insert(stored.end(), rows.begin(), rows.end());
}

Status FailingTarget::BeforeWrite() { return ++writes_ == fail_on_ ? status_ : Status::OK(); }

Status FlakyTarget::BeforeWrite() {
  if (failures_left_.fetch_sub(1) <= 0) return Status::OK();
  ++failed_;
  return status_;
}

}  // namespace ferry::testing
