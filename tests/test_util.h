// Helpers for integration tests: run the ferry binary, reach the ephemeral
// PostgreSQL cluster that scripts/test started, find ../shared datasets.
#ifndef FERRY_TESTS_TEST_UTIL_H_
#define FERRY_TESTS_TEST_UTIL_H_

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"

namespace ferry::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the built ferry binary with `args` (no shell), with extra environment
// variables, in `cwd` when given. Waits for it and captures both streams.
CommandResult RunFerry(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {},
                       const std::optional<std::filesystem::path>& cwd = std::nullopt);

// A ferry process started in the background (no shell), its standard output
// and error going to files in `dir`. Crash tests kill it with SIGKILL at a
// moment of their choosing. The destructor kills and reaps it if still running.
class BackgroundFerry {
 public:
  BackgroundFerry(const std::vector<std::string>& args, const std::filesystem::path& dir);
  ~BackgroundFerry();
  int pid() const { return pid_; }
  // True while the process has not exited (reaps it when it has).
  bool Running();
  void Kill(int signal);
  // Waits for the exit; the exit code, or 128 + signal when a signal ended it.
  int Wait();
  std::string Out() const;
  std::string Err() const;

 private:
  // Records how the process ended (waitpid's `status`) and what it left.
  void Reaped(int status);

  int pid_ = -1;
  int exit_code_ = -1;
  std::filesystem::path out_, err_;
};

// Runs `ferry args` (adding --jobs, alternately jobs_a and jobs_b) and kills
// it with SIGKILL in each of the first `kill_rounds` rounds, at a random
// moment (up to max_delay_ms) once at least one more chunk is done (done_chunks()
// counts them), so
// every round makes progress; then lets it finish and expects exit 0.
// Returns how many times it was killed. Fails the test after 200 rounds.
int KillUntilDone(const std::vector<std::string>& args, const std::filesystem::path& logs,
                  std::mt19937& random, int jobs_a, int jobs_b,
                  const std::function<int()>& done_chunks, int kill_rounds = 14,
                  int max_delay_ms = 250);

// The URL of the cluster started by scripts/test (FERRY_TEST_PG_URL), or "" when
// none: tests then GTEST_SKIP with a message saying to run scripts/test.
std::string PgServerUrl();

// A fresh database on the test cluster, dropped when this object dies.
// Each test uses its own, so tests can run in parallel.
class ScratchPgDatabase {
 public:
  // Creates database "ferry_test_<suffix>_<pid>_<counter>". Check ok() before use.
  explicit ScratchPgDatabase(const std::string& suffix = "db");
  ~ScratchPgDatabase();
  bool ok() const { return !url_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  // A new connection to this database; fails the test on error.
  PgConnection Connect() const;
  // First column of the first row of `sql`, or "<null>"; fails the test on error.
  std::string QueryValue(const std::string& sql) const;
  // All rows of `sql`, columns joined by '|', rows by '\n'.
  std::string QueryRows(const std::string& sql) const;

 private:
  std::string name_;
  std::string url_;
  std::string error_;
};

// A query answering "t" once a backend on `db` whose application_name is
// LIKE `application` waits for a lock on `table`.
std::string PgWaitsForLockSql(const std::string& table, const std::string& application);

// Kills `ferry` with SIGKILL (expecting it to die of it), then ends its
// backends on `db` too, so that none goes on with a statement once the
// locks it waits for are released.
void KillFerryAndItsBackends(BackgroundFerry& ferry, const ScratchPgDatabase& db);

// The URL of `database` on the test cluster.
std::string PgUrlForDatabase(const std::string& database);

// ../shared/datasets (or $FERRY_SHARED_DIR/datasets), or nullopt when absent.
std::optional<std::filesystem::path> SharedDatasetsDir();

// A temporary directory removed when this object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Reads / writes a whole file (binary).
// Runs `sql` (several statements) on a new SQLite file at `path`.
void MakeSqlite(const std::filesystem::path& path, const std::string& sql);

// Runs a pg_dump plain-text file on `conn`: statements as they are, COPY
// blocks through COPY FROM STDIN. "OWNER TO postgres" lines are left out (the
// test user may have another name).
Status LoadDump(PgConnection& conn, const std::filesystem::path& path);

// Writes a SQLite database at `path` with one table, kinds, of `rows` rows
// holding every kind of value the SQLite mapping reads (and NULLs).
void MakeKindsDatabase(const std::filesystem::path& path, int rows);

std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& content);

}  // namespace ferry::testing

#define FERRY_REQUIRE_PG()                                                                       \
  do {                                                                                           \
    if (::ferry::testing::PgServerUrl().empty())                                                 \
      GTEST_SKIP() << "FERRY_TEST_PG_URL is not set: run scripts/test, which starts PostgreSQL"; \
  } while (0)

#endif  // FERRY_TESTS_TEST_UTIL_H_
