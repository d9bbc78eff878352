#include "mapping/target_type.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(TargetTypeTest, ParsesEverySpellingToItsCanonicalForm) {
  struct Case {
    const char* text;
    const char* pg_type;
    LogicalType type;
  } cases[] = {
      {"integer", "integer", LogicalType::kInt32},
      {"INT4", "integer", LogicalType::kInt32},
      {"int2", "smallint", LogicalType::kInt16},
      {"bigint", "bigint", LogicalType::kInt64},
      {"int64", "bigint", LogicalType::kInt64},
      {"float8", "double precision", LogicalType::kFloat64},
      {"double  precision", "double precision", LogicalType::kFloat64},
      {"real", "real", LogicalType::kFloat32},
      {"Numeric(10, 2)", "numeric(10,2)", LogicalType::kNumeric},
      {"character varying(20)", "varchar(20)", LogicalType::kText},
      {"char", "char(1)", LogicalType::kText},
      {"timestamp with time zone", "timestamptz", LogicalType::kTimestampTz},
      {"json", "jsonb", LogicalType::kJson},
      {"bytea", "bytea", LogicalType::kBytes},
      {"uuid", "uuid", LogicalType::kUuid},
  };
  for (const Case& c : cases) {
    Result<TargetType> t = ParseTargetType(c.text);
    ASSERT_TRUE(t.ok()) << c.text << ": " << t.status().message();
    EXPECT_EQ(t->pg_type, c.pg_type) << c.text;
    EXPECT_EQ(t->type, c.type) << c.text;
  }
}

TEST(TargetTypeTest, KeepsParameters) {
  TargetType t = ParseTargetType("numeric(12,3)").value();
  EXPECT_EQ(t.precision, 12);
  EXPECT_EQ(t.scale, 3);
  TargetType c = ParseTargetType("char(4)").value();
  EXPECT_EQ(c.length, 4);
  EXPECT_TRUE(c.fixed_length);
}

TEST(TargetTypeTest, RejectsUnknownAndMalformedTypesListingTheKnownOnes) {
  for (auto bad :
       {"geometry", "varchar(x)", "numeric(3,5)", "integer(4)", "varchar(0)", "numeric(10"}) {
    Result<TargetType> t = ParseTargetType(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.status().message().find("ferry creates:"), std::string::npos);
  }
}

}  // namespace
}  // namespace ferry
