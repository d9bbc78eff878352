#include "connectors/postgres/pg_copy_stream.h"

#include <cstdint>

#include "connectors/postgres/pg_copy_encoder.h"

namespace ferry {
namespace {

uint32_t ReadUint32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

Status CheckPgTupleFraming(std::string_view tuple, int fields) {
  auto bad = [&](std::string_view why) {
    return Status::Corruption("a raw row of " + std::to_string(tuple.size()) +
                              " bytes is not one binary COPY tuple of " + std::to_string(fields) +
                              " fields: " + std::string(why));
  };
  if (tuple.size() < 2) return bad("no field count");
  int count = static_cast<int16_t>((static_cast<unsigned char>(tuple[0]) << 8) |
                                   static_cast<unsigned char>(tuple[1]));
  if (count != fields) return bad("it has " + std::to_string(count));
  size_t at = 2;
  for (int i = 0; i < count; ++i) {
    if (tuple.size() - at < 4) return bad("it ends inside a field length");
    int32_t length = static_cast<int32_t>(ReadUint32(tuple.data() + at));
    at += 4;
    if (length == -1) continue;
    if (length < 0) return bad("a negative field length");
    if (tuple.size() - at < static_cast<size_t>(length)) return bad("it ends inside a field");
    at += static_cast<size_t>(length);
  }
  if (at != tuple.size()) return bad("bytes follow its last field");
  return Status::OK();
}

void PgCopyStream::Start() {
  buffer_.clear();
  PgCopyEncoder::AppendHeader(&buffer_);
}

Status PgCopyStream::Flush() {
  if (buffer_.size() < flush_bytes_) return Status::OK();
  FERRY_RETURN_IF_ERROR(send_(buffer_));
  buffer_.clear();
  return Status::OK();
}

Status PgCopyStream::AppendRawTuple(std::string_view tuple, int fields) {
  FERRY_RETURN_IF_ERROR(CheckPgTupleFraming(tuple, fields));
  buffer_.append(tuple);
  return Status::OK();
}

Status PgCopyStream::Finish() {
  PgCopyEncoder::AppendTrailer(&buffer_);
  FERRY_RETURN_IF_ERROR(send_(buffer_));
  buffer_.clear();
  return Status::OK();
}

}  // namespace ferry
