#include "mapping/decimal_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ferry {
namespace {

std::string Canonical(std::string_view text, int precision = -1, int scale = -1) {
  std::string out, reason;
  return CanonicalDecimal(text, precision, scale, &out, &reason) ? out : "ERROR " + reason;
}

TEST(CanonicalDecimalTest, StripsSignsZerosAndExponents) {
  EXPECT_EQ(Canonical("0"), "0");
  EXPECT_EQ(Canonical("-0.000"), "0.000");
  EXPECT_EQ(Canonical("+12"), "12");
  EXPECT_EQ(Canonical("0012.340"), "12.340");  // trailing zeros are the value's scale
  EXPECT_EQ(Canonical(".5"), "0.5");
  EXPECT_EQ(Canonical("5."), "5");
  EXPECT_EQ(Canonical("1.25e2"), "125");
  EXPECT_EQ(Canonical("1.5e-3"), "0.0015");
  EXPECT_EQ(Canonical("-1E+3"), "-1000");
  EXPECT_EQ(Canonical("NaN"), "NaN");
}

TEST(CanonicalDecimalTest, RejectsWhatIsNotADecimal) {
  for (auto bad : {"", "-", ".", "1e", "1.2.3", " 1", "1 ", "0x10", "inf", "1e5000000", "--1"}) {
    EXPECT_EQ(Canonical(bad).rfind("ERROR", 0), 0u) << bad;
  }
}

TEST(CanonicalDecimalTest, FitsPrecisionAndScaleWithoutRounding) {
  EXPECT_EQ(Canonical("1", 10, 2), "1.00");
  EXPECT_EQ(Canonical("1.5000", 10, 2), "1.50");  // only zeros beyond the scale
  EXPECT_EQ(Canonical("-99999999.99", 10, 2), "-99999999.99");
  EXPECT_EQ(Canonical("1.005", 10, 2),
            "ERROR '1.005' has 3 decimal places; numeric(10,2) holds 2 (ferry does not round)");
  EXPECT_EQ(Canonical("100000000", 10, 2),
            "ERROR '100000000' needs 9 digits before the decimal point; numeric(10,2) holds 8");
  EXPECT_EQ(Canonical("0.001", 3, 3), "0.001");
}

TEST(ShortestDoubleTextTest, RoundTripsWithTheFewestDigits) {
  char buffer[kDoubleTextSize];
  EXPECT_EQ(ShortestDoubleText(0.99, buffer), "0.99");
  EXPECT_EQ(ShortestDoubleText(0.1 + 0.2, buffer), "0.30000000000000004");
  EXPECT_EQ(ShortestDoubleText(1e300, buffer), "1e+300");
  EXPECT_EQ(ShortestDoubleText(-0.0, buffer), "-0");
  EXPECT_EQ(ShortestDoubleText(NAN, buffer), "NaN");
  EXPECT_EQ(ShortestDoubleText(-INFINITY, buffer), "-Infinity");
  EXPECT_EQ(ShortestDoubleText(std::nextafter(0.0, 1.0), buffer), "5e-324");
}

}  // namespace
}  // namespace ferry
