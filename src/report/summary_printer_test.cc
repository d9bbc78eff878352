#include "report/summary_printer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/json_report_file.h"
#include "testing/printed_text.h"

namespace ferry {
namespace {

RunStats OneTable() {
  RunStats stats;
  TableStats& t = stats.Add("T", "t", 10);
  t.rows_read = 10;
  t.rows_written = 10;
  t.state = TableState::kDone;
  return stats;
}

TEST(SummaryPrinterTest, PrintsTheSummaryTableAtTheEnd) {
  FILE* out = std::tmpfile();
  SummaryPrinter printer(out);
  RunStats stats = OneTable();
  Plan plan;
  Status ok;
  printer.CopyStarted(stats);
  printer.CopyEnded();
  EXPECT_EQ(testing::PrintedText(out), "") << "nothing while the run goes on";
  ASSERT_TRUE(printer.RunFinished({stats, plan, ok}).ok());
  std::string text = testing::PrintedText(out);
  std::string summary = FormatSummary(stats);
  // The same table (the total's seconds go on counting: compared up to it).
  EXPECT_EQ(text.substr(0, text.find("total")), summary.substr(0, summary.find("total")));
  EXPECT_EQ(text.back(), '\n');
  std::fclose(out);
}

TEST(SummaryPrinterTest, AChunkedRunEndsWithTheRunsLine) {
  FILE* out = std::tmpfile();
  SummaryPrinter printer(out);
  RunStats stats = OneTable();
  RunProgress run;
  run.run.run_id = "3f2a";
  run.run.state = "done";
  TableProgress t;
  t.chunks_total = 5;
  t.chunks_done = 5;
  t.rows_done = 2100;
  run.tables = {t};
  Plan plan;
  Status ok;
  ASSERT_TRUE(printer.RunFinished({stats, plan, ok, &run}).ok());
  std::string text = testing::PrintedText(out);
  std::string summary = FormatSummary(stats);
  ASSERT_GT(text.size(), summary.size());
  EXPECT_EQ(text.substr(summary.size()),
            "run 3f2a: done, 5 of 5 chunk(s) done, 2100 row(s) in all\n");
  std::fclose(out);
}

TEST(SummaryPrinterTest, ARunFoundDoneSaysSo) {
  FILE* out = std::tmpfile();
  SummaryPrinter printer(out);
  printer.RunAlreadyDone("3f2a", "2026-12-01 10:00:00+00");
  EXPECT_EQ(testing::PrintedText(out),
            "run 3f2a already finished at 2026-12-01 10:00:00+00; nothing to copy\n");
  std::fclose(out);
}

TEST(JsonReportFileTest, WritesTheReportWithTheSettings) {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("ferry-report-" + std::to_string(getpid()));
  JsonReportFile report(path, {{"mode", "create"}});
  RunStats stats = OneTable();
  Plan plan;
  Status failed = Status::DataError("table t, key id=3: bad");
  ASSERT_TRUE(report.RunFinished({stats, plan, failed}).ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"settings\":{\"mode\":\"create\"}"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("\"ok\":false,\"error\":\"table t, key id=3: bad\""), std::string::npos)
      << text.str();
  std::filesystem::remove(path);
}

TEST(JsonReportFileTest, AReportThatCannotBeWrittenIsAnErrorNamingTheFile) {
  JsonReportFile report("/nonexistent-dir/report.json", {});
  RunStats stats;
  Plan plan;
  Status ok;
  Status s = report.RunFinished({stats, plan, ok});
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("/nonexistent-dir/report.json"), std::string::npos) << s.message();
}

// Records the calls it gets, in order.
class Recorder : public RunObserver {
 public:
  explicit Recorder(std::string* log, Status finish = Status::OK())
      : log_(log), finish_(std::move(finish)) {}
  void CopyStarted(const RunStats&) override { *log_ += "started;"; }
  void CopyEnded() override { *log_ += "ended;"; }
  Status RunFinished(const RunOutcome&) override {
    *log_ += "finished;";
    return finish_;
  }

 private:
  std::string* log_;
  Status finish_;
};

TEST(RunObserversTest, EveryObserverGetsEveryCallAndTheFirstErrorIsReturned) {
  std::string first_log, second_log;
  Recorder first(&first_log, Status::IoError("cannot write a.json"));
  Recorder second(&second_log, Status::IoError("cannot write b.json"));
  RunObservers all({&first, &second});
  RunStats stats;
  Plan plan;
  Status ok;
  all.CopyStarted(stats);
  all.CopyEnded();
  Status s = all.RunFinished({stats, plan, ok});
  EXPECT_EQ(s.message(), "cannot write a.json");
  EXPECT_EQ(first_log, "started;ended;finished;");
  EXPECT_EQ(second_log, "started;ended;finished;");
}

}  // namespace
}  // namespace ferry
