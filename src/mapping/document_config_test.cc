#include "mapping/document_config.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(DocumentConfigTest, FileSettingsBecomeOptionsAndFlagsWin) {
  Result<MappingConfig> config = ParseMappingConfig(R"toml(
[defaults]
objectid = "text"
mode = "normalize"
depth = 3

[tables.orders]
name = "purchases"
depth = 1

[tables.orders.columns."shipping.zip"]
name = "zip"
type = "text"

[tables.orders.columns.legacy]
exclude = true

[tables.audit]
exclude = true
)toml",
                                                    "ferry.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  DocumentPlanOptions base;
  base.defaults.mode = DocumentMode::kJsonb;
  auto options = ApplyMappingConfig(*config, base, {.mode = true});
  ASSERT_TRUE(options.ok()) << options.status().message();
  EXPECT_EQ(options->defaults.objectid, ObjectIdMode::kText);
  EXPECT_EQ(options->defaults.mode, DocumentMode::kJsonb);  // the flag wins
  EXPECT_EQ(options->defaults.depth, 3);
  EXPECT_EQ(options->exclude, std::vector<std::string>{"audit"});
  const CollectionOverrides& orders = options->collections.at("orders");
  EXPECT_EQ(orders.name, "purchases");
  EXPECT_EQ(orders.depth, 1);
  EXPECT_EQ(orders.fields.at("shipping.zip").name, "zip");
  EXPECT_EQ(orders.fields.at("shipping.zip").type, LogicalType::kText);
  EXPECT_TRUE(orders.fields.at("legacy").exclude);
}

TEST(DocumentConfigTest, TypesDocumentsCannotFillAreRefusedWithTheLine) {
  Result<MappingConfig> config =
      ParseMappingConfig("[tables.t.columns.when]\ntype = \"date\"\n", "m.toml");
  ASSERT_TRUE(config.ok());
  auto options = ApplyMappingConfig(*config, {}, {});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("m.toml line 1: type 'date' for field 'when'"),
            std::string::npos)
      << options.status().message();
}

}  // namespace
}  // namespace ferry
