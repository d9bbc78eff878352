#include "mapping/json_check.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(JsonCheckTest, AcceptsAnyJsonValue) {
  JsonChecker checker;
  std::string reason;
  for (auto ok : {"{}", "[1, 2.5, \"x\", null, true]", "\"text\"", "42", "null",
                  "{\"nested\": {\"deep\": [{}]}}", "\"caf\\u00e9\""}) {
    EXPECT_TRUE(checker.Check(ok, &reason)) << ok << ": " << reason;
  }
}

TEST(JsonCheckTest, RejectsInvalidJsonAndNulEscapes) {
  JsonChecker checker;
  std::string reason;
  for (auto bad : {"", "{", "{a: 1}", "[1,]", "'single'", "1 2", "\"\\u0000\""}) {
    EXPECT_FALSE(checker.Check(bad, &reason)) << bad;
  }
  EXPECT_FALSE(checker.Check("{bad", &reason));
  EXPECT_EQ(reason.rfind("not valid JSON: ", 0), 0u) << reason;
}

TEST(JsonCheckTest, ReusesItsBufferAcrossSizes) {
  JsonChecker checker;
  std::string reason;
  std::string big = "[" + std::string(100000, ' ') + "1]";
  EXPECT_TRUE(checker.Check(big, &reason));
  EXPECT_TRUE(checker.Check("[]", &reason));
  EXPECT_FALSE(checker.Check("[", &reason));  // stale bytes of the larger document do not leak in
}

}  // namespace
}  // namespace ferry
