// Canonical decimal text, the representation of kNumeric values.
//
// Canonical form: optional '-', integer digits without leading zeros ("0" when
// none), then '.' and the fraction digits when there are any; no exponent, no
// '+', no negative zero; "NaN" for not-a-number. For numeric(p,s) the fraction
// is padded to s digits (as PostgreSQL prints it); a value needing more
// fraction digits or more integer digits than p-s is rejected, never rounded.
#ifndef FERRY_MAPPING_DECIMAL_TEXT_H_
#define FERRY_MAPPING_DECIMAL_TEXT_H_

#include <string>
#include <string_view>

namespace ferry {

// Reads `text`: [+-] digits [. digits] [e|E [+-] digits] (".5" and "5." too) or
// "NaN" in any case. precision/scale: numeric(p,s) limits, -1 for none.
// On success writes the canonical form to *out (cleared first) and returns true;
// otherwise writes the reason to *reason (e.g. "'1.005' has 3 decimal places;
// numeric(10,2) holds 2") and returns false.
bool CanonicalDecimal(std::string_view text, int precision, int scale, std::string* out,
                      std::string* reason);

// The shortest decimal text that reads back as exactly `value` (std::to_chars),
// e.g. 0.99 → "0.99", 1e20 → "1e+20", -0.0 → "-0", NaN → "NaN", ±inf → "Infinity"/"-Infinity".
// Writes into `buffer` (at least kDoubleTextSize bytes) and returns the view.
inline constexpr size_t kDoubleTextSize = 32;
std::string_view ShortestDoubleText(double value, char* buffer);

}  // namespace ferry

#endif  // FERRY_MAPPING_DECIMAL_TEXT_H_
