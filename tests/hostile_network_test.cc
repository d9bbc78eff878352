// Servers that accept a connection and never answer, and malformed URLs that
// hold a password: every command fails within its timeout, says what it
// waited for, and never prints the password.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "connectors/sqlite/sqlite_database.h"
#include "core/net_timeouts.h"
#include "ferry/endpoint.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

// A TCP listener on 127.0.0.1 that accepts every connection and never sends a byte.
class SilentServer {
 public:
  SilentServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(addr);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), size) != 0 ||
        listen(listen_fd_, 64) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { AcceptUntilStopped(); });
  }
  ~SilentServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int fd : accepted_) close(fd);
    close(listen_fd_);
  }
  int port() const { return port_; }

 private:
  void AcceptUntilStopped() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) accepted_.push_back(accept(listen_fd_, nullptr, nullptr));
    }
  }
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<int> accepted_;  // held open: the peer sees a live, silent server
  std::thread thread_;
};

class HostileNetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pg_ = "postgres://app@127.0.0.1:" + std::to_string(server_.port()) + "/app";
    mongo_ = "mongodb://127.0.0.1:" + std::to_string(server_.port()) + "/app";
    sqlite_ = (dir_.path() / "src.db").string();
    SqliteDatabase db = SqliteDatabase::Open(sqlite_, {.create = true}).value();
    ASSERT_TRUE(db.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)").ok());
    WriteFile(dir_.path() / "migrations" / "1_init.sql", "CREATE TABLE a(id int);\n");
  }

  // Runs ferry with a 2 s connect timeout; expects exit 1 well before a hang would end.
  CommandResult RunBounded(std::vector<std::string> args, int connect_timeout = 2) {
    args.insert(args.begin(), {"--connect-timeout", std::to_string(connect_timeout)});
    auto start = std::chrono::steady_clock::now();
    CommandResult r = RunFerry(args);
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
            .count();
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_LT(seconds, 60) << "ferry " << args[2] << " waited " << seconds << " s";
    return r;
  }

  SilentServer server_;
  TempDir dir_;
  std::string pg_, mongo_, sqlite_;
};

TEST_F(HostileNetworkTest, CopyToASilentPostgresFailsAfterTheConnectTimeout) {
  CommandResult r = RunBounded({"copy", "--from", "sqlite:" + sqlite_, "--to", pg_});
  EXPECT_NE(r.err.find("cannot connect to " + pg_ + ": no answer within 2 s"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--connect-timeout"), std::string::npos) << r.err;
}

TEST_F(HostileNetworkTest, StatusOfASilentPostgresFailsAfterTheConnectTimeout) {
  CommandResult r = RunBounded({"status", "--to", pg_});
  EXPECT_NE(r.err.find("no answer within 2 s"), std::string::npos) << r.err;
}

TEST_F(HostileNetworkTest, VerifyAgainstASilentPostgresFailsAfterTheConnectTimeout) {
  CommandResult r = RunBounded({"verify", "--from", "sqlite:" + sqlite_, "--to", pg_});
  EXPECT_NE(r.err.find("no answer within 2 s"), std::string::npos) << r.err;
}

TEST_F(HostileNetworkTest, MigrateInfoOnASilentPostgresFailsAfterTheConnectTimeout) {
  CommandResult r =
      RunBounded({"migrate", "info", "-D", pg_, "--source", (dir_.path() / "migrations").string()});
  EXPECT_NE(r.err.find("no answer within 2 s"), std::string::npos) << r.err;
}

TEST_F(HostileNetworkTest, WaitingForASilentServerIsSaidWhileItLasts) {
  CommandResult r = RunBounded({"status", "--to", pg_}, /*connect_timeout=*/5);
  EXPECT_NE(r.err.find("waiting for " + pg_ + " to answer (connect, 3 s of 5 s)"),
            std::string::npos)
      << r.err;
}

TEST_F(HostileNetworkTest, PlanAndCopyFromASilentMongoFailAfterTheConnectTimeout) {
  CommandResult plan = RunBounded({"plan", "--from", mongo_});
  EXPECT_NE(plan.err.find(mongo_), std::string::npos) << plan.err;
  EXPECT_NE(plan.err.find("--connect-timeout"), std::string::npos) << plan.err;
  RunBounded({"copy", "--from", mongo_, "--to", pg_});
  RunBounded({"verify", "--from", mongo_, "--to", pg_});
}

TEST_F(HostileNetworkTest, UrlTimeoutOptionsWinOverTheFlag) {
  CommandResult r = RunBounded({"status", "--to", pg_ + "?connect_timeout=3"}, 30);
  EXPECT_NE(r.err.find("no answer within 3 s"), std::string::npos) << r.err;
}

// The read timeout becomes TCP keepalives and tcp_user_timeout on every
// PostgreSQL connection (a dead peer fails it; a long statement does not), and
// the URL's own options win over the flags.
TEST(PgReadTimeoutTest, ConnectionsCarryKeepalivesAndTcpUserTimeoutUnlessTheUrlSetsThem) {
  FERRY_REQUIRE_PG();
  NetTimeouts saved = GetNetTimeouts();
  SetNetTimeouts({.connect_seconds = 7, .read_seconds = 60});
  auto option = [](const PgConnection& conn, std::string_view key) {
    std::string value;
    PQconninfoOption* options = PQconninfo(conn.get());
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (key == o->keyword && o->val != nullptr) value = o->val;
    }
    PQconninfoFree(options);
    return value;
  };
  std::string url = PgServerUrl();
  Result<PgConnection> conn = PgConnection::Connect(*ParseEndpoint(url));
  ASSERT_TRUE(conn.ok()) << conn.status().message();
  EXPECT_EQ(option(*conn, "connect_timeout"), "7");
  EXPECT_EQ(option(*conn, "keepalives_idle"), "30");
  EXPECT_EQ(option(*conn, "tcp_user_timeout"), "60000");
  std::string own = url + (url.find('?') == std::string::npos ? "?" : "&") + "keepalives_idle=5";
  Result<PgConnection> mine = PgConnection::Connect(*ParseEndpoint(own));
  ASSERT_TRUE(mine.ok()) << mine.status().message();
  EXPECT_EQ(option(*mine, "keepalives_idle"), "5");
  SetNetTimeouts(saved);
}

// Malformed endpoints holding a password: every command that prints them
// says what is wrong and never shows any piece of the password.
TEST(MalformedUrlTest, NoCommandPrintsThePasswordOfAMalformedUrl) {
  TempDir dir;
  std::string migrations = (dir.path() / "migrations").string();
  WriteFile(dir.path() / "migrations" / "1_init.sql", "CREATE TABLE a(id int);\n");
  const std::vector<std::string> urls = {
      "postgres://app:s3cr@t99@127.0.0.1:1/app",
      "postgres://app:s3cr%t99@127.0.0.1:1/app",
      "postgres://app:s3cr/t99@127.0.0.1:1/app",
      "host=127.0.0.1 port=1 password s3cret99",
      "host=127.0.0.1 port=1 password='s3cret99 dbname=app",
      "host=127.0.0.1 port=1 password=s3cret99 dbname='app",
      "mongodb://app:s3cr@t99@127.0.0.1:1/app",
      "mongodb://app:s3cr:t99@127.0.0.1:1/app",
      "mongodb://app:s3cr%zt99@127.0.0.1:1/app",
  };
  for (const std::string& url : urls) {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"status", "--to", url},
             {"copy", "--from", url, "--to", url},
             {"plan", "--from", url},
             {"verify", "--from", url, "--to", url},
             {"migrate", "info", "-D", url, "--source", migrations}}) {
      CommandResult r = RunFerry(args);
      EXPECT_NE(r.exit_code, 0) << args[0] << " " << url;
      for (const std::string& text : {r.out, r.err}) {
        for (const char* piece : {"s3cr", "t99"}) {
          EXPECT_EQ(text.find(piece), std::string::npos)
              << "ferry " << args[0] << " with " << url << " printed: " << text;
        }
      }
    }
  }
}

}  // namespace
}  // namespace ferry::testing
