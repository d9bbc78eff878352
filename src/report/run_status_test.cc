#include "report/run_status.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

RunProgress Sample() {
  RunProgress p;
  p.run.run_id = "0123456789abcdef";
  p.run.state = "loading";
  p.run.source = "sqlite:/data/app.db";
  p.run.target = "postgres://me@db/app schema public";
  p.run.created_at = "2026-11-22 04:50:01+00";
  WorkerRecord live;
  live.process = "host-a:42";
  live.state = "live";
  p.workers = {live};
  TableProgress album;
  album.source_name = "Album";
  album.target_name = "album";
  album.chunk_by = "integer key";
  album.chunks_total = 10;
  album.chunks_done = 3;
  album.rows_done = 30000;
  album.rows_per_second = 12000;
  album.workers = 2;
  album.errors = 1;
  album.last_error = "lost the connection";
  p.tables = {album};
  return p;
}

TEST(RunStatusTest, TextShowsEachTableAndTheTotal) {
  std::string text = FormatRunStatus(Sample());
  EXPECT_NE(text.find("run 0123456789abcdef: loading, started 2026-11-22 04:50:01+00"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("workers host-a:42 (live)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("album  integer key         3/10        30,000    12,000        2       1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("last error of album: lost the connection"), std::string::npos) << text;
}

TEST(RunStatusTest, JsonHasTheSameNumbers) {
  std::string json = RunStatusJson(Sample());
  EXPECT_NE(json.find("\"chunks_done\":3,\"chunks_total\":10,\"rows_done\":30000"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"workers\":[\"host-a:42\"]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"errors\":1,\"last_error\":\"lost the connection\"}"), std::string::npos)
      << json;
}

TEST(RunStatusTest, DeadAndStaleWorkersAreShownAsSuchNotAsLive) {
  RunProgress p = Sample();
  WorkerRecord dead, stale, exited;
  dead.process = "host-a:7";
  dead.state = "dead";
  dead.why = "no process 7 on this host";
  dead.chunks_held = 3;
  stale.process = "host-b:9";
  stale.state = "stale";
  stale.why = "no heartbeat for 95 s";
  exited.process = "host-a:5";
  exited.state = "exited";
  p.workers = {exited, dead, p.workers[0], stale};
  std::string text = FormatRunStatus(p);
  EXPECT_NE(text.find("workers host-a:7 (dead: no process 7 on this host), host-a:42 (live), "
                      "host-b:9 (stale: no heartbeat for 95 s), 1 exited\n"),
            std::string::npos)
      << text;
  std::string json = RunStatusJson(p);
  EXPECT_NE(json.find("\"workers\":[\"host-a:42\"]"), std::string::npos) << json;
  EXPECT_NE(json.find("{\"process\":\"host-a:7\",\"state\":\"dead\",\"why\":\"no process 7 "
                      "on this host\",\"heartbeat_age_seconds\":0,\"chunks_held\":3}"),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace ferry
