#include "report/progress_printer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "ferry/run_store.h"
#include "testing/printed_text.h"

namespace ferry {
namespace {

TEST(ProgressLineTest, RowsDoneEarlierCountTowardsTheTotal) {
  TableStats table;
  table.target_name = "track";
  table.estimated_rows = 3503;
  table.rows_done_before = 2100;
  table.rows_written = 400;
  table.started_ns = SteadyNowNs() - 2'000'000'000;  // 200 rows/s
  std::string line = ProgressLine(table, 5);
  EXPECT_NE(line.find("2,500/3,503 rows"), std::string::npos) << line;
  // 1,003 rows left at this process's own rate, not the earlier run's rows.
  EXPECT_NE(line.find("ETA 5s"), std::string::npos) << line;
}

// Bytes the printer has flushed to `file`, read without moving its position.
off_t FlushedSize(FILE* file) {
  struct stat st;
  return fstat(fileno(file), &st) == 0 ? st.st_size : 0;
}

TEST(ProgressPrinterTest, DrawsRunningTablesFromCopyStartedAndClearsThemAtCopyEnded) {
  FILE* terminal = std::tmpfile();
  ProgressPrinter printer(/*live=*/true, terminal);
  RunStats stats;
  TableStats& table = stats.Add("T", "track", 3503);
  table.state = TableState::kRunning;
  table.rows_written = 400;
  table.started_ns = SteadyNowNs();
  EXPECT_EQ(FlushedSize(terminal), 0) << "nothing before CopyStarted";
  printer.CopyStarted(stats);
  // The first line comes within a redraw interval (250 ms); wait for it.
  for (int i = 0; i < 200 && FlushedSize(terminal) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  printer.CopyEnded();  // the printer thread has stopped: the file is ours
  std::string text = testing::PrintedText(terminal);
  EXPECT_NE(text.find("track  400/3,503 rows"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with("\x1b[1A\x1b[J")) << "the live line is not cleared";
  std::fclose(terminal);
}

TEST(ProgressLineTest, TotalIsTheRowEstimate) {
  TableStats table;
  table.target_name = "t";
  table.estimated_rows = 5000;
  EXPECT_NE(ProgressLine(table, 1).find("0/5,000 rows"), std::string::npos);
}

TEST(TableStatsTest, FinishedChunkedTableIsNoLongerShownAsCopying) {
  TableStats table;
  table.chunks_total = 4;
  table.state = TableState::kRunning;
  table.chunks_active = 1;
  EXPECT_TRUE(table.Copying());
  table.chunks_active = 0;  // its last chunk is in; other tables go on
  EXPECT_FALSE(table.Copying());
}

TEST(TableStatsTest, TableDoneByAnEarlierRunIsDoneAndNotCopying) {
  TableStats table;
  table.chunks_total = 3;
  table.chunks_done_before = 3;
  EXPECT_TRUE(table.DoneEarlier());
  EXPECT_FALSE(table.Copying());
}

TEST(TableStatsTest, UnchunkedTableIsCopyingWhileRunning) {
  TableStats table;
  table.state = TableState::kRunning;
  EXPECT_TRUE(table.Copying());
}

RunProgress TwoTables() {
  RunProgress progress;
  TableProgress a;
  a.table_no = 0;
  a.chunks_total = 2;
  a.chunks_done = 2;
  a.rows_done = 1500;
  a.estimated_rows = 1500;
  TableProgress b;
  b.table_no = 1;
  b.chunks_total = 4;
  b.chunks_done = 1;
  b.rows_done = 1000;
  b.estimated_rows = 4000;
  progress.tables = {a, b};
  return progress;
}

TEST(NoteChunksDoneBeforeTest, TablesFinishedEarlierAreDoneAndRowsCounted) {
  RunStats stats;
  stats.Add("A", "a", 10);
  stats.Add("B", "b", 10);
  NoteChunksDoneBefore(TwoTables(), /*recorded_estimates=*/true, &stats);
  EXPECT_TRUE(stats.tables[0]->DoneEarlier());
  EXPECT_EQ(stats.tables[0]->state.load(), TableState::kDone);
  EXPECT_EQ(stats.tables[0]->rows_done_before, 1500);
  EXPECT_FALSE(stats.tables[1]->DoneEarlier());
  EXPECT_EQ(stats.tables[1]->state.load(), TableState::kPending);
  EXPECT_EQ(stats.tables[1]->chunks_done_before, 1);
  EXPECT_EQ(stats.tables[1]->estimated_rows, 4000);
}

TEST(MarkTablesFinishedTest, AFailedRunCallsTablesWithEveryChunkInDone) {
  RunStats stats;
  stats.Add("A", "a", 10).state = TableState::kFailed;
  stats.Add("B", "b", 10).state = TableState::kFailed;
  MarkTablesFinished(TwoTables(), &stats);
  EXPECT_EQ(stats.tables[0]->state.load(), TableState::kDone);
  EXPECT_EQ(stats.tables[1]->state.load(), TableState::kFailed);
}

}  // namespace
}  // namespace ferry
