// Batch: a few thousand rows of one table, the unit that moves between threads.
//
// Rows are stored row-major as Values; their text and bytes live in the batch's
// own Arena, so filling a batch does no heap allocation per value and Clear()
// makes it ready for reuse. A Batch is moved between threads, never shared.
//
// Raw rows (optional): a batch may also carry each row as the source sent it,
// in the source's own wire form named by raw_format() (e.g. one PostgreSQL
// binary COPY tuple per row), for a target that takes that form as it is
// instead of encoding the values again (TablePlan::raw_rows). The values are
// always there too (the pipeline hashes them; a writer may still encode them).
// When a batch has raw rows it has one per row, in row order: a raw row is
// added right after its row, and PopRow drops both.
#ifndef FERRY_BATCH_H_
#define FERRY_BATCH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/arena.h"
#include "ferry/value.h"

namespace ferry {

class Batch {
 public:
  explicit Batch(int num_columns = 0) : num_columns_(num_columns) {}
  Batch(Batch&&) = default;
  Batch& operator=(Batch&&) = default;

  int num_columns() const { return num_columns_; }
  size_t num_rows() const { return num_columns_ == 0 ? 0 : values_.size() / num_columns_; }
  bool empty() const { return values_.empty(); }

  // Appends a row of nulls and returns its num_columns() values to fill.
  // The pointer is valid until the next AddRow/PopRow/Clear.
  Value* AddRow() {
    values_.resize(values_.size() + num_columns_);
    return values_.data() + values_.size() - num_columns_;
  }
  // Drops the last row (e.g. one that was rejected while being filled), and
  // its raw row when it has one.
  void PopRow() {
    values_.resize(values_.size() - num_columns_);
    if (raw_rows_.size() > num_rows()) raw_rows_.resize(num_rows());
  }

  // The format of the raw rows ("" when the batch carries none), a name the
  // source's engine gives it, compared by value. Kept by Clear().
  const std::string& raw_format() const { return raw_format_; }
  void set_raw_format(std::string_view format) {
    if (raw_format_ != format) raw_format_ = format;
  }
  // The raw form of the last row added: `size` bytes of arena space to fill,
  // valid until Clear().
  char* AddRawRow(size_t size) {
    char* data = arena_.Allocate(size);
    raw_rows_.emplace_back(data, size);
    return data;
  }
  // Copies `bytes` in as the raw form of the last row added.
  void AddRawRow(std::string_view bytes) { raw_rows_.push_back(arena_.Copy(bytes)); }
  size_t num_raw_rows() const { return raw_rows_.size(); }
  // True when every row has its raw form in `format` (a non-empty name).
  bool HasRawRows(std::string_view format) const {
    return !format.empty() && raw_format_ == format && raw_rows_.size() == num_rows();
  }
  std::string_view RawRow(size_t row) const { return raw_rows_[row]; }

  const Value* Row(size_t row) const { return values_.data() + row * num_columns_; }
  Value* MutableRow(size_t row) { return values_.data() + row * num_columns_; }
  const Value& At(size_t row, int column) const { return values_[row * num_columns_ + column]; }

  // Copies bytes into this batch's arena; the view lives until Clear().
  std::string_view Store(std::string_view bytes) { return arena_.Copy(bytes); }
  // Raw arena space for encoders that write in place.
  char* Allocate(size_t n) { return arena_.Allocate(n); }

  // Approximate bytes of row data held (values and arena contents).
  size_t ByteSize() const { return values_.size() * sizeof(Value) + arena_.BytesUsed(); }

  // Empties the batch (and its raw rows, keeping raw_format()), keeping its
  // memory for the next rows. `num_columns` may change.
  void Clear(int num_columns) {
    num_columns_ = num_columns;
    Clear();
  }
  void Clear() {
    values_.clear();
    raw_rows_.clear();
    arena_.Reset();
  }

 private:
  int num_columns_;
  std::vector<Value> values_;
  std::string raw_format_;
  std::vector<std::string_view> raw_rows_;  // in arena_
  Arena arena_;
};

}  // namespace ferry

#endif  // FERRY_BATCH_H_
