#include "connectors/mongo/document_reader.h"

#include <utility>

#include "core/document_row.h"

namespace ferry {
namespace {

// Batches hold whole documents (up to 16 MB each), so they are also bounded by size.
constexpr size_t kMaxBatchBytes = 64 << 20;

class DocumentBatchReader : public BatchReader {
 public:
  explicit DocumentBatchReader(std::unique_ptr<DocumentReader> reader)
      : reader_(std::move(reader)) {}

  bool Next(Batch* batch, size_t max_rows) override {
    batch->Clear(kDocumentRowColumns);
    while (batch->num_rows() < max_rows && batch->ByteSize() < kMaxBatchBytes) {
      if (!reader_->Next()) break;
      Value* row = batch->AddRow();
      if (const bson_t* doc = reader_->document(); doc != nullptr) {
        std::string_view bytes(reinterpret_cast<const char*>(bson_get_data(doc)), doc->len);
        row[kDocumentColumn] = Value::Bytes(batch->Store(bytes));
      } else {
        row[kErrorColumn] = Value::Text(batch->Store(reader_->error()));
      }
    }
    return !batch->empty();
  }

  Status status() const override { return reader_->status(); }

 private:
  std::unique_ptr<DocumentReader> reader_;
};

}  // namespace

std::unique_ptr<BatchReader> NewDocumentBatchReader(std::unique_ptr<DocumentReader> reader) {
  return std::make_unique<DocumentBatchReader>(std::move(reader));
}

}  // namespace ferry
