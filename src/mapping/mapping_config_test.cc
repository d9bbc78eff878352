#include "mapping/mapping_config.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(MappingConfigTest, ReadsDefaultsTablesAndColumns) {
  Result<MappingConfig> config = ParseMappingConfig(R"toml(
[defaults]
snake_case = true

[tables.Customer]
name = "clients"

[tables.Customer.columns.Fax]
exclude = true

[tables.Customer.columns."Postal Code"]
name = "zip"
type = "varchar(12)"

[tables.audit_log]
exclude = true
)toml",
                                                    "ferry.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->snake_case, true);
  const TableConfig& customer = config->tables.at("Customer");
  EXPECT_EQ(customer.name, "clients");
  EXPECT_TRUE(customer.columns.at("Fax").exclude);
  EXPECT_EQ(customer.columns.at("Postal Code").name, "zip");
  EXPECT_EQ(customer.columns.at("Postal Code").type, "varchar(12)");
  EXPECT_EQ(customer.columns.at("Postal Code").line, 11);
  EXPECT_TRUE(config->tables.at("audit_log").exclude);
}

TEST(MappingConfigTest, UnknownKeysAreErrorsWithTheLine) {
  Result<MappingConfig> config = ParseMappingConfig("[tables.t]\nnmae = \"x\"\n", "m.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "m.toml line 2: unknown key 'nmae' in [tables.t] (expected name, exclude, columns, "
            "mode, depth)");
}

TEST(MappingConfigTest, UnknownTypesAreErrors) {
  Result<MappingConfig> config =
      ParseMappingConfig("[tables.t.columns.c]\ntype = \"geometry\"\n", "m.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("m.toml line 2: type 'geometry'"), std::string::npos)
      << config.status().message();
}

TEST(MappingConfigTest, WrongValueTypesAreErrors) {
  Result<MappingConfig> config = ParseMappingConfig("[tables.t]\nexclude = \"yes\"\n", "m.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), "m.toml line 2: exclude must be true or false");
}

TEST(MappingConfigTest, TomlSyntaxErrorsNameTheLine) {
  Result<MappingConfig> config = ParseMappingConfig("[tables.t\n", "m.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message().rfind("m.toml line 1: ", 0), 0u) << config.status().message();
}

TEST(MappingConfigTest, MissingFileIsNotFound) {
  Result<MappingConfig> config = LoadMappingConfig("/nonexistent/ferry.toml");
  EXPECT_EQ(config.status().code(), StatusCode::kNotFound);
}

TEST(MappingConfigTest, DocumentSettingsAreReadAndChecked) {
  Result<MappingConfig> config = ParseMappingConfig(R"toml(
[defaults]
objectid = "text"
mode = "normalize"
depth = 3

[tables.orders]
mode = "jsonb"
depth = 1

[tables.orders.columns."shipping.zip"]
name = "zip"
)toml",
                                                    "ferry.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->objectid, "text");
  EXPECT_EQ(config->mode, "normalize");
  EXPECT_EQ(config->depth, 3);
  EXPECT_EQ(config->tables.at("orders").mode, "jsonb");
  EXPECT_EQ(config->tables.at("orders").depth, 1);
  EXPECT_EQ(config->tables.at("orders").columns.at("shipping.zip").name, "zip");

  Result<MappingConfig> bad = ParseMappingConfig("[defaults]\nmode = \"flat\"\n", "m.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "m.toml line 2: mode must be one of flatten, jsonb, normalize");
  bad = ParseMappingConfig("[tables.t]\ndepth = 0\n", "m.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "m.toml line 2: depth must be a whole number from 1 to 100");
}

}  // namespace
}  // namespace ferry
