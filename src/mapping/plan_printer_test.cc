#include "mapping/plan_printer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "mapping/plan_builder.h"
#include "mapping/sample_check.h"

namespace ferry {
namespace {

// One table "Orders"(Id INTEGER PRIMARY KEY, "Total Due" NUMERIC(8,2)), snake_cased, sampled.
class PlanPrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TableSchema t;
    t.name = "Orders";
    t.estimated_rows = 12;
    t.columns.resize(2);
    t.columns[0].name = "Id";
    t.columns[0].native_type = "INTEGER";
    t.columns[0].auto_increment = true;
    t.columns[1].name = "Total Due";
    t.columns[1].native_type = "NUMERIC(8,2)";
    t.primary_key = {"Id"};
    DatabaseSchema schema;
    schema.tables = {t};
    schema.skipped.push_back({"view", "v", "views are not copied"});
    PlanOptions options;
    options.snake_case = true;
    plan_ = BuildPlan(schema, options).value();
    Batch sample(2);
    Value* row = sample.AddRow();
    row[0] = Value::Int64(1);
    row[1] = Value::Text("oops");
    ASSERT_TRUE(CheckSample(sample, &plan_.tables[0]).ok());
    AddSampleWarnings(&plan_.tables[0]);
    report_.plan = &plan_;
    report_.source = "sqlite:shop.db";
    report_.target = "postgres://u:***@h/db";
    report_.snapshot_note = "one read transaction";
    report_.create_sql = {"CREATE TABLE public.orders (...);"};
    report_.post_data_sql = {{"SELECT setval(...);"}};
  }
  Plan plan_;
  PlanReport report_;
};

TEST_F(PlanPrinterTest, TextShowsEachColumnKeysDdlSkippedAndWarnings) {
  std::string text = FormatPlanText(report_);
  EXPECT_NE(text.find("Plan: sqlite:shop.db → postgres://u:***@h/db"), std::string::npos);
  EXPECT_NE(text.find("Table Orders → public.orders (~12 rows)"), std::string::npos) << text;
  EXPECT_NE(text.find("Total Due → total_due  NUMERIC(8,2)  NUMERIC   numeric(8,2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  primary key: (id)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    CREATE TABLE public.orders (...);\n    SELECT setval(...);\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  view v: views are not copied\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  Orders: column Total Due → total_due (numeric(8,2)): 1 of 1 sampled"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("1 tables, 0 foreign keys, 0 indexes; 1 skipped, 1 warnings"),
            std::string::npos)
      << text;
}

TEST_F(PlanPrinterTest, JsonCarriesTheSameFacts) {
  std::string json = FormatPlanJson(report_);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  simdjson::dom::element table = root["tables"].at(0);
  EXPECT_EQ(std::string_view(table["target"]), "orders");
  EXPECT_EQ(int64_t(table["estimated_rows"]), 12);
  simdjson::dom::element total = table["columns"].at(1);
  EXPECT_EQ(std::string_view(total["declared_type"]), "NUMERIC(8,2)");
  EXPECT_EQ(std::string_view(total["affinity"]), "NUMERIC");
  EXPECT_EQ(std::string_view(total["pg_type"]), "numeric(8,2)");
  EXPECT_EQ(std::string_view(total["logical_type"]), "numeric");
  EXPECT_EQ(int64_t(total["sample"]["rejected"]), 1);
  EXPECT_EQ(std::string_view(total["sample"]["first_rejection"]), "'oops' is not a decimal number");
  EXPECT_TRUE(bool(table["columns"].at(0)["auto_increment"]));
  EXPECT_EQ(simdjson::dom::array(table["ddl"]).size(), 2u);
  EXPECT_EQ(std::string_view(root["skipped"].at(0)["kind"]), "view");
}

// Regression (issue 11): the plan showed a GIN partial index as "(cols)" and no CHECKs.
TEST_F(PlanPrinterTest, IndexMethodPredicateOptionsAndChecksAreShown) {
  TableSchema& target = plan_.tables[0].target;
  Index index{"orders_due", {"total_due"}, false, "total_due > 0", "brin"};
  index.options = {"numeric_minmax_ops"};
  index.include = {"id"};
  target.indexes = {index};
  target.checks = {{"due_positive", "total_due >= 0"}};
  std::string text = FormatPlanText(report_);
  EXPECT_NE(text.find("  index orders_due: using brin (total_due numeric_minmax_ops) include (id) "
                      "where total_due > 0\n  check due_positive: total_due >= 0\n"),
            std::string::npos)
      << text;
  std::string json = FormatPlanJson(report_);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  simdjson::dom::element table = root["tables"].at(0);
  EXPECT_EQ(std::string_view(table["indexes"].at(0)["method"]), "brin");
  EXPECT_EQ(std::string_view(table["indexes"].at(0)["where"]), "total_due > 0");
  EXPECT_EQ(std::string_view(table["indexes"].at(0)["include"].at(0)), "id");
  EXPECT_EQ(std::string_view(table["checks"].at(0)["expression"]), "total_due >= 0");
}

}  // namespace
}  // namespace ferry
