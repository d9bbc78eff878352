#include "mapping/sqlite_row_transform.h"

#include <gtest/gtest.h>

#include "mapping/plan_builder.h"

namespace ferry {
namespace {

Column Col(std::string name, std::string declared) {
  Column c;
  c.name = std::move(name);
  c.native_type = std::move(declared);
  return c;
}

// t(id INTEGER, price NUMERIC(10,2), name VARCHAR(5)), with `name` excluded or not.
TablePlan PlanOf(bool exclude_price) {
  TableSchema t;
  t.name = "t";
  t.columns = {Col("id", "INTEGER"), Col("price", "NUMERIC(10,2)"), Col("name", "VARCHAR(5)")};
  DatabaseSchema schema;
  schema.tables = {t};
  PlanOptions options;
  if (exclude_price) options.config.tables["t"].columns["price"].exclude = true;
  return BuildPlan(schema, options).value().tables[0];
}

TEST(SqliteRowTransformTest, ConvertsEveryColumnIntoTheOutputBatch) {
  auto transform = NewSqliteRowTransform(PlanOf(false)).value();
  Value row[] = {Value::Text("7"), Value::Double(0.99), Value::Text("abc")};
  Batch out(3);
  Rejection rejection;
  ASSERT_TRUE(transform->Apply(row, &out, &rejection)) << rejection.reason;
  ASSERT_EQ(out.num_rows(), 1u);
  EXPECT_EQ(out.At(0, 0).int64_value(), 7);
  EXPECT_EQ(out.At(0, 1).bytes(), "0.99");
  EXPECT_EQ(out.At(0, 2).bytes(), "abc");
}

TEST(SqliteRowTransformTest, SkipsExcludedSourceColumns) {
  auto transform = NewSqliteRowTransform(PlanOf(true)).value();
  Value row[] = {Value::Int64(1), Value::Text("not a number"), Value::Text("x")};
  Batch out(2);
  Rejection rejection;
  ASSERT_TRUE(transform->Apply(row, &out, &rejection)) << rejection.reason;
  EXPECT_EQ(out.At(0, 1).bytes(), "x");
}

TEST(SqliteRowTransformTest, RejectionNamesTheColumnAndAddsNoRow) {
  auto transform = NewSqliteRowTransform(PlanOf(false)).value();
  Value good[] = {Value::Int64(1), Value::Int64(2), Value::Text("a")};
  Value bad[] = {Value::Int64(2), Value::Int64(3), Value::Text("toolong")};
  Batch out(3);
  Rejection rejection;
  ASSERT_TRUE(transform->Apply(good, &out, &rejection));
  ASSERT_FALSE(transform->Apply(bad, &out, &rejection));
  EXPECT_EQ(out.num_rows(), 1u);
  EXPECT_EQ(rejection.target_column, 2);
  EXPECT_EQ(rejection.reason,
            "column \"name\" (varchar(5)): text of 7 characters is longer than varchar(5) "
            "('toolong')");
}

}  // namespace
}  // namespace ferry
