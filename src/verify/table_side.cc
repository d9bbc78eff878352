#include "verify/table_side.h"

namespace ferry {
namespace {

// Reads source batches and hands out their rows converted by the RowTransform.
class TransformingReader : public BatchReader {
 public:
  TransformingReader(std::unique_ptr<BatchReader> inner, std::unique_ptr<RowTransform> transform,
                     int source_columns, int target_columns, Rejections* rejections)
      : source_batch_(source_columns),
        inner_(std::move(inner)),
        transform_(std::move(transform)),
        target_columns_(target_columns),
        rejections_(rejections) {}

  bool Next(Batch* batch, size_t max_rows) override {
    batch->Clear(target_columns_);
    // Rejected rows leave the output short; read on until some row came through.
    while (batch->empty()) {
      if (!inner_->Next(&source_batch_, max_rows)) return false;
      for (size_t r = 0; r < source_batch_.num_rows(); ++r) {
        Rejection rejection;
        if (transform_->Apply(source_batch_.Row(r), batch, &rejection)) continue;
        if (rejections_ == nullptr) continue;
        if (rejection.target_column == Rejection::kKnown) {
          ++rejections_->accepted;
        } else if (rejections_->rows++ == 0) {
          rejections_->first_reason = rejection.reason;
        }
      }
    }
    return true;
  }
  Status status() const override { return inner_->status(); }

 private:
  // Sized for the source table: some readers keep the batch's column count.
  Batch source_batch_;
  std::unique_ptr<BatchReader> inner_;
  std::unique_ptr<RowTransform> transform_;
  int target_columns_;
  Rejections* rejections_;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> TableSide::Open(Rejections* rejections, const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, source_->OpenReader(read_as_, chunk));
  if (!make_transform_) return reader;
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<RowTransform> transform, make_transform_());
  return std::unique_ptr<BatchReader>(new TransformingReader(
      std::move(reader), std::move(transform), static_cast<int>(read_as_.columns.size()),
      target_columns_, rejections));
}

}  // namespace ferry
