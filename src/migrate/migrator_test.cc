// The migrator's rules, against an in-memory database that records what it is asked.
#include "migrate/migrator.h"

#include <gtest/gtest.h>

#include <map>

namespace ferry::migrate {
namespace {

// Scripts containing "FAIL" fail; every call is logged in order.
class MemoryMigrationDatabase : public MigrationDatabase {
 public:
  std::string Describe() const override { return "memory"; }
  Status EnsureHistoryTable() override { return Log("ensure"); }
  Result<std::vector<AppliedMigration>> ListApplied() override {
    log.push_back("list");
    std::vector<AppliedMigration> out;
    for (auto& [version, row] : rows) out.push_back(row);
    return out;
  }
  Status Begin() override {
    snapshot_ = rows;
    return Log("begin");
  }
  Status Commit() override { return Log("commit"); }
  void Rollback() override {
    rows = snapshot_;
    log.push_back("rollback");
  }
  Status ExecuteScript(const MigrationScript& script, bool in_transaction) override {
    log.push_back(std::string(in_transaction ? "exec " : "exec-no-tx ") + script.sql);
    if (script.sql.find("FAIL") != std::string::npos) return Status::DataError("boom");
    return Status::OK();
  }
  Status InsertApplied(const AppliedMigration& row) override {
    rows[row.version] = row;
    return Log("insert " + std::to_string(row.version) + (row.success ? " ok" : " failed"));
  }
  Status SetOutcome(int64_t version, bool success, int64_t execution_time_ns) override {
    rows[version].success = success;
    rows[version].execution_time_ns = execution_time_ns;
    return Log("outcome " + std::to_string(version) + (success ? " ok" : " failed"));
  }
  Status SetChecksum(int64_t version, std::string_view checksum) override {
    rows[version].checksum = checksum;
    return Log("checksum " + std::to_string(version));
  }
  Status DeleteApplied(int64_t version) override {
    rows.erase(version);
    return Log("delete " + std::to_string(version));
  }

  std::map<int64_t, AppliedMigration> rows;
  std::vector<std::string> log;

 private:
  Status Log(std::string entry) {
    log.push_back(std::move(entry));
    return Status::OK();
  }
  std::map<int64_t, AppliedMigration> snapshot_;
};

class RecordingLock : public MigrationLock {
 public:
  explicit RecordingLock(std::vector<std::string>& log) : log_(log) {}
  Status Acquire() override {
    log_.push_back("lock");
    held_ = true;
    return Status::OK();
  }
  Status Release() override {
    if (held_) log_.push_back("unlock");
    held_ = false;
    return Status::OK();
  }

 private:
  std::vector<std::string>& log_;
  bool held_ = false;
};

Migration Make(int64_t version, std::string up, std::optional<std::string> down = std::nullopt) {
  Migration m;
  m.version = version;
  m.description = "m" + std::to_string(version);
  m.up.sql = std::move(up);
  m.up.no_transaction = m.up.sql.starts_with(kNoTransactionMarker);
  m.up.path = m.description + ".sql";
  if (down) m.down = MigrationScript{"down.sql", *down, false};
  m.checksum = MigrationChecksum(m.up.sql);
  return m;
}

RunOptions DryRun() {
  RunOptions o;
  o.dry_run = true;
  return o;
}
RunOptions UpTo(int64_t version) {
  RunOptions o;
  o.target_version = version;
  return o;
}
RevertOptions RevertTo(int64_t version) {
  RevertOptions o;
  o.target_version = version;
  return o;
}

class MigratorTest : public ::testing::Test {
 protected:
  Migrator MakeMigrator() {
    return Migrator(migrations_, db_, lock_, {}, [this](const Step& s) {
      steps_.push_back(std::to_string(s.migration->version));
    });
  }
  std::vector<Migration> migrations_;
  MemoryMigrationDatabase db_;
  RecordingLock lock_{db_.log};
  std::vector<std::string> steps_;
};

TEST_F(MigratorTest, RunLocksReadsThenAppliesEachInItsTransaction) {
  migrations_ = {Make(1, "a;"), Make(2, "b;")};
  Result<int> n = MakeMigrator().Run({});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(db_.log, (std::vector<std::string>{"lock", "ensure", "list", "begin", "exec a;",
                                               "insert 1 ok", "commit", "begin", "exec b;",
                                               "insert 2 ok", "commit", "unlock"}));
  EXPECT_EQ(db_.rows[2].checksum, MigrationChecksum("b;"));
  EXPECT_EQ(steps_, (std::vector<std::string>{"1", "2"}));
}

TEST_F(MigratorTest, FailingMigrationRollsBackAndStops) {
  migrations_ = {Make(1, "a;"), Make(2, "FAIL;"), Make(3, "c;")};
  Result<int> n = MakeMigrator().Run({});
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("migration 2 (m2) failed and was rolled back"),
            std::string::npos);
  EXPECT_EQ(db_.rows.size(), 1u);
  EXPECT_EQ(db_.log.back(), "unlock");
}

TEST_F(MigratorTest, NoTransactionMigrationIsRecordedFirstThenMarked) {
  migrations_ = {Make(1, "-- no-transaction\nFAIL;")};
  Result<int> n = MakeMigrator().Run({});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(db_.log, (std::vector<std::string>{"lock", "ensure", "list", "insert 1 failed",
                                               "exec-no-tx -- no-transaction\nFAIL;",
                                               "outcome 1 failed", "unlock"}));
  Result<int> again = MakeMigrator().Run({});
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("recorded as failed"), std::string::npos);
}

TEST_F(MigratorTest, DryRunTakesNoLockAndWritesNothing) {
  migrations_ = {Make(1, "a;")};
  Result<int> n = MakeMigrator().Run(DryRun());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(db_.log, std::vector<std::string>{"list"});
}

TEST_F(MigratorTest, TargetVersionStopsThere) {
  migrations_ = {Make(1, "a;"), Make(2, "b;"), Make(3, "c;")};
  ASSERT_TRUE(MakeMigrator().Run(UpTo(2)).ok());
  EXPECT_EQ(db_.rows.size(), 2u);
}

TEST_F(MigratorTest, RevertUndoesNewestOrDownToTarget) {
  migrations_ = {Make(1, "a;", "undo a;"), Make(2, "b;", "undo b;"), Make(3, "c;", "undo c;")};
  ASSERT_TRUE(MakeMigrator().Run({}).ok());
  ASSERT_TRUE(MakeMigrator().Revert({}).ok());
  EXPECT_EQ(db_.rows.size(), 2u);
  ASSERT_TRUE(MakeMigrator().Revert(RevertTo(0)).ok());
  EXPECT_TRUE(db_.rows.empty());
}

TEST_F(MigratorTest, RepairUpdatesChecksumsAndDropsFailedRows) {
  migrations_ = {Make(1, "a;"), Make(2, "b;")};
  db_.rows[1] = {1, "m1", "", true, "old", 5};
  db_.rows[2] = {2, "m2", "", false, MigrationChecksum("b;"), -1};
  Result<std::vector<RepairChange>> changes = MakeMigrator().Repair();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ(db_.rows[1].checksum, MigrationChecksum("a;"));
  EXPECT_FALSE(db_.rows.contains(2));
}

TEST_F(MigratorTest, BaselineRecordsWithoutRunningAndOnlyOnce) {
  migrations_ = {Make(1, "a;"), Make(2, "b;"), Make(3, "c;")};
  Result<int> n = MakeMigrator().Baseline(2);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 2);
  for (const std::string& entry : db_.log) EXPECT_FALSE(entry.starts_with("exec")) << entry;
  EXPECT_FALSE(MakeMigrator().Baseline(3).ok());
}

TEST_F(MigratorTest, RevertToZeroOnAnEmptyHistoryAgreesWithPlainRevert) {
  migrations_ = {Make(1, "a;", "undo a;"), Make(2, "b;", "undo b;")};
  Result<int> plain = MakeMigrator().Revert({});
  Result<int> all = MakeMigrator().Revert(RevertTo(0));
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(*plain, 0);
  EXPECT_EQ(*all, 0);
  Result<int> dry = MakeMigrator().Revert({.target_version = 0, .dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.status().message();
  // A target above the newest applied version is still refused: it points forward.
  EXPECT_FALSE(MakeMigrator().Revert(RevertTo(2)).ok());
}

Migration UpOnly(int64_t version, std::string up) {
  Migration m = Make(version, std::move(up));
  m.layout = MigrationLayout::kReversible;
  m.up.path = "migrations/" + std::to_string(version) + "_m.up.sql";
  return m;
}

TEST_F(MigratorTest, UpOnlyVersionsRunButRevertRefusesJustThem) {
  migrations_ = {Make(1, "a;", "undo a;"), UpOnly(2, "b;"), Make(3, "c;", "undo c;")};
  ASSERT_TRUE(MakeMigrator().Run({}).ok());
  EXPECT_EQ(db_.rows.size(), 3u);
  ASSERT_TRUE(MakeMigrator().Revert({}).ok());  // 3 has its down script
  Result<int> two = MakeMigrator().Revert({});
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("cannot revert migration 2 (m2): migrations/2_m.down.sql "
                                        "is missing (only 2_m.up.sql exists)"),
            std::string::npos)
      << two.status().message();
  EXPECT_EQ(db_.rows.size(), 2u);
  // Reverting everything stops before doing anything, and says how to revert the newer ones.
  ASSERT_TRUE(MakeMigrator().Run({}).ok());
  Result<int> all = MakeMigrator().Revert(RevertTo(0));
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.status().message().find("--target-version 2"), std::string::npos)
      << all.status().message();
  EXPECT_EQ(db_.rows.size(), 3u);
}

TEST_F(MigratorTest, BadUtf8IsReportedOnItsLineBeforeAnythingRuns) {
  migrations_ = {Make(1, "a;"), Make(2, "create table t (\n  name text default 'caf\xE9'\n);\n")};
  Result<int> n = MakeMigrator().Run({});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kDataError);
  EXPECT_NE(n.status().message().find("m2.sql, line 2, byte column 25: byte 0xe9, which is not "
                                      "valid UTF-8"),
            std::string::npos)
      << n.status().message();
  EXPECT_TRUE(db_.rows.empty());
  std::string with_nul = "select 1;\n";
  with_nul += '\0';
  with_nul += "drop table t;";
  migrations_[1] = Make(2, with_nul);
  Result<int> nul = MakeMigrator().Run({});
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.status().message().find("line 2, byte column 1: a NUL byte"), std::string::npos)
      << nul.status().message();
}

}  // namespace
}  // namespace ferry::migrate
