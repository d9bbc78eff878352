#include "mapping/sqlite_types.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

// SQLite's affinity rules (datatype3.html 3.1), in their order of precedence.
TEST(SqliteAffinityTest, FollowsTheFiveRulesInOrder) {
  EXPECT_EQ(AffinityOf("INTEGER"), SqliteAffinity::kInteger);
  EXPECT_EQ(AffinityOf("UNSIGNED BIG INT"), SqliteAffinity::kInteger);
  EXPECT_EQ(AffinityOf("tinyint"), SqliteAffinity::kInteger);
  EXPECT_EQ(AffinityOf("POINT"), SqliteAffinity::kInteger);    // "INT" wins, as in SQLite
  EXPECT_EQ(AffinityOf("CHARINT"), SqliteAffinity::kInteger);  // rule 1 before rule 2
  EXPECT_EQ(AffinityOf("NVARCHAR(40)"), SqliteAffinity::kText);
  EXPECT_EQ(AffinityOf("CLOB"), SqliteAffinity::kText);
  EXPECT_EQ(AffinityOf("text"), SqliteAffinity::kText);
  EXPECT_EQ(AffinityOf("BLOB"), SqliteAffinity::kBlob);
  EXPECT_EQ(AffinityOf(""), SqliteAffinity::kBlob);
  EXPECT_EQ(AffinityOf("REAL"), SqliteAffinity::kReal);
  EXPECT_EQ(AffinityOf("FLOAT"), SqliteAffinity::kReal);
  EXPECT_EQ(AffinityOf("DOUBLE PRECISION"), SqliteAffinity::kReal);
  EXPECT_EQ(AffinityOf("DECIMAL(10,5)"), SqliteAffinity::kNumeric);
  EXPECT_EQ(AffinityOf("BOOLEAN"), SqliteAffinity::kNumeric);
  EXPECT_EQ(AffinityOf("DATETIME"), SqliteAffinity::kNumeric);
  EXPECT_EQ(AffinityOf("STRING"), SqliteAffinity::kNumeric);
}

std::string PgType(std::string_view declared) { return MapSqliteType(declared).target.pg_type; }

TEST(SqliteTypeMappingTest, IntegerFamilyIsBigint) {
  for (auto declared : {"INTEGER", "INT", "SMALLINT", "TINYINT", "BIGINT", "INT8", "MEDIUMINT",
                        "UNSIGNED BIG INT", "INT(11)"}) {
    EXPECT_EQ(PgType(declared), "bigint") << declared;
  }
  EXPECT_EQ(MapSqliteType("INTEGER").target.type, LogicalType::kInt64);
}

TEST(SqliteTypeMappingTest, RealFamilyIsDoublePrecision) {
  for (auto declared : {"REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT", "FLOAT(8)"}) {
    EXPECT_EQ(PgType(declared), "double precision") << declared;
  }
}

TEST(SqliteTypeMappingTest, NumericKeepsPrecisionAndScale) {
  EXPECT_EQ(PgType("NUMERIC(10,2)"), "numeric(10,2)");
  EXPECT_EQ(PgType("decimal( 12 , 4 )"), "numeric(12,4)");
  EXPECT_EQ(PgType("DECIMAL(5)"), "numeric(5,0)");
  EXPECT_EQ(PgType("NUMERIC"), "numeric");
  // PostgreSQL refuses scale > precision: left unconstrained, and the reason says so.
  TypeChoice bad = MapSqliteType("DECIMAL(2,5)");
  EXPECT_EQ(bad.target.pg_type, "numeric");
  EXPECT_NE(bad.reason.find("not valid"), std::string::npos) << bad.reason;
}

TEST(SqliteTypeMappingTest, CharacterTypesKeepTheirLength) {
  EXPECT_EQ(PgType("VARCHAR(255)"), "varchar(255)");
  EXPECT_EQ(PgType("NVARCHAR(40)"), "varchar(40)");
  EXPECT_EQ(PgType("VARYING CHARACTER(10)"), "varchar(10)");
  EXPECT_EQ(PgType("NATIVE CHARACTER(70)"), "varchar(70)");
  EXPECT_EQ(PgType("CHAR(2)"), "char(2)");
  EXPECT_EQ(PgType("NCHAR(55)"), "char(55)");
  EXPECT_EQ(PgType("CHARACTER(20)"), "char(20)");
  EXPECT_EQ(PgType("VARCHAR"), "text");
  EXPECT_EQ(MapSqliteType("NVARCHAR(40)").target.length, 40);
}

TEST(SqliteTypeMappingTest, TextClobBlobAndNoType) {
  EXPECT_EQ(PgType("TEXT"), "text");
  EXPECT_EQ(PgType("CLOB"), "text");
  EXPECT_EQ(PgType("BLOB"), "bytea");
  EXPECT_EQ(PgType(""), "text");
  EXPECT_NE(MapSqliteType("").reason.find("no declared type"), std::string::npos);
}

TEST(SqliteTypeMappingTest, NamedTypesSayMoreThanTheirAffinity) {
  EXPECT_EQ(PgType("BOOLEAN"), "boolean");
  EXPECT_EQ(PgType("bool"), "boolean");
  EXPECT_EQ(PgType("DATE"), "date");
  EXPECT_EQ(PgType("DATETIME"), "timestamp");
  EXPECT_EQ(PgType("TIMESTAMP"), "timestamp");
  EXPECT_EQ(PgType("TIMESTAMPTZ"), "timestamptz");
  EXPECT_EQ(PgType("TIME"), "time");
  EXPECT_EQ(PgType("JSON"), "jsonb");
  EXPECT_EQ(PgType("UUID"), "uuid");
  EXPECT_EQ(MapSqliteType("DATETIME").target.type, LogicalType::kTimestamp);
  EXPECT_EQ(PgType("ANY"), "text");  // STRICT tables: values keep their storage class
}

TEST(SqliteTypeMappingTest, OtherNumericAffinityNamesAreNumeric) {
  TypeChoice choice = MapSqliteType("MONEY");
  EXPECT_EQ(choice.target.pg_type, "numeric");
  EXPECT_NE(choice.reason.find("NUMERIC affinity"), std::string::npos) << choice.reason;
}

TEST(SqliteTypeMappingTest, ReasonNamesDeclaredTypeAndAffinity) {
  EXPECT_EQ(MapSqliteType("NVARCHAR(40)").reason,
            "declared NVARCHAR(40), TEXT affinity: varchar(40) keeps the declared length "
            "(SQLite does not enforce it)");
}

}  // namespace
}  // namespace ferry
