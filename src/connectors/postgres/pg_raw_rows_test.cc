#include "connectors/postgres/pg_raw_rows.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

PgColumnTypeFacts Facts(std::string type_name, uint32_t oid, char typtype, uint32_t element = 0,
                        uint32_t range_subtype = 0) {
  return {"c", std::move(type_name), oid, typtype, element, range_subtype};
}

// Built-in scalars and arrays of built-in types are the same in every database.
TEST(PgRawFormTest, BuiltInTypesAndTheirArraysArePortable) {
  EXPECT_EQ(PgRawFormWhyNot(Facts("integer", 23, 'b')), "");
  EXPECT_EQ(PgRawFormWhyNot(Facts("jsonb", 3802, 'b')), "");
  EXPECT_EQ(PgRawFormWhyNot(Facts("interval", 1186, 'b')), "");
  EXPECT_EQ(PgRawFormWhyNot(Facts("text[]", 1009, 'b', /*element=*/25)), "");
  EXPECT_EQ(PgRawFormWhyNot(Facts("int4range", 3904, 'r', 0, /*subtype=*/23)), "");
}

// An enum goes as its label; a user range of a built-in type carries no OID.
TEST(PgRawFormTest, EnumsAndRangesOfBuiltInTypesArePortable) {
  EXPECT_EQ(PgRawFormWhyNot(Facts("mood", 16390, 'e')), "");
  EXPECT_EQ(PgRawFormWhyNot(Facts("floatrange", 16400, 'r', 0, /*subtype=*/701)), "");
}

// Types whose binary form names an OID of its database, or is an
// extension's own, are decoded and encoded again; the reason names the column.
TEST(PgRawFormTest, TypesThatCarryOidsOrAreAnExtensionsAreNot) {
  std::string array = PgRawFormWhyNot(Facts("mood[]", 16389, 'b', /*element=*/16390));
  EXPECT_NE(array.find("column c: type mood[] is an array of a type that is not built in"),
            std::string::npos)
      << array;
  EXPECT_NE(PgRawFormWhyNot(Facts("address", 16500, 'c')).find("composite"), std::string::npos);
  EXPECT_NE(PgRawFormWhyNot(Facts("citext", 16600, 'b')).find("not built in"), std::string::npos);
  EXPECT_NE(PgRawFormWhyNot(Facts("moodrange", 16700, 'r', 0, 16390)).find("range"),
            std::string::npos);
  EXPECT_NE(PgRawFormWhyNot(Facts("positive", 16800, 'd')).find("domain over a domain"),
            std::string::npos);
}

}  // namespace
}  // namespace ferry
