#include "mapping/utf8.h"

#include <simdjson.h>

namespace ferry {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid sequence starting at text[i], or 0 when it is invalid.
size_t SequenceLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = at(i);
  if (lead < 0x80) return 1;
  size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (n == 0 || lead > 0xF4 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if (!IsContinuation(at(i + k))) return 0;
  }
  unsigned char second = at(i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
  if (lead == 0xED && second > 0x9F) return 0;  // surrogate
  if (lead == 0xF0 && second < 0x90) return 0;  // overlong
  if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
  return n;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  // simdjson's validator is fast on the common, valid case; the scan below
  // only runs to find where invalid text goes wrong, which it does not report.
  if (simdjson::validate_utf8(text.data(), text.size())) return std::string_view::npos;
  size_t i = 0;
  while (i < text.size()) {
    size_t n = SequenceLength(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

size_t CountUtf8Chars(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return count;
}

size_t Utf8PrefixLength(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  size_t n = max_bytes;
  while (n > 0 && IsContinuation(static_cast<unsigned char>(text[n]))) --n;
  return n;
}

std::string PreviewText(std::string_view text) {
  constexpr size_t kMaxBytes = 40;
  std::string out = "'";
  size_t i = 0;
  while (i < text.size() && i < kMaxBytes) {
    size_t n = SequenceLength(text, i);
    if (n == 0 || static_cast<unsigned char>(text[i]) < 0x20 || text[i] == 0x7f) {
      out += '?';
      i += 1;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  out += i < text.size() ? "...'" : "'";
  return out;
}

}  // namespace ferry
