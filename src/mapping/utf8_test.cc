#include "mapping/utf8.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

constexpr size_t kValid = std::string_view::npos;

TEST(Utf8Test, FindsTheFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8(""), kValid);
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), kValid);
  EXPECT_EQ(FindInvalidUtf8("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), kValid);  // é € 😀
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("abc\xc3"), 3u);                        // truncated sequence
  EXPECT_EQ(FindInvalidUtf8("a\xc0\xafz"), 1u);                     // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("a\xed\xa0\x80"), 1u);                  // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"), 0u);               // beyond U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\xc3\xa9\x80"), 2u);                   // stray continuation byte
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\0b", 3)), kValid);  // NUL is valid UTF-8
}

TEST(Utf8Test, CountsCharacters) {
  EXPECT_EQ(CountUtf8Chars("h\xc3\xa9llo"), 5u);
  EXPECT_EQ(CountUtf8Chars("\xf0\x9f\x98\x80"), 1u);
}

TEST(Utf8Test, PrefixesNeverSplitACharacter) {
  EXPECT_EQ(Utf8PrefixLength("h\xc3\xa9llo", 2), 1u);
  EXPECT_EQ(Utf8PrefixLength("h\xc3\xa9llo", 3), 3u);
  EXPECT_EQ(Utf8PrefixLength("short", 10), 5u);
}

TEST(Utf8Test, PreviewsArePrintable) {
  EXPECT_EQ(PreviewText("abc"), "'abc'");
  EXPECT_EQ(PreviewText("a\xff\n"),
            "'a?"
            "?'");
  EXPECT_EQ(PreviewText(std::string(50, 'x')), "'" + std::string(40, 'x') + "...'");
}

}  // namespace
}  // namespace ferry
