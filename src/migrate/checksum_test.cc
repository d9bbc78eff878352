#include "migrate/checksum.h"

#include <gtest/gtest.h>

namespace ferry::migrate {
namespace {

TEST(ChecksumTest, Sha384OfAbcMatchesTheFipsVector) {
  EXPECT_EQ(HexEncode(Sha384("abc")),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
}

TEST(ChecksumTest, WithoutIgnoredCharsTheChecksumIsTheHashOfTheBytes) {
  EXPECT_EQ(MigrationChecksum("create table t (x int);\n"), Sha384("create table t (x int);\n"));
}

TEST(ChecksumTest, IgnoredCharsAreLeftOutIncludingTheByteOrderMark) {
  IgnoredChars ignored = {U' ', U'\t', U'\r', U'\n', U'\uFEFF'};
  std::string with_noise =
      "\xEF\xBB\xBF"
      "create table t\r\n(\tx int\r\n);\r\n";
  EXPECT_EQ(MigrationChecksum(with_noise, ignored), Sha384("createtablet(xint);"));
}

TEST(ChecksumTest, IgnoredCharsKeepOtherMultiByteCharacters) {
  IgnoredChars ignored = {U' '};
  EXPECT_EQ(MigrationChecksum("select 'é ü'", ignored), Sha384("select'éü'"));
}

TEST(ChecksumTest, HexRoundTrips) {
  std::string bytes("\x00\x7f\xff\x10", 4);
  EXPECT_EQ(HexEncode(bytes), "007fff10");
  EXPECT_EQ(HexDecode("007FFF10"), bytes);
  EXPECT_EQ(HexDecode("0g"), "");
}

TEST(ChecksumTest, MismatchFromCrlfIsReportedAsLineEndings) {
  std::string recorded = MigrationChecksum("a;\nb;\n");
  EXPECT_EQ(DescribeChecksumMismatch("a;\r\nb;\r\n", recorded),
            "only line endings differ (the file has CRLF, the applied version had LF)");
  EXPECT_EQ(DescribeChecksumMismatch("a;\nb;\n", MigrationChecksum("a;\r\nb;\r\n")),
            "only line endings differ (the file has LF, the applied version had CRLF)");
}

TEST(ChecksumTest, MismatchFromAByteOrderMarkIsReportedAsSuch) {
  std::string recorded = MigrationChecksum("a;\n");
  EXPECT_EQ(DescribeChecksumMismatch("\xEF\xBB\xBF"
                                     "a;\n",
                                     recorded),
            "only a byte-order mark differs (the file starts with one, the applied version did "
            "not)");
  EXPECT_EQ(DescribeChecksumMismatch("\xEF\xBB\xBF"
                                     "a;\r\n",
                                     recorded),
            "only line endings and a byte-order mark differ");
}

TEST(ChecksumTest, OtherEditsAreAContentChange) {
  EXPECT_EQ(DescribeChecksumMismatch("a;\nc;\n", MigrationChecksum("a;\nb;\n")), "content changed");
}

}  // namespace
}  // namespace ferry::migrate
