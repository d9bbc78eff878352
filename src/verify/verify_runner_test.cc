// The verify runner on in-memory sides: what it finds, and that it finds nothing
// when there is nothing to find.
#include "verify/verify_runner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "digest/row_hasher.h"
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
    run.stored = stored_;
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
  StoredDigests* stored_ = nullptr;
};

// Digests as a copy run would have stored them: one chunk of the whole
// table, hashed from `rows` of `source` (or a reason to refuse).
class FakeStoredDigests : public StoredDigests {
 public:
  FakeStoredDigests(MemorySource& source, std::string refuse = "")
      : source_(source), refuse_(std::move(refuse)) {}
  Status CheckTargetUnchanged(const TablePlan& table) override {
    return refuse_.empty() ? Status::OK() : Status::FailedPrecondition(refuse_);
  }
  Result<StoredTable> ForTable(const TablePlan& table) override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader,
                           source_.OpenReader(table.target, Chunk{}));
    RowHasher hasher(table.target);
    StoredChunk chunk;
    Batch batch(static_cast<int>(table.target.columns.size()));
    while (reader->Next(&batch, 100)) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        FERRY_ASSIGN_OR_RETURN(Hash128 hash, hasher.HashRow(batch.Row(r)));
        chunk.digest.Add(hash);
      }
    }
    return StoredTable{"run1", {chunk}};
  }

 private:
  MemorySource& source_;
  std::string refuse_;
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

// Given digests stored for the target and a target that cannot even be read,
// we expect the table equal from the digests alone, at hash and row level.
TEST_F(VerifyRunnerTest, StoredDigestsStandForTheTargetSide) {
  Fill(500);
  target_.FailReadsAfter("items", 0, Status::Connection("the target was read"));
  FakeStoredDigests stored(source_);
  stored_ = &stored;
  for (VerifyLevel level : {VerifyLevel::kHash, VerifyLevel::kRow}) {
    TableResult t = Verify(Level(level)).tables[0];
    EXPECT_FALSE(t.Differs());
    EXPECT_EQ(t.target_from_run, "run1");
    EXPECT_EQ(t.source_rows, 500);
    EXPECT_EQ(t.target_rows, 500);
    EXPECT_EQ(t.scans, 1);
  }
}

// Given digests of other rows (the source changed since the copy), we expect
// both sides read and the exact difference.
TEST_F(VerifyRunnerTest, AChunkThatDiffersFromItsStoredDigestReadsBothSides) {
  target_skips_ = 42;
  Fill(500);
  FakeStoredDigests stored(target_);  // what the copy wrote: without row 42
  stored_ = &stored;
  TableResult t = Verify(Level(VerifyLevel::kRow)).tables[0];
  EXPECT_EQ(t.target_from_run, "");
  EXPECT_EQ(t.target_read_because,
            "chunk 0 of copy run run1 differs from the source (500 source row(s), 499 copied)");
  ASSERT_EQ(t.differences.size(), 1u);
  EXPECT_EQ(t.differences[0].kind, DiffKind::kMissing);
  EXPECT_EQ(t.differences[0].key, "id=42");
}

TEST_F(VerifyRunnerTest, RefusedDigestsReadTheTargetAndSayWhy) {
  Fill(10);
  FakeStoredDigests stored(source_, "the table changed since copy run run1: 1 row(s) written");
  stored_ = &stored;
  TableResult t = Verify(Level(VerifyLevel::kHash)).tables[0];
  EXPECT_FALSE(t.Differs());
  EXPECT_EQ(t.target_from_run, "");
  EXPECT_EQ(t.target_read_because, "the table changed since copy run run1: 1 row(s) written");
}

// A hash cannot say "nearly equal", and copy hashed floats exactly.
TEST_F(VerifyRunnerTest, FloatToleranceReadsTheTarget) {
  Fill(10);
  FakeStoredDigests stored(source_);
  stored_ = &stored;
  VerifyOptions options = Level(VerifyLevel::kHash);
  options.float_tolerance = 1e-9;
  TableResult t = Verify(options).tables[0];
  EXPECT_EQ(t.target_from_run, "");
  EXPECT_EQ(t.target_read_because, "--float-tolerance compares float columns by value");
}

}  // namespace
}  // namespace ferry
