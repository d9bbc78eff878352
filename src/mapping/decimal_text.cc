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

  // The digit at place value 10^place ('0' outside the written digits).
  char DigitAt(long place) const {
    long j = static_cast<long>(integer.size()) + exponent - 1 - place;
    if (j < 0 || j >= static_cast<long>(integer.size() + fraction.size())) return '0';
    return j < static_cast<long>(integer.size()) ? integer[j] : fraction[j - integer.size()];
  }
};

// Where the digits of a value are.
struct DecimalShape {
  long high = -1;            // highest non-zero integer place; -1 when the integer part is 0
  long fraction_digits = 0;  // fraction digits to print (the value's own scale)
  long significant = 0;      // fraction digits up to the last non-zero one
};

DecimalShape Measure(const DecimalParts& parts) {
  DecimalShape shape;
  shape.high = static_cast<long>(parts.integer.size()) + parts.exponent - 1;
  while (shape.high >= 0 && parts.DigitAt(shape.high) == '0') --shape.high;
  shape.fraction_digits = std::max(0L, static_cast<long>(parts.fraction.size()) - parts.exponent);
  shape.significant = shape.fraction_digits;
  while (shape.significant > 0 && parts.DigitAt(-shape.significant) == '0') --shape.significant;
  return shape;
}

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

// Checks the value against numeric(precision, scale) and PostgreSQL's limits;
// pads the fraction to the scale.
bool FitLimits(std::string_view text, int precision, int scale, DecimalShape* shape,
               std::string* reason) {
  if (scale >= 0) {
    if (shape->significant > scale) {
      *reason = PreviewText(text) + " has " + std::to_string(shape->significant) +
                " decimal places; " + NumericName(precision, scale) + " holds " +
                std::to_string(scale) + " (ferry does not round)";
      return false;
    }
    shape->fraction_digits = scale;
  }
  if (precision >= 0 && shape->high + 1 > precision - scale) {
    *reason = PreviewText(text) + " needs " + std::to_string(shape->high + 1) +
              " digits before the decimal point; " + NumericName(precision, scale) + " holds " +
              std::to_string(precision - scale);
    return false;
  }
  if (shape->high + 1 > kMaxIntegerDigits || shape->fraction_digits > kMaxFractionDigits) {
    *reason = PreviewText(text) + " is beyond the range of PostgreSQL numeric";
    return false;
  }
  return true;
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
  DecimalShape shape = Measure(parts);
  if (!FitLimits(text, precision, scale, &shape, reason)) return false;
  if (parts.negative && (shape.high >= 0 || shape.significant > 0)) out->push_back('-');
  if (shape.high < 0) out->push_back('0');
  for (long place = shape.high; place >= 0; --place) out->push_back(parts.DigitAt(place));
  if (shape.fraction_digits > 0) out->push_back('.');
  for (long place = -1; place >= -shape.fraction_digits; --place) {
    out->push_back(parts.DigitAt(place));
  }
  return true;
}

std::string_view ShortestDoubleText(double value, char* buffer) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  auto [end, ec] = std::to_chars(buffer, buffer + kDoubleTextSize, value);
  return {buffer, ec == std::errc() ? static_cast<size_t>(end - buffer) : 0};
}

}  // namespace ferry
