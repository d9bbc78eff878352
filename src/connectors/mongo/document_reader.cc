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
        if (std::string_view raw = reader_->raw_record(); !raw.empty()) {
          row[kDocumentColumn] = Value::Text(batch->Store(raw));
        }
      }
    }
    return !batch->empty();
  }

  Status status() const override { return reader_->status(); }

 private:
  std::unique_ptr<DocumentReader> reader_;
};

}  // namespace

std::string BoundedRawRecord(std::string_view text) {
  if (text.size() <= kMaxRawRecordBytes) return std::string(text);
  size_t cut = kMaxRawRecordBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...[cut: " + std::to_string(text.size()) +
         " bytes in all]";
}

std::unique_ptr<BatchReader> NewDocumentBatchReader(std::unique_ptr<DocumentReader> reader) {
  return std::make_unique<DocumentBatchReader>(std::move(reader));
}

}  // namespace ferry
