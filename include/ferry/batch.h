// Batch: a few thousand rows of one table, the unit that moves between threads.
//
// Rows are stored row-major as Values; their text and bytes live in the batch's
// own Arena, so filling a batch does no heap allocation per value and Clear()
// makes it ready for reuse. A Batch is moved between threads, never shared.
#ifndef FERRY_BATCH_H_
#define FERRY_BATCH_H_

#include <cstddef>
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
  // Drops the last row (e.g. one that was rejected while being filled).
  void PopRow() { values_.resize(values_.size() - num_columns_); }

  const Value* Row(size_t row) const { return values_.data() + row * num_columns_; }
  Value* MutableRow(size_t row) { return values_.data() + row * num_columns_; }
  const Value& At(size_t row, int column) const { return values_[row * num_columns_ + column]; }

  // Copies bytes into this batch's arena; the view lives until Clear().
  std::string_view Store(std::string_view bytes) { return arena_.Copy(bytes); }
  // Raw arena space for encoders that write in place.
  char* Allocate(size_t n) { return arena_.Allocate(n); }

  // Approximate bytes of row data held (values and arena contents).
  size_t ByteSize() const { return values_.size() * sizeof(Value) + arena_.BytesUsed(); }

  // Empties the batch, keeping its memory for the next rows. `num_columns` may change.
  void Clear(int num_columns) {
    num_columns_ = num_columns;
    Clear();
  }
  void Clear() {
    values_.clear();
    arena_.Reset();
  }

 private:
  int num_columns_;
  std::vector<Value> values_;
  Arena arena_;
};

}  // namespace ferry

#endif  // FERRY_BATCH_H_
