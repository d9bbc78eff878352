#include "connectors/mongo/ndjson_reader.h"

#include <regex>

#include "connectors/mongo/extended_json_check.h"

namespace ferry {
namespace {

constexpr size_t kReadSize = 1 << 20;
constexpr size_t kMaxLineBytes = 64 << 20;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

std::string StripDateOffsetColons(std::string_view text) {
  static const std::regex kDateWithColon(R"(("\$date"\s*:\s*"[^"]*[+-]\d\d):(\d\d"))");
  return std::regex_replace(std::string(text), kDateWithColon, "$1$2");
}

Result<std::unique_ptr<NdjsonReader>> NdjsonReader::Open(const std::string& path,
                                                         const FileRange& range) {
  FERRY_ASSIGN_OR_RETURN(GzInput input, GzInput::Open(path, range.begin));
  return std::unique_ptr<NdjsonReader>(new NdjsonReader(std::move(input), range));
}

bool NdjsonReader::ReadLine(std::string_view* line) {
  while (true) {
    if (end_ && buffer_offset_ + start_ >= *end_) return false;  // the next chunk's line
    size_t end = buffer_.find('\n', start_);
    if (end != std::string::npos || (eof_ && start_ < buffer_.size())) {
      if (end == std::string::npos) end = buffer_.size();
      *line = std::string_view(buffer_).substr(start_, end - start_);
      start_ = std::min(end + 1, buffer_.size());
      if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
      return true;
    }
    if (eof_) return false;
    if (buffer_.size() - start_ > kMaxLineBytes) {
      status_ =
          Status::Corruption("'" + input_.path() + "' line " + std::to_string(line_number_ + 1) +
                             " is longer than 64 MB: is this one document per line?");
      return false;
    }
    buffer_.erase(0, start_);
    buffer_offset_ += start_;
    start_ = 0;
    size_t old_size = buffer_.size();
    buffer_.resize(old_size + kReadSize);
    Result<size_t> got = input_.Read(buffer_.data() + old_size, kReadSize);
    if (!got.ok()) return (status_ = got.status()), false;
    buffer_.resize(old_size + *got);
    eof_ = *got == 0;
  }
}

void NdjsonReader::Parse(std::string_view line) {
  std::string reason;
  if (!CheckExtendedJsonLine(line, &reason)) return SetUnreadable(line, reason);
  bson_error_t error;
  auto parse = [&error](std::string_view text) {
    return BsonHandle(bson_new_from_json(reinterpret_cast<const uint8_t*>(text.data()),
                                         static_cast<ssize_t>(text.size()), &error));
  };
  document_ = parse(line);
  if (document_ == nullptr && line.find("$date") != std::string_view::npos) {
    std::string fixed = StripDateOffsetColons(line);
    if (fixed != line) document_ = parse(fixed);
  }
  if (document_ == nullptr) SetUnreadable(line, error.message);
}

void NdjsonReader::SetUnreadable(std::string_view line, std::string_view reason) {
  error_ = "'" + input_.path() + "' line " + std::to_string(line_number_) + ": ";
  error_.append(reason);
  raw_ = BoundedRawRecord(line);
}

bool NdjsonReader::Next() {
  document_.reset();
  error_.clear();
  raw_.clear();
  std::string_view line;
  do {
    if (!ReadLine(&line)) return false;
    ++line_number_;
    if (line_number_ == 1 && line.substr(0, 3) == kUtf8Bom) line.remove_prefix(3);
  } while (IsBlank(line));
  Parse(line);
  return true;
}

}  // namespace ferry
