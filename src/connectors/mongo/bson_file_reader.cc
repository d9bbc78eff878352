#include "connectors/mongo/bson_file_reader.h"

#include <cstring>

namespace ferry {

Result<std::unique_ptr<BsonFileReader>> BsonFileReader::Open(const std::string& path,
                                                             const FileRange& range) {
  FERRY_ASSIGN_OR_RETURN(GzInput input, GzInput::Open(path, range.begin));
  return std::unique_ptr<BsonFileReader>(new BsonFileReader(std::move(input), range));
}

bool BsonFileReader::Fail(uint64_t at, const std::string& what) {
  status_ = Status::Corruption("'" + input_.path() + "' is damaged at byte offset " +
                               std::to_string(at) + ": " + what +
                               "; the documents before it were read. Take a new mongodump of "
                               "this collection, or cut the file at that offset to load the rest");
  return false;
}

bool BsonFileReader::Next() {
  has_document_ = false;
  error_.clear();
  if (!status_.ok()) return false;
  if (end_ && offset_ >= *end_) return false;  // the next chunk's document
  uint8_t header[4];
  Result<size_t> got = input_.ReadFull(reinterpret_cast<char*>(header), 4);
  if (!got.ok()) return Fail(offset_, got.status().message());
  if (*got == 0) return false;  // a clean end: the last frame ended exactly at the end of file
  if (*got < 4) return Fail(offset_, "the file ends inside a document length");
  uint32_t length = header[0] | header[1] << 8 | header[2] << 16 | uint32_t{header[3]} << 24;
  if (length < 5 || length > kMaxDocumentBytes) {
    return Fail(offset_, "a document length of " + std::to_string(length) + " bytes is impossible");
  }
  buffer_.resize(length);
  std::memcpy(buffer_.data(), header, 4);
  got = input_.ReadFull(reinterpret_cast<char*>(buffer_.data()) + 4, length - 4);
  if (!got.ok()) return Fail(offset_, got.status().message());
  if (*got < length - 4) {
    return Fail(offset_, "the file is truncated inside a document of " + std::to_string(length) +
                             " bytes (" + std::to_string(*got + 4) + " present)");
  }
  uint64_t frame_offset = offset_;
  offset_ += length;
  size_t bad_offset = 0;
  if (!bson_init_static(&document_, buffer_.data(), length) ||
      !bson_validate(&document_, BSON_VALIDATE_NONE, &bad_offset)) {
    error_ = "'" + input_.path() + "' byte offset " + std::to_string(frame_offset + bad_offset) +
             ": the document starting at byte " + std::to_string(frame_offset) + " is damaged";
    return true;
  }
  has_document_ = true;
  return true;
}

}  // namespace ferry
