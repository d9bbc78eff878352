// A deployer killed in the middle of a migration (kill -9): a transactional
// migration leaves no trace, a `-- no-transaction` one stays recorded as not
// finished, and the lock is free for the next deployer.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

// The pid of the ferry process whose command line mentions `marker`, or 0.
pid_t FindFerry(const std::string& marker) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.rfind(FERRY_BINARY, 0) == 0 && cmdline.find(marker) != std::string::npos) {
      return std::stoi(name);
    }
  }
  return 0;
}

// Waits (polling, up to a minute) until `sql` on `db` answers "t".
bool WaitFor(const ScratchPgDatabase& db, const std::string& sql) {
  for (int i = 0; i < 600; ++i) {
    if (db.QueryValue(sql) == "t") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Starts `ferry migrate run`, waits until its migration sleeps, kills it.
void RunAndKill(const ScratchPgDatabase& db, const fs::path& dir) {
  CommandResult killed;
  std::thread deployer([&] { killed = Migrate({"run"}, db.url(), dir); });
  bool sleeping =
      WaitFor(db, "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = '" + db.name() +
                      "' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(60)%'");
  pid_t pid = FindFerry(db.name());
  if (sleeping && pid > 0) kill(pid, SIGKILL);
  deployer.join();
  ASSERT_TRUE(sleeping);
  ASSERT_GT(pid, 0);
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
  // The server ends the orphaned backend, which frees the lock.
  ASSERT_TRUE(WaitFor(db,
                      "SELECT count(*) = 0 FROM pg_locks l JOIN pg_database d "
                      "ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '" +
                          db.name() + "'"));
}

TEST(MigrateCrashTest, KilledTransactionalMigrationLeavesNoTrace) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mcrash");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "1_items.sql", "CREATE TABLE items (id INT);\n");
  WriteFile(dir.path() / "2_slow.sql", "CREATE TABLE slow (id INT);\nSELECT pg_sleep(60);\n");
  RunAndKill(db, dir.path());
  EXPECT_EQ(db.QueryRows("SELECT version, success FROM _sqlx_migrations"), "1|t");
  EXPECT_EQ(db.QueryValue("SELECT to_regclass('slow') IS NULL"), "t");
  WriteFile(dir.path() / "2_slow.sql", "CREATE TABLE slow (id INT);\n");
  CommandResult again = Migrate({"run"}, db.url(), dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(db.QueryRows("SELECT version, success FROM _sqlx_migrations ORDER BY 1"), "1|t\n2|t");
}

TEST(MigrateCrashTest, KilledNoTransactionMigrationStaysRecordedAsUnfinished) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mcrash");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "1_slow.sql", "-- no-transaction\nSELECT pg_sleep(60);\n");
  RunAndKill(db, dir.path());
  EXPECT_EQ(db.QueryRows("SELECT version, success, execution_time FROM _sqlx_migrations"),
            "1|f|-1");
  CommandResult again = Migrate({"run"}, db.url(), dir.path());
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("or one died while applying it"), std::string::npos) << again.err;
}

}  // namespace
}  // namespace ferry::testing
