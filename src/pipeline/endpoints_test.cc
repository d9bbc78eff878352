#include "pipeline/endpoints.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

Endpoint Parse(const std::string& url) { return ParseEndpoint(url).value(); }

class ChooseSchemaFromTest : public ::testing::Test {
 protected:
  // ChooseSchemaFrom from `from` into `to`; *native says what the plan got.
  Result<std::string> Choose(const std::string& schema_from, const std::string& from,
                             const std::string& to, WriteMode mode = WriteMode::kCreate,
                             const std::string& refusal = "") {
    options_ = PlanOptions();
    return ChooseSchemaFrom(schema_from, Parse(from), Parse(to), mode, "public", refusal,
                            &options_);
  }
  PlanOptions options_;
};

constexpr const char* kPg = "postgres://app@db/app";
constexpr const char* kPg2 = "postgres://app@db2/app";

TEST_F(ChooseSchemaFromTest, AutoTakesTheSourcesSchemaBetweenTwoPostgresDatabases) {
  EXPECT_EQ(Choose("auto", kPg, kPg2).value(), "source");
  EXPECT_TRUE(options_.native_schema);
  EXPECT_TRUE(options_.target_has_type("public.anything"));
}

TEST_F(ChooseSchemaFromTest, AutoTakesFerrysDdlWhereTheSourcesSchemaCannotGo) {
  EXPECT_EQ(Choose("auto", "sqlite:app.db", kPg).value(), "ferry");
  EXPECT_FALSE(options_.native_schema);
  EXPECT_EQ(Choose("auto", kPg, "sqlite:back.db").value(), "ferry");
  EXPECT_EQ(Choose("auto", kPg, kPg2, WriteMode::kReplace).value(), "ferry");
  EXPECT_EQ(Choose("auto", kPg, kPg2, WriteMode::kCreate, "the target is CockroachDB").value(),
            "ferry");
  EXPECT_FALSE(options_.native_schema);
  EXPECT_EQ(Choose("auto", "postgres://app@db/app?schema=sales", kPg2).value(), "ferry");
}

TEST_F(ChooseSchemaFromTest, SourceInsistsAndSaysWhyItCannot) {
  Result<std::string> mode = Choose("source", kPg, kPg2, WriteMode::kAppend);
  ASSERT_FALSE(mode.ok());
  EXPECT_NE(mode.status().message().find("only with --mode create"), std::string::npos)
      << mode.status().message();
  Result<std::string> sqlite = Choose("source", kPg, "sqlite:back.db");
  ASSERT_FALSE(sqlite.ok());
  EXPECT_NE(sqlite.status().message().find("only between two PostgreSQL databases"),
            std::string::npos);
  Result<std::string> cockroach =
      Choose("source", kPg, kPg2, WriteMode::kCreate, "the target is CockroachDB");
  ASSERT_FALSE(cockroach.ok());
  EXPECT_NE(cockroach.status().message().find("CockroachDB"), std::string::npos);
  Result<std::string> renamed = Choose("source", "postgres://app@db/app?schema=sales", kPg2);
  ASSERT_FALSE(renamed.ok());
  EXPECT_NE(renamed.status().message().find("names its schema sales, not public"),
            std::string::npos)
      << renamed.status().message();
}

TEST_F(ChooseSchemaFromTest, FerryIsFerry) {
  EXPECT_EQ(Choose("ferry", kPg, kPg2).value(), "ferry");
  EXPECT_FALSE(options_.native_schema);
}

}  // namespace
}  // namespace ferry
