#include "digest/canonical_json.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <regex>

#include "mapping/json_check.h"

namespace ferry {
namespace {

std::string Canonical(std::string_view text) {
  JsonCanonicalizer canonicalizer;
  std::string out;
  Status s = canonicalizer.Append(text, &out);
  EXPECT_TRUE(s.ok()) << text << ": " << s.message();
  return out;
}

TEST(CanonicalJsonTest, KeyOrderDoesNotMatter) {
  EXPECT_EQ(Canonical(R"({"a":1,"b":{"x":true,"y":null}})"),
            Canonical(R"({"b":{"y":null,"x":true},"a":1})"));
}

TEST(CanonicalJsonTest, WhitespaceDoesNotMatter) {
  EXPECT_EQ(Canonical(R"({"a": [1, 2,3] })"), Canonical(R"({"a":[1,2,3]})"));
}

TEST(CanonicalJsonTest, NumbersCompareAsDecimals) {
  EXPECT_EQ(Canonical(R"({"n":1.0})"), Canonical(R"({"n":1})"));
  EXPECT_EQ(Canonical(R"([1e2, -0])"), Canonical(R"([100, 0])"));
  EXPECT_NE(Canonical(R"([12345678901234567890.1])"), Canonical(R"([12345678901234567890.2])"));
}

TEST(CanonicalJsonTest, EscapesAreCompared) {
  EXPECT_EQ(Canonical(R"({"name":"Andr\u00e9"})"), Canonical("{\"name\":\"Andr\xc3\xa9\"}"));
}

TEST(CanonicalJsonTest, ChangedNestedValueDiffers) {
  EXPECT_NE(Canonical(R"({"a":{"b":[1,{"c":"x"}]}})"), Canonical(R"({"a":{"b":[1,{"c":"y"}]}})"));
}

TEST(CanonicalJsonTest, NestedUnsortedObjectsAndRepeatedKeys) {
  // The last of repeated keys wins, as in jsonb; nesting is sorted level by level.
  EXPECT_EQ(Canonical(R"({"b":1,"a":{"d":[{"z":1,"y":2}],"c":2},"b":3})"),
            Canonical(R"({"a":{"c":2,"d":[{"y":2,"z":1}]},"b":3})"));
  EXPECT_NE(Canonical(R"({"b":1,"b":3})"), Canonical(R"({"b":1})"));
  EXPECT_NE(Canonical(R"({"a":1,"b":2})"), Canonical(R"({"a":1,"b":2,"c":3})"));
}

TEST(CanonicalJsonTest, ArrayOrderMatters) { EXPECT_NE(Canonical("[1,2]"), Canonical("[2,1]")); }

TEST(CanonicalJsonTest, TypesAreDistinct) {
  EXPECT_NE(Canonical(R"(["1"])"), Canonical("[1]"));
  EXPECT_NE(Canonical("[null]"), Canonical("[false]"));
  EXPECT_NE(Canonical("{}"), Canonical("[]"));
  EXPECT_NE(Canonical(R"([["a"],"b"])"), Canonical(R"([["a","b"]])"));
}

TEST(CanonicalJsonTest, LastDuplicateKeyWinsAsInJsonb) {
  EXPECT_EQ(Canonical(R"({"a":1,"a":2})"), Canonical(R"({"a":2})"));
}

TEST(CanonicalJsonTest, ScalarDocuments) {
  EXPECT_EQ(Canonical("1.50"), Canonical("1.5"));
  EXPECT_EQ(Canonical(R"("x")"), Canonical(R"( "x" )"));
  EXPECT_NE(Canonical("true"), Canonical("false"));
  EXPECT_NE(Canonical("null"), Canonical("0"));
}

TEST(CanonicalJsonTest, RejectsInvalidJson) {
  JsonCanonicalizer canonicalizer;
  std::string out;
  EXPECT_EQ(canonicalizer.Append(R"({"a":)", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("[1,2", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("1 2", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("[1] 2", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("{} {}", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("", &out).code(), StatusCode::kDataError);
}

TEST(CanonicalJsonTest, ParserIsReusable) {
  JsonCanonicalizer canonicalizer;
  std::string first, second;
  ASSERT_TRUE(canonicalizer.Append(R"({"b":2,"a":1})", &first).ok());
  ASSERT_TRUE(canonicalizer.Append(R"({"a":1,"b":2})", &second).ok());
  EXPECT_EQ(first, second);
}

// Append takes simdjson's DOM where it can and its On-Demand API otherwise;
// both must give the same bytes, or equal JSON would hash differently
// depending on which path a value took.
void ExpectPathsAgree(JsonCanonicalizer& canonicalizer, const std::string& text) {
  std::string dom, on_demand;
  Status a = canonicalizer.Append(text, &dom);
  Status b = canonicalizer.AppendOnDemand(text, &on_demand);
  ASSERT_EQ(a.ok(), b.ok()) << text << ": " << a.message() << " / " << b.message();
  if (a.ok()) {
    EXPECT_EQ(dom, on_demand) << text;
  }
}

TEST(CanonicalJsonTest, DomAndOnDemandAgreeOnChosenDocuments) {
  JsonCanonicalizer canonicalizer;
  for (
      const char* text : {
          R"({"path":"/items/1","ms":1,"tags":["a","b",1]})",
          R"({"b":1,"a":{"d":[{"z":1,"y":2}],"c":2},"b":3})",
          R"({"a\"1": 2.5, "b": "x\\", "c\\": 1.25, "d": "\"9\"", "e": -0.0})",
          R"([0.10000000000000001, 0.1, 1e400, -1E-400, 12345678901234567890123, 1.5e3])",
          R"([18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809])",
          R"([100, 1e2, 100.00, -0, 0e10, 5, 50, 0.5])",
          R"({"\u00e9": "\ud83d\ude00", "": null, "t": true, "f": false})",
          R"("a string")",
          "42",
          "-1.25",
          "true",
          "null",
          "[]",
          "{}",
          R"( [ 1 , { } ] )",
          "[1,2",
          R"({"a":)",
          "01",
          "[01]",
          "1 2",
          "",
          "[1.]",
          "[-]",
          R"({"a":1,})",
      }) {
    ExpectPathsAgree(canonicalizer, text);
  }
}

// A random JSON value: nested objects with repeated and unordered keys,
// escapes, and numbers in every spelling (integers, fractions, exponents,
// values beyond int64 and double).
std::string RandomJson(std::mt19937& random, int depth) {
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  static const char* kKeys[] = {"a", "b", "path", "ms", "tags", "\\u0041", "a\\\"b", "é", "", "10"};
  static const char* kStrings[] = {"x", "", "\\\\", "\\\"", "1.5", "\\u00e9", "tab\\t", "ü"};
  static const char* kNumbers[] = {"0",
                                   "-0",
                                   "7",
                                   "-12",
                                   "100",
                                   "1e2",
                                   "1E+2",
                                   "2.50",
                                   "-0.001",
                                   "0.10000000000000001",
                                   "123456789012345678901234567890",
                                   "9223372036854775807",
                                   "-9223372036854775808",
                                   "18446744073709551615",
                                   "1e400",
                                   "4.9e-324",
                                   "3.14159"};
  int kind = depth > 3 ? 2 + pick(4) : pick(6);
  switch (kind) {
    case 0: {
      std::string out = "{";
      int members = pick(5);
      for (int i = 0; i < members; ++i) {
        if (i > 0) out += pick(2) ? "," : " , ";
        out += std::string("\"") + kKeys[pick(10)] + "\":" + RandomJson(random, depth + 1);
      }
      return out + "}";
    }
    case 1: {
      std::string out = "[";
      int items = pick(5);
      for (int i = 0; i < items; ++i) out += (i > 0 ? "," : "") + RandomJson(random, depth + 1);
      return out + "]";
    }
    case 2:
      return std::string("\"") + kStrings[pick(8)] + "\"";
    case 3:
    case 4:
      return kNumbers[pick(17)];
    default:
      return pick(3) == 0 ? "null" : pick(2) ? "true" : "false";
  }
}

TEST(CanonicalJsonTest, DomAndOnDemandAgreeOnRandomDocuments) {
  std::mt19937 random(20261122);
  JsonCanonicalizer canonicalizer;
  for (int i = 0; i < 5000; ++i) ExpectPathsAgree(canonicalizer, RandomJson(random, 0));
}

TEST(CanonicalJsonTest, DigitsBeyondADoubleStillCount) {
  // The DOM holds 0.10000000000000001 as the double 0.1; the encoding keeps the digits.
  EXPECT_NE(Canonical("[0.10000000000000001]"), Canonical("[0.1]"));
  EXPECT_EQ(Canonical("[0.10]"), Canonical("[0.1]"));
  EXPECT_NE(Canonical("[123456789012345678901234567890]"),
            Canonical("[123456789012345678901234567891]"));
}

// True when every number token of `text` (outside strings) is spelled as JSON
// allows, whatever its size.
bool NumbersAreJson(const std::string& text) {
  static const std::regex kNumber(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)");
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      ++i;
    } else if (std::strchr("-+.0123456789", text[i]) != nullptr) {  // not 'e' of true/false
      size_t start = i;
      while (i < text.size() && std::strchr("-+0123456789.eE", text[i]) != nullptr) ++i;
      if (!std::regex_match(text.substr(start, i - start), kNumber)) return false;
    } else {
      ++i;
    }
  }
  return true;
}

// Copy lets the canonicalizer stand in for the jsonb check (JsonChecker) when it
// hashes every row: both must refuse the same texts. Mutations of valid
// documents (a character dropped, doubled or replaced) give invalid JSON of
// every kind. Beyond the numbers simdjson's DOM holds (20 digits, 1e309) the
// canonicalizer accepts more, rightly: PostgreSQL takes them.
TEST(CanonicalJsonTest, RefusesWhatTheJsonbCheckRefuses) {
  std::mt19937 random(7);
  JsonCanonicalizer canonicalizer;
  JsonChecker checker;
  static const char kNoise[] = "{}[],:\"\\01-+.eEtfnu \x01";
  int refused = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = RandomJson(random, 0);
    if (!text.empty()) {
      size_t at = random() % text.size();
      char c = kNoise[random() % (sizeof(kNoise) - 1)];
      switch (random() % 3) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(at, 1, text[at]);
          break;
        default:
          text[at] = c;
          break;
      }
    }
    std::string reason, out;
    bool checked = checker.Check(text, &reason);
    bool canonical = canonicalizer.Append(text, &out).ok();
    if (canonical && !checked && NumbersAreJson(text)) continue;  // beyond the DOM's range
    if (text.find("\\u0000") == std::string::npos) {
      EXPECT_EQ(canonical, checked) << text << " (checker: " << reason << ")";
    }
    refused += checked ? 0 : 1;
  }
  EXPECT_GT(refused, 5000);  // the mutations did make invalid documents
}

}  // namespace
}  // namespace ferry
