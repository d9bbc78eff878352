#include "report/summary.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

// A resumed run: `album` was finished by the run that crashed, `track` had
// 3 of its 5 chunks done, and this process copied the rest.
RunStats ResumedRun() {
  RunStats stats;
  TableStats& album = stats.Add("Album", "album", 347);
  album.chunks_total = 1;
  album.chunks_done_before = 1;
  album.rows_done_before = 347;
  album.state = TableState::kDone;
  TableStats& track = stats.Add("Track", "track", 3503);
  track.chunks_total = 5;
  track.chunks_done_before = 3;
  track.rows_done_before = 2100;
  track.rows_read = 1403;
  track.rows_written = 1403;
  track.state = TableState::kDone;
  return stats;
}

TEST(FormatSummaryTest, ResumedRunShowsRowsOfTablesFinishedEarlier) {
  std::string summary = FormatSummary(ResumedRun());
  EXPECT_NE(summary.find("done earlier"), std::string::npos) << summary;
  // album: nothing read now, 347 rows done by the earlier run, and said so.
  EXPECT_NE(summary.find("album"), std::string::npos);
  size_t album = summary.find("album");
  std::string album_line = summary.substr(album, summary.find('\n', album) - album);
  EXPECT_NE(album_line.find(" 347 "), std::string::npos) << album_line;
  EXPECT_NE(album_line.find("(done earlier)"), std::string::npos) << album_line;
  size_t track = summary.find("track");
  std::string track_line = summary.substr(track, summary.find('\n', track) - track);
  EXPECT_NE(track_line.find("2100"), std::string::npos) << track_line;
  EXPECT_NE(track_line.find("(3 of 5 chunks done earlier)"), std::string::npos) << track_line;
  size_t total = summary.find("total");
  EXPECT_NE(summary.substr(total).find("2447"), std::string::npos) << summary;
}

TEST(FormatSummaryTest, FreshRunHasNoEarlierColumn) {
  RunStats stats;
  TableStats& t = stats.Add("T", "t", 10);
  t.chunks_total = 2;
  t.rows_written = 10;
  t.state = TableState::kDone;
  EXPECT_EQ(FormatSummary(stats).find("earlier"), std::string::npos);
}

TEST(JsonReportTest, ResumedRunReportsRowsDoneEarlier) {
  std::string json = JsonReport(ResumedRun(), Plan{}, {}, Status::OK());
  EXPECT_NE(json.find("\"rows_done_earlier\":347,\"chunks_done_earlier\":1"), std::string::npos)
      << json;
}

}  // namespace
}  // namespace ferry
