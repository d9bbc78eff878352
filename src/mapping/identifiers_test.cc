#include "mapping/identifiers.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(SnakeCaseTest, SplitsCamelCaseWords) {
  EXPECT_EQ(SnakeCase("InvoiceLine"), "invoice_line");
  EXPECT_EQ(SnakeCase("InvoiceLineId"), "invoice_line_id");
  EXPECT_EQ(SnakeCase("PlaylistTrack"), "playlist_track");
  EXPECT_EQ(SnakeCase("invoiceLineId"), "invoice_line_id");
}

TEST(SnakeCaseTest, KeepsAcronymsTogether) {
  EXPECT_EQ(SnakeCase("HTTPServer"), "http_server");
  EXPECT_EQ(SnakeCase("userID"), "user_id");
  EXPECT_EQ(SnakeCase("ID"), "id");
  EXPECT_EQ(SnakeCase("XMLHttpRequest"), "xml_http_request");
}

TEST(SnakeCaseTest, DigitsStayWithTheirWord) {
  EXPECT_EQ(SnakeCase("Track2Id"), "track2_id");
  EXPECT_EQ(SnakeCase("address2"), "address2");
}

TEST(SnakeCaseTest, OtherCharactersBecomeOneUnderscore) {
  EXPECT_EQ(SnakeCase("Unit Price"), "unit_price");
  EXPECT_EQ(SnakeCase("order-items"), "order_items");
  EXPECT_EQ(SnakeCase("  a  b  "), "a_b");
  EXPECT_EQ(SnakeCase("Already_Snake"), "already_snake");
  EXPECT_EQ(SnakeCase("already_snake"), "already_snake");
  EXPECT_EQ(SnakeCase("\"quoted\""), "quoted");
}

TEST(SnakeCaseTest, KeepsNonAsciiAndNamesWithNothingLeft) {
  EXPECT_EQ(SnakeCase("PrixÉté"), "prix\xc3\x89t\xc3\xa9");  // only ASCII is lower-cased
  EXPECT_EQ(SnakeCase("***"), "***");
}

TEST(ShortenIdentifierTest, LeavesNamesUpTo63BytesAlone) {
  std::string name(63, 'a');
  EXPECT_EQ(ShortenIdentifier(name), name);
}

TEST(ShortenIdentifierTest, LongNamesKeepAPrefixAndAHash) {
  std::string a = std::string(70, 'a') + "_one";
  std::string b = std::string(70, 'a') + "_two";
  std::string short_a = ShortenIdentifier(a);
  EXPECT_EQ(short_a.size(), 63u);
  EXPECT_EQ(short_a.substr(0, 55), std::string(54, 'a') + "_");
  EXPECT_EQ(short_a, ShortenIdentifier(a));  // deterministic
  EXPECT_NE(short_a, ShortenIdentifier(b));  // distinct names stay distinct
}

TEST(ShortenIdentifierTest, NeverSplitsAUtf8Character) {
  std::string name;
  for (int i = 0; i < 40; ++i) name += "\xc3\xa9";  // 80 bytes of 'é'
  std::string shortened = ShortenIdentifier(name);
  EXPECT_LE(shortened.size(), 63u);
  EXPECT_EQ(shortened.substr(0, 54), name.substr(0, 54));  // 27 whole characters
  EXPECT_EQ(shortened[54], '_');
}

}  // namespace
}  // namespace ferry
