#include "mapping/sample_check.h"

#include <gtest/gtest.h>

#include "mapping/plan_builder.h"

namespace ferry {
namespace {

TablePlan PlanOf(const std::string& declared) {
  TableSchema t;
  t.name = "t";
  Column c;
  c.name = "c";
  c.native_type = declared;
  t.columns = {c};
  DatabaseSchema schema;
  schema.tables = {t};
  return BuildPlan(schema, {}).value().tables[0];
}

TEST(SampleCheckTest, CountsStorageClassesAndRejections) {
  TablePlan plan = PlanOf("INTEGER");
  Batch sample(1);
  for (Value v :
       {Value::Int64(1), Value::Text("2"), Value::Text("two"), Value::Null(), Value::Double(2.5)}) {
    sample.AddRow()[0] = v;
  }
  ASSERT_TRUE(CheckSample(sample, &plan).ok());
  ASSERT_TRUE(CheckSample(sample, &plan).ok());  // counts add up over batches
  const ValueSample& s = plan.samples[0];
  EXPECT_EQ(s.rows, 10);
  EXPECT_EQ(s.integers, 2);
  EXPECT_EQ(s.texts, 4);
  EXPECT_EQ(s.nulls, 2);
  EXPECT_EQ(s.reals, 2);
  EXPECT_EQ(s.rejected, 4);
  EXPECT_EQ(s.first_rejection, "text 'two' is not an integer (digits with an optional '-')");
  AddSampleWarnings(&plan);
  ASSERT_EQ(plan.warnings.size(), 2u);
  EXPECT_EQ(plan.warnings[0],
            "column c holds mixed storage classes in the sample of 10 rows: 2 integer, 2 real, "
            "4 text");
  EXPECT_EQ(plan.warnings[1].rfind("column c → c (bigint): 4 of 10 sampled values will not fit", 0),
            0u);
}

TEST(SampleCheckTest, OneStorageClassThatFitsGivesNoWarning) {
  TablePlan plan = PlanOf("TEXT");
  Batch sample(1);
  sample.AddRow()[0] = Value::Text("a");
  sample.AddRow()[0] = Value::Null();
  ASSERT_TRUE(CheckSample(sample, &plan).ok());
  AddSampleWarnings(&plan);
  EXPECT_TRUE(plan.warnings.empty());
}

}  // namespace
}  // namespace ferry
