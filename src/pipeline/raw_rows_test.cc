#include "pipeline/raw_rows.h"

#include <gtest/gtest.h>

#include "testing/memory_source.h"

namespace ferry {
namespace {

// Two tables, one the mapping leaves as it is and one it changes.
Plan TwoTables() {
  Plan plan;
  plan.tables.resize(2);
  plan.tables[0].source.name = "kept";
  plan.tables[1].source.name = "changed";
  plan.tables[1].rows_changed = "column n: integer becomes bigint";
  return plan;
}

// Given a source and a target of the same raw format, we expect the rows of
// the table the mapping leaves as it is to pass through, and the plan to say
// why the other's do not.
TEST(ChooseRawRowsTest, TablesTheMappingLeavesAsTheyArePassThrough) {
  testing::MemorySource source;
  source.GiveRawRows("test rows");
  Plan plan = TwoTables();
  ASSERT_TRUE(ChooseRawRows(source, "test rows", &plan).ok());
  EXPECT_EQ(plan.tables[0].raw_rows, "test rows");
  EXPECT_EQ(plan.tables[0].rows_path, "binary pass-through (test rows, as the source sends them)");
  EXPECT_EQ(plan.tables[1].raw_rows, "");
  EXPECT_EQ(plan.tables[1].rows_path,
            "decoded and encoded again: column n: integer becomes bigint");
}

// Given columns whose reasons say their values move in their text form, a
// table whose rows pass through says so no more; the other keeps it.
TEST(ChooseRawRowsTest, PassedThroughColumnsNoLongerSayTheyMoveAsText) {
  testing::MemorySource source;
  source.GiveRawRows("test rows");
  Plan plan = TwoTables();
  for (TablePlan& table : plan.tables) {
    table.columns = {{0, "same type (values move in their text form)"},
                     {1,
                      "same type (not built in; the target has it; values move in their text "
                      "form)"},
                     {2, "same type"}};
  }
  ASSERT_TRUE(ChooseRawRows(source, "test rows", &plan).ok());
  EXPECT_EQ(plan.tables[0].columns[0].reason, "same type");
  EXPECT_EQ(plan.tables[0].columns[1].reason, "same type (not built in; the target has it)");
  EXPECT_EQ(plan.tables[0].columns[2].reason, "same type");
  EXPECT_EQ(plan.tables[1].columns[0].reason, "same type (values move in their text form)");
}

// Given a target that takes another format (or none), or a source that gives
// none, we expect nothing chosen and nothing said.
TEST(ChooseRawRowsTest, NothingIsChosenWithoutTheSameFormatOnBothSides) {
  testing::MemorySource source;
  source.GiveRawRows("test rows");
  for (const char* target : {"", "other rows"}) {
    Plan plan = TwoTables();
    ASSERT_TRUE(ChooseRawRows(source, target, &plan).ok());
    EXPECT_EQ(plan.tables[0].raw_rows, "") << target;
    EXPECT_EQ(plan.tables[0].rows_path, "") << target;
  }
  testing::MemorySource without;
  Plan plan = TwoTables();
  ASSERT_TRUE(ChooseRawRows(without, "test rows", &plan).ok());
  EXPECT_EQ(plan.tables[0].raw_rows, "");
}

}  // namespace
}  // namespace ferry
