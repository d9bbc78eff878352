#include "mapping/datetime_text.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

constexpr int64_t kSecond = 1000000;

int64_t Micros(std::string_view text) {
  int64_t micros = 0;
  std::string reason;
  EXPECT_TRUE(ParseDateTimeText(text, &micros, &reason)) << text << ": " << reason;
  return micros;
}

TEST(DateTimeTextTest, ReadsSqliteTextForms) {
  EXPECT_EQ(Micros("1970-01-01"), 0);
  EXPECT_EQ(Micros("1970-01-01 00:01"), 60 * kSecond);
  EXPECT_EQ(Micros("1970-01-01T00:00:01"), kSecond);
  EXPECT_EQ(Micros("1970-01-01 00:00:00.1"), 100000);
  EXPECT_EQ(Micros("1970-01-01 00:00:00.123456000"), 123456);
  EXPECT_EQ(Micros("1970-01-01 01:00:00+01:00"), 0);
  EXPECT_EQ(Micros("1969-12-31 23:00:00-01:00"), 0);
  EXPECT_EQ(Micros("2000-02-29"), 951782400 * kSecond);  // a leap day
  EXPECT_EQ(Micros("0000-01-01"), -62167219200 * kSecond);
}

TEST(DateTimeTextTest, RejectsWhatSqliteWouldNotReadAsADate) {
  for (auto bad : {"", "2024-1-31", "2024-01-31 1:00", "2024-01-31 10:00:00 ", "1900-02-29",
                   "2024-13-01", "2024-01-31 10:60", "2024-01-31Z10:00", "yesterday",
                   "2024-01-31 00:00:00.0000001", "2024-01-31 00:00:00+15:00"}) {
    int64_t micros = 0;
    std::string reason;
    EXPECT_FALSE(ParseDateTimeText(bad, &micros, &reason)) << bad;
    EXPECT_FALSE(reason.empty());
  }
}

TEST(DateTimeTextTest, NumbersFollowSqlitesAutoRule) {
  int64_t micros = 0;
  bool julian = false;
  std::string reason;
  ASSERT_TRUE(NumberToMicros(Value::Double(2440587.5), &micros, &julian, &reason));
  EXPECT_TRUE(julian);
  EXPECT_EQ(micros, 0);
  ASSERT_TRUE(NumberToMicros(Value::Int64(5373485), &micros, &julian, &reason));
  EXPECT_FALSE(julian);  // past the last Julian day: unix seconds
  EXPECT_EQ(micros, 5373485 * kSecond);
  ASSERT_TRUE(NumberToMicros(Value::Int64(-1), &micros, &julian, &reason));
  EXPECT_EQ(micros, -kSecond);
  EXPECT_FALSE(NumberToMicros(Value::Int64(253402300800), &micros, &julian, &reason));
  EXPECT_NE(reason.find("neither a Julian day"), std::string::npos) << reason;
}

TEST(DateTimeTextTest, SplitsNegativeMicrosIntoDaysAndTimeOfDay) {
  int64_t days = 0, time_of_day = 0;
  SplitMicros(-1, &days, &time_of_day);
  EXPECT_EQ(days, -1);
  EXPECT_EQ(time_of_day, kMicrosPerDay - 1);
}

}  // namespace
}  // namespace ferry
