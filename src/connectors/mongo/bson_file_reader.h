// BsonFileReader: the documents of one mongodump `.bson` or `.bson.gz` file.
//
// A .bson file is BSON documents back to back, each starting with its int32
// length. The frames are read here rather than with bson_reader_t because that
// reader grows its buffer to whatever length prefix it meets, so one damaged
// length would ask for up to 2 GB; here a length outside 5 bytes..kMaxDocumentBytes
// stops the read with the byte offset. Each document is checked with bson_validate.
//
// A file that ends inside a document (truncated) or has a damaged length is a
// Corruption status naming the file and the byte offset of the damaged record.
// A frame whose inside is damaged is an unreadable record (error()), and the
// reading goes on with the next frame.
#ifndef FERRY_CONNECTORS_MONGO_BSON_FILE_READER_H_
#define FERRY_CONNECTORS_MONGO_BSON_FILE_READER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/mongo/document_reader.h"
#include "connectors/mongo/file_chunker.h"
#include "connectors/mongo/gz_input.h"

namespace ferry {

// MongoDB stores documents up to 16 MiB; mongodump output may carry a little more.
inline constexpr uint32_t kMaxDocumentBytes = 16 * 1024 * 1024 + 16 * 1024;

class BsonFileReader : public DocumentReader {
 public:
  // Reads the documents that start in `range` (file_chunker.h).
  // REQUIRES: range.begin is 0 or the start of a document.
  static Result<std::unique_ptr<BsonFileReader>> Open(const std::string& path,
                                                      const FileRange& range = {});

  bool Next() override;
  const bson_t* document() const override { return has_document_ ? &document_ : nullptr; }
  const std::string& error() const override { return error_; }
  Status status() const override { return status_; }

  // Offset of the byte after the last frame read (in the uncompressed stream).
  uint64_t offset() const { return offset_; }

 private:
  BsonFileReader(GzInput input, const FileRange& range)
      : input_(std::move(input)), offset_(range.begin), end_(range.end) {}
  // Records a Corruption status for the frame at `at`; returns false.
  bool Fail(uint64_t at, const std::string& what);

  GzInput input_;
  std::vector<uint8_t> buffer_;
  bson_t document_;
  bool has_document_ = false;
  std::string error_;
  Status status_;
  uint64_t offset_;
  std::optional<uint64_t> end_;  // documents starting here or later belong to the next chunk
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_BSON_FILE_READER_H_
