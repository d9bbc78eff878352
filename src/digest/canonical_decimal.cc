#include "digest/canonical_decimal.h"

#include <cctype>
#include <charconv>
#include <cstdint>

namespace ferry {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses "e[+-]digits" at the start of `text`; false when malformed or out of range.
bool ParseExponent(std::string_view text, int64_t* exponent) {
  if (text.empty() || (text[0] != 'e' && text[0] != 'E')) return false;
  text.remove_prefix(1);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text.size() > 18) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *exponent);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool AppendCanonicalDecimal(std::string_view text, std::string* out) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (EqualsIgnoreCase(text, "nan")) {
    out->append("NaN");
    return true;
  }
  if (EqualsIgnoreCase(text, "infinity") || EqualsIgnoreCase(text, "inf")) {
    out->append(negative ? "-Infinity" : "Infinity");
    return true;
  }
  // Collect the significant digits and where the decimal point falls.
  std::string digits;
  int64_t exponent = 0;  // value = digits × 10^exponent
  size_t i = 0;
  bool any_digit = false;
  for (; i < text.size() && IsDigit(text[i]); ++i) {
    any_digit = true;
    if (!digits.empty() || text[i] != '0') digits.push_back(text[i]);
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && IsDigit(text[i]); ++i) {
      any_digit = true;
      --exponent;
      if (!digits.empty() || text[i] != '0') digits.push_back(text[i]);
    }
  }
  if (!any_digit) return false;
  if (i < text.size()) {
    int64_t written = 0;
    if (!ParseExponent(text.substr(i), &written)) return false;
    exponent += written;
  }
  if (digits.empty()) {
    out->push_back('0');
    return true;
  }
  while (digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  if (negative) out->push_back('-');
  out->append(digits);
  out->push_back('e');
  out->append(std::to_string(exponent));
  return true;
}

void AppendCanonicalInteger(bool negative, uint64_t magnitude, std::string* out) {
  if (magnitude == 0) {
    out->push_back('0');
    return;
  }
  int exponent = 0;
  while (magnitude % 10 == 0) {
    magnitude /= 10;
    ++exponent;
  }
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof(digits), magnitude).ptr;
  if (negative) out->push_back('-');
  out->append(digits, end);
  out->push_back('e');
  end = std::to_chars(digits, digits + sizeof(digits), exponent).ptr;
  out->append(digits, end);
}

}  // namespace ferry
