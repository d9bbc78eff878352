#include "connectors/postgres/pg_copy_binary_parser.h"

#include <cstdint>

namespace ferry {
namespace {

constexpr std::string_view kSignature("PGCOPY\n\377\r\n\0", 11);

int32_t ReadInt32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<int32_t>(v);
}

int16_t ReadInt16(const char* p) {
  return static_cast<int16_t>((static_cast<unsigned char>(p[0]) << 8) |
                              static_cast<unsigned char>(p[1]));
}

}  // namespace

void PgCopyBinaryParser::Feed(std::string_view bytes) {
  // Drop what was consumed so the buffer holds at most one partial tuple plus `bytes`.
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes);
}

Result<bool> PgCopyBinaryParser::ReadHeader() {
  if (buffer_.size() - pos_ < kSignature.size() + 8) return false;
  if (std::string_view(buffer_).substr(pos_, kSignature.size()) != kSignature) {
    return Status::Corruption("COPY binary stream does not start with the PGCOPY signature");
  }
  int32_t extension = ReadInt32(buffer_.data() + pos_ + kSignature.size() + 4);
  if (extension < 0)
    return Status::Corruption("COPY binary header has a negative extension length");
  size_t header = kSignature.size() + 8 + static_cast<size_t>(extension);
  if (buffer_.size() - pos_ < header) return false;
  pos_ += header;
  header_read_ = true;
  return true;
}

Result<bool> PgCopyBinaryParser::NextTuple(std::vector<std::optional<std::string_view>>* fields) {
  if (done_) return false;
  if (!header_read_) {
    FERRY_ASSIGN_OR_RETURN(bool ready, ReadHeader());
    if (!ready) return false;
  }
  size_t available = buffer_.size() - pos_;
  if (available < 2) return false;
  const char* start = buffer_.data() + pos_;
  int16_t count = ReadInt16(start);
  if (count == -1) {
    done_ = true;
    pos_ += 2;
    return false;
  }
  if (count < 0) return Status::Corruption("COPY binary tuple has a negative field count");
  fields->clear();
  field_ends_.clear();
  size_t offset = 2;
  field_ends_.push_back(offset);
  for (int i = 0; i < count; ++i) {
    if (available < offset + 4) return false;
    int32_t length = ReadInt32(start + offset);
    offset += 4;
    if (length == -1) {
      fields->push_back(std::nullopt);
      field_ends_.push_back(offset);
      continue;
    }
    if (length < 0) return Status::Corruption("COPY binary field has a negative length");
    if (available < offset + static_cast<size_t>(length)) return false;
    fields->push_back(std::string_view(start + offset, static_cast<size_t>(length)));
    offset += static_cast<size_t>(length);
    field_ends_.push_back(offset);
  }
  tuple_ = start;
  pos_ += offset;
  return true;
}

}  // namespace ferry
