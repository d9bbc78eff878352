// `ferry plan` on the real Chinook database (../shared/datasets/chinook).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <regex>
#include <sstream>

#include "test_util.h"

namespace ferry::testing {
namespace {

std::string Str(simdjson::dom::element e) { return std::string(std::string_view(e)); }

class PlanChinookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<std::filesystem::path> datasets = SharedDatasetsDir();
    if (!datasets || !std::filesystem::exists(*datasets / "chinook/Chinook_Sqlite.sqlite")) {
      GTEST_SKIP() << "../shared/datasets/chinook is absent";
    }
    sqlite_ = *datasets / "chinook/Chinook_Sqlite.sqlite";
    published_ = *datasets / "chinook/Chinook_PostgreSql.sql";
  }
  CommandResult Plan(std::vector<std::string> extra) {
    std::vector<std::string> args = {"plan", "--from", "sqlite:" + sqlite_.string(), "--to",
                                     "postgres://app:s3cret@db.example:5432/music"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }

  std::filesystem::path sqlite_;
  std::filesystem::path published_;
};

// table → column → "type[ not null]" from the published PostgreSQL script, with
// INT read as bigint: SQLite integers are 64-bit, so ferry's rule makes them
// bigint (docs/type-mapping.md); every other type must be the same.
std::map<std::string, std::map<std::string, std::string>> PublishedColumns(const std::string& sql) {
  std::map<std::string, std::map<std::string, std::string>> tables;
  std::regex table_re(R"(CREATE TABLE (\w+)\s*\(([^;]*)\);)");
  std::regex column_re(R"(^\s*(\w+) ([A-Z]+(?:\(\d+(?:,\d+)?\))?)( NOT NULL)?,?\s*$)");
  for (std::sregex_iterator t(sql.begin(), sql.end(), table_re), end; t != end; ++t) {
    std::istringstream body((*t)[2].str());
    for (std::string line; std::getline(body, line);) {
      std::smatch m;
      if (!std::regex_match(line, m, column_re) || m[1] == "CONSTRAINT") continue;
      std::string type = m[2];
      for (char& c : type) c = static_cast<char>(std::tolower(c));
      if (type == "int") type = "bigint";
      tables[(*t)[1]][m[1]] = type + (m[3].matched ? " not null" : "");
    }
  }
  return tables;
}

TEST_F(PlanChinookTest, TypesMatchThePublishedPostgresSchema) {
  CommandResult r = Plan({"--snake-case", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element plan = parser.parse(r.out);
  std::map<std::string, std::map<std::string, std::string>> planned;
  for (simdjson::dom::element table : plan["tables"].get_array()) {
    for (simdjson::dom::element column : table["columns"].get_array()) {
      std::string type = Str(column["pg_type"]);
      if (!bool(column["nullable"])) type += " not null";
      planned[Str(table["target"])][Str(column["target"])] = type;
    }
  }
  auto published = PublishedColumns(ReadFile(published_));
  ASSERT_EQ(published.size(), 11u);
  EXPECT_EQ(planned, published);
}

TEST_F(PlanChinookTest, KeysForeignKeysAndIndexes) {
  CommandResult r = Plan({"--snake-case", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element plan = parser.parse(r.out);
  size_t foreign_keys = 0;
  std::vector<std::string> order;
  for (simdjson::dom::element table : plan["tables"].get_array()) {
    std::string name = Str(table["target"]);
    order.push_back(name);
    foreign_keys += simdjson::dom::array(table["foreign_keys"]).size();
    if (name == "playlist_track") {
      simdjson::dom::array key = table["primary_key"];
      ASSERT_EQ(key.size(), 2u);
      EXPECT_EQ(std::string_view(key.at(0)), "playlist_id");
      EXPECT_EQ(std::string_view(key.at(1)), "track_id");
      EXPECT_FALSE(bool(table["columns"].at(0)["auto_increment"]));
    }
    if (name == "invoice_line") {
      EXPECT_TRUE(bool(table["columns"].at(0)["auto_increment"]));  // INTEGER PRIMARY KEY
      EXPECT_EQ(int64_t(table["estimated_rows"]), 2240);
    }
  }
  EXPECT_EQ(foreign_keys, 11u);
  // Referenced tables come first.
  auto position = [&](const std::string& t) { return std::find(order.begin(), order.end(), t); };
  EXPECT_LT(position("artist"), position("album"));
  EXPECT_LT(position("track"), position("invoice_line"));
  EXPECT_LT(position("invoice"), position("invoice_line"));
}

TEST_F(PlanChinookTest, TextShowsTypesReasonsDdlAndRedactsTheTarget) {
  CommandResult r = Plan({"--snake-case"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos);
  EXPECT_NE(r.out.find("postgres://app:***@db.example:5432/music"), std::string::npos);
  EXPECT_NE(r.out.find("Table InvoiceLine → public.invoice_line (~2240 rows)"), std::string::npos);
  EXPECT_NE(r.out.find("UnitPrice → unit_price"), std::string::npos);
  EXPECT_NE(r.out.find("declared NUMERIC(10,2), NUMERIC affinity: numeric(10,2)"),
            std::string::npos);
  EXPECT_NE(r.out.find("foreign key invoice_line_track_id_fkey: (track_id) → track (track_id)"),
            std::string::npos);
  // Indexes keep the source's names (issue 11), quoted as PostgreSQL needs.
  EXPECT_NE(r.out.find("CREATE INDEX IF NOT EXISTS \"IFK_InvoiceLineTrackId\" ON "
                       "public.invoice_line (track_id);"),
            std::string::npos);
  EXPECT_NE(r.out.find("11 tables, 11 foreign keys"), std::string::npos);
}

TEST_F(PlanChinookTest, EveryValueFitsInTheSample) {
  // UnitPrice is stored as REAL 0.99: the shortest decimal "0.99" fits numeric(10,2).
  CommandResult r = Plan({"--json", "--sample", "100000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element plan = parser.parse(r.out);
  for (simdjson::dom::element table : plan["tables"].get_array()) {
    EXPECT_EQ(simdjson::dom::array(table["warnings"]).size(), 0u)
        << std::string_view(table["source"]);
    for (simdjson::dom::element column : table["columns"].get_array()) {
      EXPECT_EQ(int64_t(column["sample"]["rejected"]), 0);
    }
  }
}

TEST_F(PlanChinookTest, WritesNothing) {
  std::string before = ReadFile(sqlite_);
  CommandResult r = Plan({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(sqlite_), before);
}

}  // namespace
}  // namespace ferry::testing
