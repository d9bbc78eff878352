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
  p.live_workers = {"host-a:42"};
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
  EXPECT_NE(text.find("workers host-a:42"), std::string::npos) << text;
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

}  // namespace
}  // namespace ferry
