#include "mapping/sqlite_typed_source.h"

#include <vector>

#include "mapping/sqlite_types.h"
#include "mapping/value_converter.h"

namespace ferry {
namespace {

class TypedReader : public BatchReader {
 public:
  TypedReader(std::unique_ptr<BatchReader> inner, std::string table, std::vector<std::string> names,
              std::vector<ValueConverter> converters)
      : inner_(std::move(inner)),
        table_(std::move(table)),
        names_(std::move(names)),
        converters_(std::move(converters)),
        raw_(static_cast<int>(converters_.size())) {}

  bool Next(Batch* batch, size_t max_rows) override {
    batch->Clear(static_cast<int>(converters_.size()));
    if (!status_.ok() || !inner_->Next(&raw_, max_rows)) return false;
    std::string reason;
    for (size_t r = 0; r < raw_.num_rows(); ++r) {
      const Value* in = raw_.Row(r);
      Value* out = batch->AddRow();
      for (size_t c = 0; c < converters_.size(); ++c) {
        if (converters_[c].Convert(in[c], batch, &out[c], &reason)) continue;
        status_ = Status::DataError("table " + table_ + ", column " + names_[c] + " (" +
                                    converters_[c].target_type().pg_type + "): " + reason);
        return false;
      }
    }
    return true;
  }
  Status status() const override { return status_.ok() ? inner_->status() : status_; }

 private:
  std::unique_ptr<BatchReader> inner_;
  std::string table_;
  std::vector<std::string> names_;
  std::vector<ValueConverter> converters_;
  Batch raw_;
  Status status_;
};

}  // namespace

Result<DatabaseSchema> SqliteTypedSource::DescribeSchema() {
  FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, file_->DescribeSchema());
  for (TableSchema& table : schema.tables) {  // ferry's _ferry_* tables are left out already
    for (Column& column : table.columns) {
      TypeChoice choice = MapSqliteType(column.native_type);
      column.type = choice.target.type;
      column.native_type = choice.target.pg_type;
    }
  }
  std::lock_guard lock(mutex_);
  for (const TableSchema& table : schema.tables) typed_[table.name] = table;
  return schema;
}

Result<TableSchema> SqliteTypedSource::Typed(const std::string& table) {
  bool described = false;
  {
    std::lock_guard lock(mutex_);
    described = !typed_.empty();
  }
  if (!described) FERRY_RETURN_IF_ERROR(DescribeSchema().status());
  std::lock_guard lock(mutex_);
  auto it = typed_.find(table);
  if (it == typed_.end())
    return Status::NotFound("table " + table + " is not in the SQLite target");
  return it->second;
}

Result<std::unique_ptr<BatchReader>> SqliteTypedSource::OpenReader(const TableSchema& table,
                                                                   const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(TableSchema typed, Typed(table.name));
  std::vector<std::string> names;
  std::vector<ValueConverter> converters;
  for (const Column& wanted : table.columns) {
    int index = typed.ColumnIndex(wanted.name);
    if (index < 0) {
      return Status::NotFound("table " + table.name + " of the SQLite target has no column " +
                              wanted.name);
    }
    FERRY_ASSIGN_OR_RETURN(ValueConverter converter,
                           ValueConverter::For(typed.columns[index], /*allow_nul=*/true));
    converters.push_back(std::move(converter));
    names.push_back(wanted.name);
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> inner, file_->OpenReader(table, chunk));
  return std::unique_ptr<BatchReader>(
      new TypedReader(std::move(inner), table.name, std::move(names), std::move(converters)));
}

}  // namespace ferry
