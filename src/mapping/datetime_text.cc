#include "mapping/datetime_text.h"

#include <charconv>
#include <chrono>
#include <cmath>

#include "mapping/utf8.h"

namespace ferry {
namespace {

// A cursor over the text; each Read* consumes what it matched.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Skip(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  // Exactly `n` digits.
  bool ReadDigits(int n, int* value) {
    if (pos_ + n > text_.size()) return false;
    *value = 0;
    for (int i = 0; i < n; ++i) {
      char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      *value = *value * 10 + (c - '0');
    }
    pos_ += n;
    return true;
  }
  // Fraction digits after '.', as microseconds; false when sub-microsecond digits are not 0.
  bool ReadFraction(int64_t* micros) {
    size_t start = pos_;
    *micros = 0;
    int64_t scale = 100000;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      int digit = text_[pos_++] - '0';
      if (scale == 0 && digit != 0) return false;
      *micros += digit * scale;
      scale /= 10;
    }
    return pos_ > start;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// "HH:MM[:SS[.F]]" into microseconds since midnight.
bool ReadTime(Scanner& in, int64_t* micros) {
  int hour = 0, minute = 0, second = 0;
  int64_t fraction = 0;
  if (!in.ReadDigits(2, &hour) || !in.Skip(':') || !in.ReadDigits(2, &minute)) return false;
  if (in.Skip(':')) {
    if (!in.ReadDigits(2, &second)) return false;
    if (in.Skip('.') && !in.ReadFraction(&fraction)) return false;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  *micros = ((hour * 60LL + minute) * 60 + second) * 1000000 + fraction;
  return true;
}

// Optional "Z" or "+HH:MM"/"-HH:MM": the offset to subtract to reach UTC.
bool ReadZone(Scanner& in, int64_t* offset_micros) {
  *offset_micros = 0;
  if (in.Skip('Z') || in.Skip('z')) return true;
  int sign = in.Skip('+') ? 1 : in.Skip('-') ? -1 : 0;
  if (sign == 0) return true;
  int hours = 0, minutes = 0;
  if (!in.ReadDigits(2, &hours) || !in.Skip(':') || !in.ReadDigits(2, &minutes)) return false;
  if (hours > 14 || minutes > 59) return false;
  *offset_micros = sign * (hours * 60LL + minutes) * 60 * 1000000;
  return true;
}

}  // namespace

bool ParseDateTimeText(std::string_view text, int64_t* micros, std::string* reason) {
  Scanner in(text);
  int y = 0, m = 0, d = 0;
  if (!in.ReadDigits(4, &y) || !in.Skip('-') || !in.ReadDigits(2, &m) || !in.Skip('-') ||
      !in.ReadDigits(2, &d)) {
    *reason = PreviewText(text) + " is not a date (expected YYYY-MM-DD[ HH:MM[:SS[.SSS]]])";
    return false;
  }
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) {
    *reason = PreviewText(text) + " is not a date (no such day)";
    return false;
  }
  int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
  int64_t time_of_day = 0, offset = 0;
  if ((in.Skip(' ') || in.Skip('T')) && !ReadTime(in, &time_of_day)) {
    *reason =
        PreviewText(text) + " has no valid time after the date (expected HH:MM[:SS[.SSSSSS]])";
    return false;
  }
  if (!ReadZone(in, &offset) || !in.AtEnd()) {
    *reason = PreviewText(text) + " is not a date and time (unexpected text after the time)";
    return false;
  }
  *micros = days * kMicrosPerDay + time_of_day - offset;
  return true;
}

bool ParseTimeText(std::string_view text, int64_t* micros, std::string* reason) {
  Scanner in(text);
  if (!ReadTime(in, micros) || !in.AtEnd()) {
    *reason = PreviewText(text) + " is not a time of day (expected HH:MM[:SS[.SSSSSS]])";
    return false;
  }
  return true;
}

bool NumberToMicros(const Value& number, int64_t* micros, bool* julian, std::string* reason) {
  const bool is_int = number.kind() == ValueKind::kInt64;
  const double value = is_int ? static_cast<double>(number.int64_value()) : number.double_value();
  if (std::isnan(value) || value < -210866760000.0 || value > 253402300799.0) {
    char text[32];
    *reason = "the number " + std::string(text, std::to_chars(text, text + 32, value).ptr - text) +
              " is neither a Julian day (0 to 5373484.5) nor unix seconds in years 0000-9999";
    return false;
  }
  *julian = value >= 0 && value <= 5373484.499999;
  if (*julian) {
    // SQLite keeps Julian days to the millisecond; 2440587.5 is 1970-01-01 00:00.
    int64_t ms = std::llround(value * 86400000.0) - 210866760000000LL;
    *micros = ms * 1000;
  } else if (is_int) {
    *micros = number.int64_value() * 1000000;
  } else {
    *micros = std::llround(value * 1e6);
  }
  return true;
}

void SplitMicros(int64_t micros, int64_t* days, int64_t* time_of_day) {
  *days = micros / kMicrosPerDay;
  *time_of_day = micros % kMicrosPerDay;
  if (*time_of_day < 0) {
    *time_of_day += kMicrosPerDay;
    *days -= 1;
  }
}

}  // namespace ferry
