// The verify runner on in-memory sides: what it finds, and that it finds nothing
// when there is nothing to find.
#include "verify/verify_runner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/identity_transform.h"
#include "testing/memory_source.h"

namespace ferry {
namespace {

using testing::IdentityPlan;
using testing::IdentityTransform;
using testing::MemorySource;

Column Col(std::string name, LogicalType type) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  return column;
}

TableSchema Items() {
  TableSchema table;
  table.name = "items";
  table.columns = {Col("id", LogicalType::kInt64), Col("name", LogicalType::kText),
                   Col("price", LogicalType::kFloat64)};
  table.primary_key = {"id"};
  return table;
}

// Source and target with the same `rows` rows: id, "name<id>", id / 10.
class VerifyRunnerTest : public ::testing::Test {
 protected:
  void Fill(int rows, TableSchema table = Items()) {
    source_.AddTable(table);
    target_.AddTable(table);
    for (int i = 1; i <= rows; ++i) {
      std::string name = "name" + std::to_string(i);
      std::vector<Value> row = {Value::Int64(i), Value::Text(name), Value::Double(i / 10.0)};
      row.resize(table.columns.size());
      source_.AddRow(table.name, row);
      if (i != target_skips_) target_.AddRow(table.name, row);
    }
  }

  VerifyReport Verify(VerifyOptions options) {
    Result<DatabaseSchema> schema = source_.DescribeSchema();
    plan_ = IdentityPlan(*schema);
    VerifyRun run;
    run.plan = &plan_;
    run.source = &source_;
    run.target = &target_;
    run.make_transform = [this](const TablePlan& table) -> Result<std::unique_ptr<RowTransform>> {
      return std::unique_ptr<RowTransform>(
          new IdentityTransform(static_cast<int>(table.target.columns.size()), reject_if_));
    };
    run.options = options;
    Result<VerifyReport> report = RunVerify(run);
    EXPECT_TRUE(report.ok()) << report.status().message();
    for (const TableResult& t : report->tables) EXPECT_TRUE(t.error.ok()) << t.error.message();
    return std::move(report).value();
  }

  static VerifyOptions Level(VerifyLevel level) {
    VerifyOptions options;
    options.level = level;
    return options;
  }

  MemorySource source_;
  MemorySource target_;
  Plan plan_;
  int target_skips_ = -1;
  IdentityTransform::RejectIf reject_if_;
};

TEST_F(VerifyRunnerTest, EqualTablesAreEqualAtEveryLevel) {
  Fill(500);
  for (VerifyLevel level : {VerifyLevel::kCount, VerifyLevel::kHash, VerifyLevel::kRow}) {
    VerifyReport report = Verify(Level(level));
    ASSERT_EQ(report.tables.size(), 1u);
    EXPECT_FALSE(report.Differs()) << VerifyLevelName(level);
    EXPECT_EQ(report.tables[0].source_rows, 500);
    EXPECT_EQ(report.tables[0].target_rows, 500);
    EXPECT_EQ(report.tables[0].scans, 1);
  }
}

TEST_F(VerifyRunnerTest, ChangedValueIsReportedWithKeyColumnAndBothValues) {
  Fill(300);
  target_.AddRow("items", {Value::Int64(1000), Value::Text("x"), Value::Double(1)});
  source_.AddRow("items", {Value::Int64(1000), Value::Text("y"), Value::Double(1)});
  VerifyReport report = Verify(Level(VerifyLevel::kRow));
  const TableResult& t = report.tables[0];
  ASSERT_EQ(t.differences_total, 1);
  EXPECT_EQ(t.differences[0].kind, DiffKind::kChanged);
  EXPECT_EQ(t.differences[0].key, "id=1000");
  EXPECT_EQ(t.scans, 2);  // digests, then the rows of the differing slice: no re-hashing
  ASSERT_EQ(t.differences[0].columns.size(), 1u);
  EXPECT_EQ(t.differences[0].columns[0].column, "name");
  EXPECT_EQ(t.differences[0].columns[0].source_value, "'y'");
  EXPECT_EQ(t.differences[0].columns[0].target_value, "'x'");
}

TEST_F(VerifyRunnerTest, HashLevelFindsTheChunkButListsNoRows) {
  Fill(300);
  target_.AddRow("items", {Value::Int64(1000), Value::Text("x"), Value::Double(1)});
  source_.AddRow("items", {Value::Int64(1000), Value::Text("y"), Value::Double(1)});
  VerifyReport report = Verify(Level(VerifyLevel::kHash));
  EXPECT_TRUE(report.Differs());
  EXPECT_EQ(report.tables[0].chunks_differing, 1);
  EXPECT_EQ(report.tables[0].source_rows, report.tables[0].target_rows);
  EXPECT_TRUE(report.tables[0].differences.empty());
}

TEST_F(VerifyRunnerTest, MissingAndExtraRows) {
  target_skips_ = 42;
  Fill(200);
  target_.AddRow("items", {Value::Int64(999), Value::Text("new"), Value::Null()});
  VerifyReport report = Verify(Level(VerifyLevel::kRow));
  const TableResult& t = report.tables[0];
  ASSERT_EQ(t.differences_total, 2);
  std::map<std::string, DiffKind> found;
  for (const RowDifference& d : t.differences) found[d.key] = d.kind;
  EXPECT_EQ(found["id=42"], DiffKind::kMissing);
  EXPECT_EQ(found["id=999"], DiffKind::kExtra);
}

TEST_F(VerifyRunnerTest, BisectionFindsFewDifferencesInManyRows) {
  Fill(20000);
  for (int id : {7, 7777, 19999}) {
    target_.AddRow("items", {Value::Int64(100000 + id), Value::Text("t"), Value::Double(id)});
    source_.AddRow("items", {Value::Int64(100000 + id), Value::Text("s"), Value::Double(id)});
  }
  VerifyOptions options = Level(VerifyLevel::kRow);
  options.chunk_rows = 5000;  // 4 chunks of ~5,000 rows,
  options.slice_bits = 10;    // scanned as 1,024 slices of ~20 rows:
  options.row_budget = 10;    // more than the budget, so they must be split and hashed again
  VerifyReport report = Verify(options);
  const TableResult& t = report.tables[0];
  EXPECT_EQ(t.chunks, 4);
  EXPECT_GE(t.chunks_differing, 1);  // the three keys may share a chunk
  EXPECT_EQ(t.scans, 3);             // digests, one bisection step, the rows
  ASSERT_EQ(t.differences_total, 3);
  for (const RowDifference& d : t.differences) {
    EXPECT_EQ(d.kind, DiffKind::kChanged);
    EXPECT_EQ(d.columns.size(), 1u);
  }
}

TEST_F(VerifyRunnerTest, MaxDiffsCapsTheListButCountsEverything) {
  Fill(100);
  for (int i = 0; i < 10; ++i)
    source_.AddRow("items", {Value::Int64(500 + i), Value::Null(), Value::Null()});
  VerifyOptions options = Level(VerifyLevel::kRow);
  options.max_diffs = 3;
  VerifyReport report = Verify(options);
  EXPECT_EQ(report.tables[0].differences.size(), 3u);
  EXPECT_EQ(report.tables[0].differences_total, 10);
}

TEST_F(VerifyRunnerTest, FloatToleranceComparesValues) {
  Fill(10);
  source_.AddRow("items", {Value::Int64(100), Value::Text("a"), Value::Double(1.0)});
  target_.AddRow("items", {Value::Int64(100), Value::Text("a"), Value::Double(1.0 + 1e-12)});
  EXPECT_TRUE(Verify(Level(VerifyLevel::kHash)).Differs());
  VerifyOptions tolerant = Level(VerifyLevel::kHash);
  tolerant.float_tolerance = 1e-9;
  EXPECT_FALSE(Verify(tolerant).Differs());
}

TEST_F(VerifyRunnerTest, FloatOutsideToleranceIsFoundEvenAtHashLevel) {
  Fill(10);
  source_.AddRow("items", {Value::Int64(100), Value::Text("a"), Value::Double(1.0)});
  target_.AddRow("items", {Value::Int64(100), Value::Text("a"), Value::Double(1.1)});
  VerifyOptions tolerant = Level(VerifyLevel::kHash);
  tolerant.float_tolerance = 1e-9;
  VerifyReport report = Verify(tolerant);
  ASSERT_EQ(report.tables[0].differences_total, 1);
  EXPECT_EQ(report.tables[0].differences[0].columns[0].column, "price");
}

TEST_F(VerifyRunnerTest, TablesWithoutKeyCompareRowsAsMultisets) {
  TableSchema log;
  log.name = "log";
  log.columns = {Col("line", LogicalType::kText)};
  source_.AddTable(log);
  target_.AddTable(log);
  for (int i = 0; i < 3; ++i) source_.AddRow("log", {Value::Text("same")});
  for (int i = 0; i < 2; ++i) target_.AddRow("log", {Value::Text("same")});
  VerifyReport report = Verify(Level(VerifyLevel::kRow));
  ASSERT_EQ(report.tables[0].differences_total, 1);
  EXPECT_EQ(report.tables[0].differences[0].kind, DiffKind::kMissing);
  EXPECT_EQ(report.tables[0].differences[0].key, "line='same'");
}

TEST_F(VerifyRunnerTest, RowsTheMappingRejectsMakeTheTableDiffer) {
  target_skips_ = 3;
  Fill(5);
  reject_if_ = [](const Value* row, Rejection* rejection) {
    if (row[0].int64_value() != 3) return false;
    rejection->reason = "column \"name\": bad";
    return true;
  };
  VerifyReport report = Verify(Level(VerifyLevel::kRow));
  const TableResult& t = report.tables[0];
  EXPECT_EQ(t.rejected.rows, 1);
  EXPECT_EQ(t.rejected.first_reason, "column \"name\": bad");
  EXPECT_EQ(t.differences_total, 0);
  EXPECT_TRUE(report.Differs());
}

TEST_F(VerifyRunnerTest, TableMissingInTheTargetIsASchemaDifference) {
  source_.AddTable(Items());
  source_.AddRow("items", {Value::Int64(1), Value::Null(), Value::Null()});
  VerifyReport report = Verify(Level(VerifyLevel::kHash));
  ASSERT_EQ(report.tables[0].schema_differences.size(), 1u);
  EXPECT_NE(report.tables[0].schema_differences[0].find("missing in the target"),
            std::string::npos);
  EXPECT_TRUE(report.Differs());
}

TEST_F(VerifyRunnerTest, IncompatibleColumnTypeIsASchemaDifference) {
  source_.AddTable(Items());
  TableSchema changed = Items();
  changed.columns[2].type = LogicalType::kNumeric;
  changed.columns[2].native_type = "numeric(10,2)";
  target_.AddTable(changed);
  VerifyReport report = Verify(Level(VerifyLevel::kHash));
  ASSERT_EQ(report.tables[0].schema_differences.size(), 1u);
  EXPECT_EQ(report.tables[0].schema_differences[0],
            "column \"price\" is float64 in the plan but numeric(10,2) in the target");
}

TEST_F(VerifyRunnerTest, IntegerWidthsAreCompatible) {
  source_.AddTable(Items());
  TableSchema narrower = Items();
  narrower.columns[0].type = LogicalType::kInt32;
  target_.AddTable(narrower);
  EXPECT_FALSE(Verify(Level(VerifyLevel::kHash)).Differs());
}

TEST_F(VerifyRunnerTest, SeveralTablesWithSeveralJobs) {
  Fill(50);
  TableSchema other = Items();
  other.name = "other";
  source_.AddTable(other);
  target_.AddTable(other);
  source_.AddRow("other", {Value::Int64(1), Value::Null(), Value::Null()});
  VerifyOptions options = Level(VerifyLevel::kRow);
  options.jobs = 2;
  VerifyReport report = Verify(options);
  ASSERT_EQ(report.tables.size(), 2u);
  EXPECT_FALSE(report.tables[0].Differs());
  EXPECT_EQ(report.tables[1].differences_total, 1);
}

}  // namespace
}  // namespace ferry
