// Canonical form of decimal numbers, so that equal numbers compare equal
// whatever their spelling: "12.50", "+012.5", "1.25e1" and "12.5" are one number.
//
// Used for numeric columns and for the numbers inside JSON values.
#ifndef FERRY_DIGEST_CANONICAL_DECIMAL_H_
#define FERRY_DIGEST_CANONICAL_DECIMAL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry {

// Appends the canonical form of the decimal `text` to *out and returns true, or
// returns false (appending nothing) when `text` is not a number.
//
// Accepted: an optional sign, digits with an optional fraction, an optional
// exponent ("-0012.500e+3"), and NaN / Infinity / Inf with an optional sign, in
// any letter case. The canonical form is "[-]DIGITSeEXP" with no leading or
// trailing zeros in DIGITS (value = DIGITS × 10^EXP), "0" for every zero (so
// -0 equals 0), and "NaN", "Infinity", "-Infinity".
bool AppendCanonicalDecimal(std::string_view text, std::string* out);

// Appends the canonical form of the integer -magnitude (when `negative`) or
// +magnitude: what AppendCanonicalDecimal gives for its decimal text, without
// writing the text first.
void AppendCanonicalInteger(bool negative, uint64_t magnitude, std::string* out);

}  // namespace ferry

#endif  // FERRY_DIGEST_CANONICAL_DECIMAL_H_
