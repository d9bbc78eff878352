#include "mapping/decimal_text.h"

#include <charconv>
#include <cmath>
#include <string>

#include "mapping/utf8.h"

namespace ferry {
namespace {

// PostgreSQL's numeric holds up to 131072 digits before the point and 16383 after.
constexpr long kMaxIntegerDigits = 131072;
constexpr long kMaxFractionDigits = 16383;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

// The parts of a decimal literal: value = 0.(integer fraction) scaled by the exponent.
struct DecimalParts {
  bool negative = false;
  std::string_view integer;   // digits before the point
  std::string_view fraction;  // digits after the point
  long exponent = 0;
};

bool SplitDecimal(std::string_view text, DecimalParts* parts) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) parts->negative = text[i++] == '-';
  size_t start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  parts->integer = text.substr(start, i - start);
  if (i < text.size() && text[i] == '.') {
    start = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    parts->fraction = text.substr(start, i - start);
  }
  if (parts->integer.empty() && parts->fraction.empty()) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && text[i] == '+') ++i;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), parts->exponent);
    if (ec != std::errc() || end == text.data() + i) return false;
    i = end - text.data();
    if (parts->exponent > 1000000 || parts->exponent < -1000000) return false;
  }
  return i == text.size();
}

std::string NumericName(int precision, int scale) {
  return "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

}  // namespace

bool CanonicalDecimal(std::string_view text, int precision, int scale, std::string* out,
                      std::string* reason) {
  out->clear();
  if (EqualsNoCase(text, "nan")) {
    *out = "NaN";
    return true;
  }
  DecimalParts parts;
  if (!SplitDecimal(text, &parts)) {
    *reason = PreviewText(text) + " is not a decimal number";
    return false;
  }
  // Digit j of integer+fraction has place value 10^(point - 1 - j).
  const long digits = static_cast<long>(parts.integer.size() + parts.fraction.size());
  const long point = static_cast<long>(parts.integer.size()) + parts.exponent;
  auto digit_at = [&](long place) {
    long j = point - 1 - place;
    if (j < 0 || j >= digits) return '0';
    return j < static_cast<long>(parts.integer.size()) ? parts.integer[j]
                                                       : parts.fraction[j - parts.integer.size()];
  };
  long high = point - 1;  // highest non-zero integer place
  while (high >= 0 && digit_at(high) == '0') --high;
  long fraction_digits = std::max(0L, static_cast<long>(parts.fraction.size()) - parts.exponent);
  long significant = fraction_digits;
  while (significant > 0 && digit_at(-significant) == '0') --significant;
  if (scale >= 0) {
    if (significant > scale) {
      *reason = PreviewText(text) + " has " + std::to_string(significant) + " decimal places; " +
                NumericName(precision, scale) + " holds " + std::to_string(scale) +
                " (ferry does not round)";
      return false;
    }
    fraction_digits = scale;
  }
  if (precision >= 0 && high + 1 > precision - scale) {
    *reason = PreviewText(text) + " needs " + std::to_string(high + 1) +
              " digits before the decimal point; " + NumericName(precision, scale) + " holds " +
              std::to_string(precision - scale);
    return false;
  }
  if (high + 1 > kMaxIntegerDigits || fraction_digits > kMaxFractionDigits) {
    *reason = PreviewText(text) + " is beyond the range of PostgreSQL numeric";
    return false;
  }
  if (parts.negative && (high >= 0 || significant > 0)) out->push_back('-');
  if (high < 0) out->push_back('0');
  for (long place = high; place >= 0; --place) out->push_back(digit_at(place));
  if (fraction_digits > 0) out->push_back('.');
  for (long place = -1; place >= -fraction_digits; --place) out->push_back(digit_at(place));
  return true;
}

std::string_view ShortestDoubleText(double value, char* buffer) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  auto [end, ec] = std::to_chars(buffer, buffer + kDoubleTextSize, value);
  return {buffer, ec == std::errc() ? static_cast<size_t>(end - buffer) : 0};
}

}  // namespace ferry
