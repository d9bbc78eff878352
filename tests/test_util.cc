#include "test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "connectors/sqlite/sqlite_database.h"

extern char** environ;

namespace ferry::testing {
namespace {

// Reads both pipes until both close, without deadlocking on a full pipe.
void DrainPipes(int out_fd, int err_fd, std::string& out, std::string& err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open = 2;
  char buffer[65536];
  while (open > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, n);
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

}  // namespace

CommandResult RunFerry(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env,
                       const std::optional<std::filesystem::path>& cwd) {
  std::vector<std::string> argv_storage = {FERRY_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> env_storage;
  for (const auto& [k, v] : merged) env_storage.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  EXPECT_EQ(pipe2(out_pipe, O_CLOEXEC), 0);
  EXPECT_EQ(pipe2(err_pipe, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (cwd) posix_spawn_file_actions_addchdir_np(&actions, cwd->c_str());
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  CommandResult result;
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    ADD_FAILURE() << "cannot start " << argv[0] << ": " << strerror(rc);
    return result;
  }
  DrainPipes(out_pipe[0], err_pipe[0], result.out, result.err);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

BackgroundFerry::BackgroundFerry(const std::vector<std::string>& args,
                                 const std::filesystem::path& dir) {
  static std::atomic<int> counter{0};
  std::string name = "ferry-" + std::to_string(counter++);
  out_ = dir / (name + ".out");
  err_ = dir / (name + ".err");
  std::vector<std::string> argv_storage = {FERRY_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << argv[0] << ": " << strerror(rc);
    return;
  }
  pid_ = pid;
}

BackgroundFerry::~BackgroundFerry() {
  if (Running()) Kill(SIGKILL);
  Wait();
}

bool BackgroundFerry::Running() {
  if (pid_ < 0 || exit_code_ >= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  Reaped(status);
  return false;
}

void BackgroundFerry::Reaped(int status) {
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // libmongoc keeps a counters file per process in /dev/shm and removes it at
  // exit; a process killed by a signal leaves it behind, and crash tests kill
  // many.
  if (WIFSIGNALED(status)) {
    std::error_code ec;
    std::filesystem::remove("/dev/shm/mongoc-" + std::to_string(pid_), ec);
  }
}

void BackgroundFerry::Kill(int signal) {
  if (pid_ > 0 && exit_code_ < 0) kill(pid_, signal);
}

int BackgroundFerry::Wait() {
  if (pid_ < 0 || exit_code_ >= 0) return exit_code_;
  int status = 0;
  waitpid(pid_, &status, 0);
  Reaped(status);
  return exit_code_;
}

std::string BackgroundFerry::Out() const { return ReadFile(out_); }
std::string BackgroundFerry::Err() const { return ReadFile(err_); }

std::string PgServerUrl() {
  const char* url = std::getenv("FERRY_TEST_PG_URL");
  return url == nullptr ? std::string() : std::string(url);
}

std::string PgWaitsForLockSql(const std::string& table, const std::string& application) {
  // pg_locks lists every database's locks, and scratch databases share oids.
  return "SELECT count(*) > 0 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT "
         "l.granted AND a.datname = current_database() AND l.relation = '" +
         table + "'::regclass AND a.application_name LIKE '" + application + "'";
}

void KillFerryAndItsBackends(BackgroundFerry& ferry, const ScratchPgDatabase& db) {
  ferry.Kill(SIGKILL);
  EXPECT_EQ(ferry.Wait(), 128 + SIGKILL);
  db.QueryValue(
      "SELECT count(pg_terminate_backend(pid, 60000)) FROM pg_stat_activity WHERE datname = "
      "current_database() AND application_name LIKE 'ferry %'");
}

std::string PgUrlForDatabase(const std::string& database) {
  // FERRY_TEST_PG_URL is postgres://user@127.0.0.1:PORT/postgres: swap the database.
  std::string base = PgServerUrl();
  size_t slash = base.rfind('/');
  return base.substr(0, slash + 1) + database;
}

ScratchPgDatabase::ScratchPgDatabase(const std::string& suffix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  name_ = "ferry_test_" + suffix + "_" + std::to_string(getpid()) + "_" +
          std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
  Result<Endpoint> admin = ParseEndpoint(PgServerUrl());
  if (!admin.ok()) {
    error_ = admin.status().message();
    return;
  }
  Result<PgConnection> conn = PgConnection::Connect(*admin);
  if (!conn.ok()) {
    error_ = conn.status().message();
    return;
  }
  Status s = conn->Run("CREATE DATABASE " + conn->QuoteIdentifier(name_));
  if (!s.ok()) {
    error_ = s.message();
    return;
  }
  url_ = PgUrlForDatabase(name_);
}

ScratchPgDatabase::~ScratchPgDatabase() {
  if (url_.empty()) return;
  Result<PgConnection> conn = PgConnection::Connect(*ParseEndpoint(PgServerUrl()));
  if (conn.ok())
    (void)conn->Run("DROP DATABASE IF EXISTS " + conn->QuoteIdentifier(name_) + " WITH (FORCE)");
}

PgConnection ScratchPgDatabase::Connect() const {
  Result<PgConnection> conn = PgConnection::Connect(*ParseEndpoint(url_));
  if (!conn.ok()) {
    ADD_FAILURE() << conn.status().message();
    std::abort();
  }
  return std::move(conn).value();
}

std::string ScratchPgDatabase::QueryValue(const std::string& sql) const {
  PgConnection conn = Connect();
  Result<PgResult> r = conn.Exec(sql);
  if (!r.ok()) {
    ADD_FAILURE() << sql << ": " << r.status().message();
    return "<error>";
  }
  if (r->rows() == 0 || r->IsNull(0, 0)) return "<null>";
  return std::string(r->Get(0, 0));
}

std::string ScratchPgDatabase::QueryRows(const std::string& sql) const {
  PgConnection conn = Connect();
  Result<PgResult> r = conn.Exec(sql);
  if (!r.ok()) {
    ADD_FAILURE() << sql << ": " << r.status().message();
    return "<error>";
  }
  std::string out;
  for (int row = 0; row < r->rows(); ++row) {
    if (row > 0) out += '\n';
    for (int col = 0; col < r->columns(); ++col) {
      if (col > 0) out += '|';
      out += r->IsNull(row, col) ? std::string("<null>") : std::string(r->Get(row, col));
    }
  }
  return out;
}

std::optional<std::filesystem::path> SharedDatasetsDir() {
  std::filesystem::path shared;
  if (const char* dir = std::getenv("FERRY_SHARED_DIR")) {
    shared = dir;
  } else {
    shared = std::filesystem::path(FERRY_SOURCE_DIR).parent_path() / "shared";
  }
  std::filesystem::path datasets = shared / "datasets";
  if (!std::filesystem::is_directory(datasets)) return std::nullopt;
  return datasets;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ferry-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// Kills `ferry copy` at random moments, then lets it finish; returns how many
// times it was killed. A kill round waits until at least one more chunk is done
// (so every round makes progress, and a fast machine cannot finish the copy
// before it was killed often enough), then kills after a further random delay,
// which lands anywhere: mid-chunk, at a commit, between claims. Claims left by
// a killed worker expire after --claim-timeout and are taken over.
int KillUntilDone(const std::vector<std::string>& args, const std::filesystem::path& logs,
                  std::mt19937& random, int jobs_a, int jobs_b,
                  const std::function<int()>& done_chunks, int kill_rounds, int max_delay_ms) {
  int kills = 0;
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> round_args = args;
    round_args.insert(round_args.end(), {"--jobs", std::to_string(round % 2 ? jobs_b : jobs_a)});
    BackgroundFerry ferry(round_args, logs);
    if (round < kill_rounds) {
      int before = done_chunks();
      for (int i = 0; i < 6000 && ferry.Running() && done_chunks() <= before; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(0, max_delay_ms)(random)));
      if (ferry.Running()) {
        ferry.Kill(SIGKILL);
        EXPECT_EQ(ferry.Wait(), 128 + SIGKILL);
        ++kills;
        continue;
      }
    }
    EXPECT_EQ(ferry.Wait(), 0) << ferry.Err();
    return kills;
  }
  ADD_FAILURE() << "the copy did not finish in 200 rounds";
  return kills;
}

void MakeKindsDatabase(const std::filesystem::path& path, int rows) {
  SqliteDatabase db = SqliteDatabase::Open(path.string(), {.create = true}).value();
  Status s = db.Exec(
      "CREATE TABLE kinds (id INTEGER PRIMARY KEY, small SMALLINT, big BIGINT, ratio REAL, "
      "amount NUMERIC(14,3), label TEXT, raw BLOB, day DATE, at TIMESTAMP, at_utc TIMESTAMPTZ, "
      "tod TIME, uid UUID, doc JSON, flag BOOLEAN, maybe TEXT);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
      std::to_string(rows) +
      ") INSERT INTO kinds SELECT i, i % 32000 - 16000, i * 7919 - 4000000000, i / 7.0, "
      "printf('%d.%03d', i % 100000 - 50000, i % 1000), "
      "'row '' ' || i || ' é€😀' || char(10) || 'x', randomblob(i % 17), "
      "date('2000-01-01', '+' || (i % 9000) || ' days'), "
      "datetime(946684800 + i * 37, 'unixepoch'), datetime(946684800 + i * 41, 'unixepoch'), "
      "time(i * 13 % 86400, 'unixepoch'), "
      "printf('%08x-%04x-4%03x-8%03x-%012x', i, i % 65536, i % 4096, (i * 7) % 4096, i * 31), "
      "'{\"i\":' || i || ',\"s\":\"v' || i || '\",\"a\":[1,2.5,null]}', i % 2, "
      "CASE WHEN i % 3 = 0 THEN NULL ELSE 'm' || i END FROM n;");
  ASSERT_TRUE(s.ok()) << s.message();
}

void MakeSqlite(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

Status LoadDump(PgConnection& conn, const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string sql, line;
  while (std::getline(in, line)) {
    if (line.find(" OWNER TO postgres;") != std::string::npos) continue;
    if (!line.starts_with("COPY ") || !line.ends_with("FROM stdin;")) {
      sql += line + "\n";
      continue;
    }
    FERRY_RETURN_IF_ERROR(conn.Run(sql));
    sql.clear();
    FERRY_RETURN_IF_ERROR(conn.StartCopy(line));
    std::string data;
    while (std::getline(in, line) && line != "\\.") data += line + "\n";
    FERRY_RETURN_IF_ERROR(conn.PutCopyData(data));
    FERRY_RETURN_IF_ERROR(conn.EndCopy().status());
  }
  return conn.Run(sql);
}

}  // namespace ferry::testing
