#include "core/key_bound.h"

#include <cstdio>
#include <cstdlib>

namespace ferry {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendHex(std::string_view bytes, std::string* out) {
  for (unsigned char c : bytes) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool ParseHex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = HexDigit(hex[i]), low = HexDigit(hex[i + 1]);
    if (high < 0 || low < 0) return false;
    out->push_back(static_cast<char>(high * 16 + low));
  }
  return true;
}

bool ParsePart(std::string_view token, KeyPart* part) {
  if (token.size() < 2 || token[1] != ':') return false;
  std::string payload(token.substr(2));
  char* end = nullptr;
  switch (token[0]) {
    case 'i':
      part->kind = ValueKind::kInt64;
      part->int_value = std::strtoll(payload.c_str(), &end, 10);
      return !payload.empty() && *end == '\0';
    case 'f':
      part->kind = ValueKind::kDouble;
      part->double_value = std::strtod(payload.c_str(), &end);
      return !payload.empty() && *end == '\0';
    case 't':
      part->kind = ValueKind::kText;
      return ParseHex(payload, &part->bytes);
    case 'b':
      part->kind = ValueKind::kBytes;
      return ParseHex(payload, &part->bytes);
  }
  return false;
}

}  // namespace

std::string EncodeKeyBound(const std::vector<KeyPart>& parts) {
  std::string out;
  for (const KeyPart& part : parts) {
    if (!out.empty()) out += ' ';
    switch (part.kind) {
      case ValueKind::kInt64:
        out += "i:" + std::to_string(part.int_value);
        break;
      case ValueKind::kDouble: {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "f:%a", part.double_value);
        out += buffer;
        break;
      }
      default:
        out += part.kind == ValueKind::kBytes ? "b:" : "t:";
        AppendHex(part.bytes, &out);
        break;
    }
  }
  return out;
}

Result<std::vector<KeyPart>> DecodeKeyBound(std::string_view text) {
  std::vector<KeyPart> parts;
  while (!text.empty()) {
    size_t space = text.find(' ');
    std::string_view token = text.substr(0, space);
    KeyPart part;
    if (!ParsePart(token, &part)) {
      return Status::Corruption("unreadable chunk bound '" + std::string(token) +
                                "' in the run's state (was _ferry.chunks edited by hand?)");
    }
    parts.push_back(std::move(part));
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  return parts;
}

}  // namespace ferry
