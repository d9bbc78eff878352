#include "pipeline/copy_runner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>

#include "testing/identity_transform.h"
#include "testing/memory_source.h"
#include "testing/memory_target.h"

namespace ferry {
namespace {

using testing::FailingTarget;
using testing::IdentityTransform;
using testing::MemorySource;
using testing::MemoryTarget;

TableSchema Table(std::string name) {
  TableSchema t;
  t.name = std::move(name);
  auto add = [&t](std::string column_name, LogicalType type, bool nullable) {
    Column column;
    column.name = std::move(column_name);
    column.type = type;
    column.nullable = nullable;
    t.columns.push_back(std::move(column));
  };
  add("id", LogicalType::kInt64, false);
  add("name", LogicalType::kText, true);
  t.primary_key = {"id"};
  return t;
}

// Two tables: users with `users` rows, posts with 10.
MemorySource TwoTables(int users) {
  MemorySource source;
  source.AddTable(Table("users"));
  source.AddTable(Table("posts"));
  for (int i = 1; i <= users; ++i) source.AddRow("users", {Value::Int64(i), Value::Text("u")});
  for (int i = 1; i <= 10; ++i) source.AddRow("posts", {Value::Int64(i), Value::Null()});
  return source;
}

struct Fixture {
  std::filesystem::path rejects =
      std::filesystem::temp_directory_path() / ("ferry-rejects-" + std::to_string(getpid()));
  IdentityTransform::RejectIf reject_if;

  ~Fixture() { std::filesystem::remove_all(rejects); }

  RunObserver* observer = nullptr;

  Status Copy(Source& source, Target& target, CopyOptions options, RunStats* stats) {
    CopyRun run;
    run.source = &source;
    run.target = &target;
    run.make_plan = [](const DatabaseSchema& s) -> Result<Plan> {
      return testing::IdentityPlan(s);
    };
    run.make_transform = [this](const TablePlan& t) -> Result<std::unique_ptr<RowTransform>> {
      return std::unique_ptr<RowTransform>(
          new IdentityTransform(static_cast<int>(t.target.columns.size()), reject_if));
    };
    options.rejects_dir = rejects;
    options.batch_rows = 100;
    run.options = options;
    run.observer = observer;
    return RunCopy(run, {}, stats);
  }
};

TEST(CopyRunnerTest, CopiesEveryRowOfEveryTable) {
  MemorySource source = TwoTables(1000);
  MemoryTarget target;
  Fixture f;
  RunStats stats;
  CopyOptions options;
  options.jobs = 2;
  ASSERT_TRUE(f.Copy(source, target, options, &stats).ok());
  EXPECT_EQ(target.Rows("users").size(), 1000u);
  EXPECT_EQ(target.Rows("users")[999], "1000|'u'");
  EXPECT_EQ(target.Rows("posts")[0], "1|null");
  EXPECT_EQ(stats.tables[0]->rows_written, 1000);
  EXPECT_EQ(target.finish_calls(), 1);
}

// Records the observer calls of a run, in order.
class CallLog : public RunObserver {
 public:
  void CopyStarted(const RunStats& stats) override { Add("copy started"); }
  void TableStarted(const TableStats& table) override { Add("started " + table.target_name); }
  void TableFinished(const TableStats& table) override { Add("finished " + table.target_name); }
  void CopyEnded() override { Add("copy ended"); }
  Status RunFinished(const RunOutcome& outcome) override {
    Add(outcome.status.ok() ? "run ok" : "run failed");
    return Status::OK();
  }
  std::vector<std::string> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  void Add(std::string call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
  }
  std::mutex mutex_;
  std::vector<std::string> calls_;
};

TEST(CopyRunnerTest, TheObserverHearsEveryTableBetweenCopyStartAndEnd) {
  MemorySource source = TwoTables(100);
  MemoryTarget target;
  Fixture f;
  CallLog log;
  f.observer = &log;
  RunStats stats;
  ASSERT_TRUE(f.Copy(source, target, CopyOptions{}, &stats).ok());
  // jobs 1, fresh tables: the biggest first.
  EXPECT_EQ(log.calls(),
            (std::vector<std::string>{"copy started", "started users", "finished users",
                                      "started posts", "finished posts", "copy ended", "run ok"}));
}

TEST(CopyRunnerTest, AFailureBeforeAnyDataStillReachesTheObserver) {
  MemorySource source = TwoTables(5);
  MemoryTarget target;
  target.AddExistingTable("posts");
  Fixture f;
  CallLog log;
  f.observer = &log;
  RunStats stats;
  EXPECT_EQ(f.Copy(source, target, CopyOptions{}, &stats).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(log.calls(), (std::vector<std::string>{"run failed"}));
}

TEST(CopyRunnerTest, AFailedWriteStopsTheCopyAndCommitsNothing) {
  // Given a target whose third write fails, we expect the error, no table
  // left behind (both were created by this run) and no finishing step.
  MemorySource source = TwoTables(1000);
  FailingTarget target(3, Status::Connection("server went away"));
  Fixture f;
  RunStats stats;
  Status s = f.Copy(source, target, CopyOptions{}, &stats);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kConnection);
  EXPECT_NE(s.message().find("server went away"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("table users"), std::string::npos) << s.message();
  EXPECT_FALSE(target.Exists("users"));
  EXPECT_FALSE(target.Exists("posts"));
  EXPECT_EQ(target.finish_calls(), 0);
}

TEST(CopyRunnerTest, CreateRefusesExistingTablesBeforeAnyData) {
  MemorySource source = TwoTables(5);
  MemoryTarget target;
  target.AddExistingTable("posts");
  Fixture f;
  RunStats stats;
  Status s = f.Copy(source, target, CopyOptions{}, &stats);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(target.Rows("users").empty());
}

TEST(CopyRunnerTest, StopOnErrorNamesTableKeyColumnAndReason) {
  MemorySource source = TwoTables(1000);
  MemoryTarget target;
  Fixture f;
  f.reject_if = [](const Value* row, Rejection* r) {
    if (row[0].int64_value() != 500) return false;
    *r = {1, "'u' is not a date"};
    return true;
  };
  RunStats stats;
  Status s = f.Copy(source, target, CopyOptions{}, &stats);
  ASSERT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("table users, key id=500, column name: 'u' is not a date"),
            std::string::npos)
      << s.message();
  EXPECT_FALSE(target.Exists("users"));
}

TEST(CopyRunnerTest, SkipWritesEachRejectedRowAndCopiesTheRest) {
  MemorySource source = TwoTables(3000);
  MemoryTarget target;
  Fixture f;
  f.reject_if = [](const Value* row, Rejection* r) {
    if (row[0].int64_value() % 3 != 0) return false;
    *r = {0, "multiple of three"};
    return true;
  };
  RunStats stats;
  CopyOptions options;
  options.on_error = OnError::kSkip;
  ASSERT_TRUE(f.Copy(source, target, options, &stats).ok());
  EXPECT_EQ(target.Rows("users").size(), 2000u);
  EXPECT_EQ(stats.tables[0]->rows_rejected, 1000);
  std::ifstream in(f.rejects / "users.ndjson");
  std::string line, first;
  int lines = 0;
  while (std::getline(in, line)) {
    if (lines++ == 0) first = line;
  }
  EXPECT_EQ(lines, 1000);
  EXPECT_EQ(first,
            "{\"table\":\"users\",\"key\":\"id=3\",\"column\":\"id\",\"reason\":\"multiple of "
            "three\",\"row\":{\"id\":3,\"name\":\"u\"}}");
}

TEST(CopyRunnerTest, AReadErrorFailsTheTableAndCommitsNothing) {
  MemorySource source = TwoTables(1000);
  source.FailReadsAfter("users", 250, Status::Corruption("database disk image is malformed"));
  MemoryTarget target;
  Fixture f;
  RunStats stats;
  Status s = f.Copy(source, target, CopyOptions{}, &stats);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("reading table users"), std::string::npos) << s.message();
  EXPECT_FALSE(target.Exists("users"));
}

}  // namespace
}  // namespace ferry
