#include "verify/verify_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace ferry {
namespace {

VerifyReport Sample() {
  VerifyReport report;
  report.options.level = VerifyLevel::kRow;
  TableResult equal;
  equal.source_table = equal.target_table = "album";
  equal.source_rows = equal.target_rows = 347;
  equal.chunks = 1;
  TableResult differs;
  differs.source_table = "Track";
  differs.target_table = "track";
  differs.source_rows = 3503;
  differs.target_rows = 3502;
  differs.chunks = 2;
  differs.chunks_differing = 2;
  differs.differences = {{DiffKind::kMissing, "track_id=7", {}},
                         {DiffKind::kChanged, "track_id=9", {{"name", "'Caf\xc3\xa9'", "'Cafe'"}}}};
  differs.differences_total = 5;
  report.tables = {equal, differs};
  return report;
}

TEST(VerifyReportTest, TextListsTablesDifferencesAndTheRest) {
  std::string text = FormatVerifyReport(Sample());
  EXPECT_NE(text.find("album"), std::string::npos);
  EXPECT_NE(text.find("equal"), std::string::npos);
  EXPECT_NE(text.find("5 differences"), std::string::npos);
  EXPECT_NE(text.find("missing  track_id=7"), std::string::npos) << text;
  EXPECT_NE(text.find("name: source 'Caf\xc3\xa9', target 'Cafe'"), std::string::npos) << text;
  EXPECT_NE(text.find("and 3 more"), std::string::npos);
  EXPECT_NE(text.find("DIFFERENT"), std::string::npos);
}

TEST(VerifyReportTest, EqualReportSaysSo) {
  VerifyReport report = Sample();
  report.tables.pop_back();
  EXPECT_NE(FormatVerifyReport(report).find("EQUAL: 1 table(s) verified at level row"),
            std::string::npos);
}

TEST(VerifyReportTest, JsonIsValidAndComplete) {
  std::string json = VerifyJsonReport(Sample(), {{"from", "sqlite:a.db"}});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(root["settings"]["from"]), "sqlite:a.db");
  EXPECT_FALSE(bool(root["equal"]));
  simdjson::dom::element track = root["tables"].at(1);
  EXPECT_EQ(int64_t(track["differences_total"]), 5);
  EXPECT_EQ(int64_t(track["differences_not_listed"]), 3);
  EXPECT_EQ(std::string_view(track["differences"].at(1)["columns"].at(0)["column"]), "name");
  EXPECT_EQ(std::string_view(track["differences"].at(0)["kind"]), "missing");
}

TEST(VerifyReportTest, SaysWhereEachTargetSideCameFromAndWhyItWasRead) {
  VerifyReport report = Sample();
  report.tables[0].target_from_run = "3fa2c1d0e4b5a6f7";
  report.tables[1].target_read_because = "the table changed since copy run 3fa2c1d0e4b5a6f7";
  std::string text = FormatVerifyReport(report);
  EXPECT_NE(text.find("run 3fa2c1d0e4b5a6f7"), std::string::npos) << text;
  EXPECT_NE(text.find("target side of track read: the table changed since copy run"),
            std::string::npos)
      << text;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string json = VerifyJsonReport(report, {});
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(root["tables"].at(0)["target_side"]), "copy run");
  EXPECT_EQ(std::string_view(root["tables"].at(0)["copy_run"]), "3fa2c1d0e4b5a6f7");
  EXPECT_EQ(std::string_view(root["tables"].at(1)["target_side"]), "read");
  EXPECT_EQ(std::string_view(root["tables"].at(1)["target_read_because"]),
            "the table changed since copy run 3fa2c1d0e4b5a6f7");
}

TEST(VerifyReportTest, OneReasonForEveryTableIsSaidOnce) {
  VerifyReport report = Sample();
  for (TableResult& t : report.tables) t.target_read_because = "--read-target";
  std::string text = FormatVerifyReport(report);
  EXPECT_NE(text.find("target side read for every table: --read-target"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("target side of"), std::string::npos) << text;
}

}  // namespace
}  // namespace ferry
