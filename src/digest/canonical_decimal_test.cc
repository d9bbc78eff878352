#include "digest/canonical_decimal.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::string Canonical(std::string_view text) {
  std::string out;
  EXPECT_TRUE(AppendCanonicalDecimal(text, &out)) << text;
  return out;
}

bool Parses(std::string_view text) {
  std::string out;
  return AppendCanonicalDecimal(text, &out);
}

TEST(CanonicalDecimalTest, TrailingZerosDoNotMatter) {
  EXPECT_EQ(Canonical("12.50"), Canonical("12.5"));
  EXPECT_EQ(Canonical("1.0"), Canonical("1"));
  EXPECT_EQ(Canonical("100"), "1e2");
  EXPECT_EQ(Canonical("12.50"), "125e-1");
}

TEST(CanonicalDecimalTest, LeadingZerosAndPlusSignDoNotMatter) {
  EXPECT_EQ(Canonical("+0012.5"), Canonical("12.5"));
  EXPECT_EQ(Canonical("0.050"), "5e-2");
  EXPECT_EQ(Canonical(".5"), "5e-1");
}

TEST(CanonicalDecimalTest, EveryZeroIsOneZero) {
  EXPECT_EQ(Canonical("0"), "0");
  EXPECT_EQ(Canonical("-0"), "0");
  EXPECT_EQ(Canonical("-0.000"), "0");
  EXPECT_EQ(Canonical("0e10"), "0");
}

TEST(CanonicalDecimalTest, ExponentsAreFolded) {
  EXPECT_EQ(Canonical("1.25e1"), Canonical("12.5"));
  EXPECT_EQ(Canonical("125E-3"), Canonical("0.125"));
  EXPECT_EQ(Canonical("1e+2"), Canonical("100"));
}

TEST(CanonicalDecimalTest, SignAndMagnitudeAreKept) {
  EXPECT_EQ(Canonical("-12.5"), "-125e-1");
  EXPECT_NE(Canonical("12.5"), Canonical("12.51"));
  EXPECT_NE(Canonical("1"), Canonical("10"));
}

TEST(CanonicalDecimalTest, BigNumbersKeepEveryDigit) {
  EXPECT_NE(Canonical("12345678901234567890123456789.1"),
            Canonical("12345678901234567890123456789.2"));
}

TEST(CanonicalDecimalTest, SpecialValues) {
  EXPECT_EQ(Canonical("NaN"), "NaN");
  EXPECT_EQ(Canonical("nan"), "NaN");
  EXPECT_EQ(Canonical("Infinity"), "Infinity");
  EXPECT_EQ(Canonical("-inf"), "-Infinity");
}

TEST(CanonicalDecimalTest, RejectsWhatIsNotANumber) {
  EXPECT_FALSE(Parses(""));
  EXPECT_FALSE(Parses("-"));
  EXPECT_FALSE(Parses("."));
  EXPECT_FALSE(Parses("1.2.3"));
  EXPECT_FALSE(Parses("12abc"));
  EXPECT_FALSE(Parses("1e"));
  EXPECT_FALSE(Parses(" 1"));
}

TEST(CanonicalDecimalTest, IntegersEncodeAsTheirDecimalText) {
  const struct {
    bool negative;
    uint64_t magnitude;
    const char* text;
  } kCases[] = {{false, 0, "0"},
                {true, 0, "-0"},
                {false, 7, "7"},
                {true, 120, "-120"},
                {false, 1000000, "1000000"},
                {false, 9223372036854775807ULL, "9223372036854775807"},
                {true, 9223372036854775808ULL, "-9223372036854775808"},
                {false, 18446744073709551615ULL, "18446744073709551615"},
                {false, 10000000000000000000ULL, "10000000000000000000"}};
  for (const auto& c : kCases) {
    std::string out;
    AppendCanonicalInteger(c.negative, c.magnitude, &out);
    EXPECT_EQ(out, Canonical(c.text)) << c.text;
  }
}

}  // namespace
}  // namespace ferry
