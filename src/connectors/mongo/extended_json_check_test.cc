#include "connectors/mongo/extended_json_check.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

// The reason CheckExtendedJsonLine gives, or "" when the line passes.
std::string Reason(std::string_view line) {
  std::string reason;
  return CheckExtendedJsonLine(line, &reason) ? "" : reason;
}

TEST(ExtendedJsonCheckTest, ValidExtendedJsonPasses) {
  EXPECT_EQ(
      Reason(R"({"_id":{"$oid":"57E193d7a9cc81b4027498b5"},"a":[1,-2.5e3,"x\"y",null,true]})"), "");
  EXPECT_EQ(Reason(R"({"d":{"$numberDouble":"-1.5E+10"},"n":{"$numberDouble":"NaN"},)"
                   R"("i":{"$numberInt":"-2147483648"},"l":{"$numberLong":"9223372036854775807"},)"
                   R"("m":{"$numberDecimal":"1.2E-7"},"inf":{"$numberDecimal":"-Infinity"}})"),
            "");
  EXPECT_EQ(Reason(R"({"r":{"$regularExpression":{"pattern":"^a","options":"imsx"}}})"), "");
  EXPECT_EQ(Reason(R"({"date":{"$date":{"$numberLong":"1"}},"q":{"$in":[1,2]}})"), "");
  EXPECT_EQ(Reason("  {}  "), "");
}

TEST(ExtendedJsonCheckTest, InvalidObjectIdIsAnErrorNamingTheField) {
  std::string reason = Reason(R"({"_id":7,"ref":{"$oid":"zzf14312c7447c3da7051b26"}})");
  EXPECT_NE(reason.find("document _id 7: field 'ref'"), std::string::npos) << reason;
  EXPECT_NE(reason.find("zzf14312c7447c3da7051b26"), std::string::npos) << reason;
  EXPECT_NE(Reason(R"({"a":{"$oid":"------------------------"}})"), "");
  EXPECT_NE(Reason(R"({"a":{"$oid":"57e193d7a9cc81b4027498b"}})"), "");
}

TEST(ExtendedJsonCheckTest, NumbersThatDoNotParseAreErrors) {
  for (const char* line : {
           R"({"a":{"$numberDouble":"garbage"}})",
           R"({"a":{"$numberDouble":"1.5xyz"}})",
           R"({"a":{"$numberDouble":""}})",
           R"({"a":{"$numberDouble":"inf"}})",
           R"({"a":{"$numberDouble":"1e999"}})",
           R"({"a":{"$numberDouble":1.5}})",
           R"({"a":{"$numberDecimal":"abc"}})",
           R"({"a":{"$numberDecimal":"1.2.3"}})",
           R"({"a":{"$numberDecimal":""}})",
           R"({"a":{"$numberDecimal":"1e99999"}})",
           R"({"a":{"$numberInt":"3000000000"}})",
           R"({"a":{"$numberLong":"12x"}})",
       }) {
    std::string reason = Reason(line);
    EXPECT_NE(reason.find("field 'a'"), std::string::npos) << line << " → " << reason;
  }
}

TEST(ExtendedJsonCheckTest, UnknownRegexOptionsAreErrors) {
  EXPECT_NE(Reason(R"({"r":{"$regularExpression":{"pattern":"a","options":"zq"}}})"), "");
  EXPECT_NE(Reason(R"({"r":{"$regex":"a","$options":"iz"}})"), "");
}

TEST(ExtendedJsonCheckTest, HugeIntegerIsReportedAsWritten) {
  std::string reason = Reason(R"({"big":123456789012345678901234567890})");
  EXPECT_NE(reason.find("field 'big': the integer 123456789012345678901234567890"),
            std::string::npos)
      << reason;
  EXPECT_NE(Reason(R"({"a":[0,9223372036854775808]})").find("field 'a.1'"), std::string::npos);
  EXPECT_EQ(Reason(R"({"a":-9223372036854775808})"), "");
  EXPECT_NE(Reason(R"({"tiny":1e-400})").find("field 'tiny': the number 1e-400"),
            std::string::npos);
}

TEST(ExtendedJsonCheckTest, ArrayOrScalarLineIsNotADocument) {
  EXPECT_EQ(Reason("[1,2]").find("the line is an array, not a document"), 0u);
  EXPECT_EQ(Reason("5").find("the line is a number, not a document"), 0u);
  EXPECT_EQ(Reason(R"("x")").find("the line is a string"), 0u);
  EXPECT_EQ(Reason("null").find("the line is null"), 0u);
  EXPECT_EQ(Reason("nonsense"), "");  // not JSON at all: libbson's reason
}

TEST(ExtendedJsonCheckTest, DuplicateKeysAreErrors) {
  EXPECT_NE(Reason(R"({"a":1,"b":2,"a":3})").find("field 'a': the key appears twice"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"o":{"k":1,"\u006b":2}})").find("field 'o.k'"), std::string::npos);
  EXPECT_EQ(Reason(R"({"o":{"k":1},"p":{"k":2}})"), "");
}

// libbson reads the first document and drops the rest of the line.
TEST(ExtendedJsonCheckTest, TextAfterTheDocumentIsAnError) {
  EXPECT_NE(Reason(R"({"a":1} {"b":2})"), "");
}

TEST(ExtendedJsonCheckTest, SyntaxErrorsAreLeftToLibbson) {
  EXPECT_EQ(Reason(R"({"a": oops})"), "");
  EXPECT_EQ(Reason(R"({"a":{"$oid":"zz")"), "");  // cut short: libbson says where
  EXPECT_EQ(Reason(std::string(500, '[')), "");
}

}  // namespace
}  // namespace ferry
