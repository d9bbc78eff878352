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

}  // namespace
}  // namespace ferry
