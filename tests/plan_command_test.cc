// `ferry plan` on generated SQLite files: warnings, skipped objects, ferry.toml,
// usage errors, and DDL that PostgreSQL accepts whatever the names hold.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

class PlanCommandTest : public ::testing::Test {
 protected:
  void Create(const std::string& sql) {
    SqliteDatabase::Options options;
    options.create = true;
    SqliteDatabase db = SqliteDatabase::Open(Path(), options).value();
    Status status = db.Exec(sql);
    ASSERT_TRUE(status.ok()) << status.message();
  }
  std::string Path() const { return (dir_.path() / "app.sqlite").string(); }
  CommandResult Plan(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"plan", "--from", "sqlite:" + Path()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }
  bool Has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  TempDir dir_;
};

TEST_F(PlanCommandTest, WarnsAboutMixedStorageClassesAndValuesThatWillNotFit) {
  Create(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, qty INTEGER, code VARCHAR(3), born DATE);"
      "INSERT INTO t VALUES (1, 5, 'abc', '2024-01-31'), (2, 'lots', 'abcd', '31/02/2024'),"
      " (3, 7, 'x', 19753);");
  CommandResult r = Plan();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "t: column qty holds mixed storage classes in the sample of 3 rows: "
                  "2 integer, 1 text"))
      << r.out;
  EXPECT_TRUE(Has(r.out,
                  "t: column qty → qty (bigint): 1 of 3 sampled values will not fit and "
                  "their rows will be rejected; first: text 'lots' is not an integer"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "column code → code (varchar(3)): 1 of 3 sampled values will not fit"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "text of 4 characters is longer than varchar(3)")) << r.out;
  EXPECT_TRUE(Has(r.out, "'31/02/2024' is not a date")) << r.out;
}

TEST_F(PlanCommandTest, ListsViewsTriggersAndExcludedTablesAsSkipped) {
  Create(
      "CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY);"
      "CREATE VIEW va AS SELECT * FROM a;"
      "CREATE TRIGGER ta AFTER INSERT ON a BEGIN SELECT 1; END;");
  CommandResult r = Plan({"--exclude", "b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Skipped (not copied):\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "  view va: views are not copied")) << r.out;
  EXPECT_TRUE(Has(r.out, "  trigger ta: triggers are not copied")) << r.out;
  EXPECT_TRUE(Has(r.out, "  table b: excluded by --exclude")) << r.out;
  EXPECT_FALSE(Has(r.out, "Table b ")) << r.out;
}

TEST_F(PlanCommandTest, ConfigRenamesRetypesAndExcludes) {
  Create("CREATE TABLE Users (Id INTEGER PRIMARY KEY, Age TEXT, Secret TEXT);");
  WriteFile(dir_.path() / "ferry.toml",
            "[tables.Users]\nname = \"people\"\n"
            "[tables.Users.columns.Age]\ntype = \"smallint\"\n"
            "[tables.Users.columns.Secret]\nexclude = true\n");
  CommandResult r = Plan({"--config", (dir_.path() / "ferry.toml").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Table Users → public.people")) << r.out;
  EXPECT_TRUE(Has(r.out, "set in ")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"Age\" smallint,")) << r.out;
  EXPECT_FALSE(Has(r.out, "\"Secret\"")) << r.out;
  EXPECT_TRUE(Has(r.out, "column Users.Secret: excluded in ")) << r.out;
}

TEST_F(PlanCommandTest, UsageErrorsExitTwoAndSayWhatToDo) {
  Create("CREATE TABLE a (id INTEGER PRIMARY KEY);");
  CommandResult unknown = Plan({"--tables", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(Has(unknown.err,
                  "table 'nope' (from --tables) is not in the source; its tables "
                  "are: a"))
      << unknown.err;
  CommandResult mysql = Plan({"--to", "mongodb://u:pw@h/db"});
  EXPECT_EQ(mysql.exit_code, 2);
  EXPECT_TRUE(Has(mysql.err, "MongoDB is not a target ferry writes yet")) << mysql.err;
  EXPECT_FALSE(Has(mysql.err, "pw@")) << mysql.err;
  WriteFile(dir_.path() / "bad.toml", "[tables.a]\nrename = \"b\"\n");
  CommandResult config = Plan({"--config", (dir_.path() / "bad.toml").string()});
  EXPECT_EQ(config.exit_code, 2);
  EXPECT_TRUE(Has(config.err, "bad.toml line 2: unknown key 'rename'")) << config.err;
}

TEST_F(PlanCommandTest, SourcesOtherThanSqliteAreUsageErrors) {
  CommandResult r = RunFerry({"plan", "--from", "csv:/tmp/x.csv"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST_F(PlanCommandTest, SampleZeroReadsNoRows) {
  Create("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES ('not a number');");
  CommandResult sampled = Plan();
  ASSERT_EQ(sampled.exit_code, 0) << sampled.err;
  EXPECT_TRUE(Has(sampled.out, "will not fit")) << sampled.out;
  CommandResult unsampled = Plan({"--sample", "0"});
  ASSERT_EQ(unsampled.exit_code, 0) << unsampled.err;
  EXPECT_FALSE(Has(unsampled.out, "will not fit")) << unsampled.out;
  EXPECT_FALSE(Has(unsampled.out, "Sample:")) << unsampled.out;
}

TEST_F(PlanCommandTest, DocumentSourcesArePlannedFromTheirSample) {
  WriteFile(dir_.path() / "people.ndjson",
            "{\"_id\": 1, \"name\": \"Ada\", \"age\": 36}\n"
            "{\"_id\": 2, \"name\": \"Alan\"}\n");
  CommandResult r =
      RunFerry({"plan", "--from", "ndjson:" + (dir_.path() / "people.ndjson").string(), "--sample",
                "all", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element plan = parser.parse(r.out);
  EXPECT_EQ(std::string_view(plan["sample"]), "every document of each collection");
  simdjson::dom::element table = plan["tables"].at(0);
  std::vector<std::string> columns;
  for (simdjson::dom::element c : table["columns"].get_array()) {
    columns.emplace_back(std::string_view(c["target"]));
    EXPECT_TRUE(c["declared_type"].error());  // documents have no declared types
  }
  EXPECT_NE(std::find(columns.begin(), columns.end(), "name"), columns.end());
  EXPECT_NE(std::find(columns.begin(), columns.end(), "age"), columns.end());
  EXPECT_GE(simdjson::dom::array(table["ddl"]).size(), 1u);
}

// name:type of every planned column, table by table, from --json output.
std::string PlannedColumns(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element plan = parser.parse(json);
  std::string out;
  for (simdjson::dom::element table : plan["tables"].get_array()) {
    out += std::string(std::string_view(table["target"])) + ":";
    for (simdjson::dom::element c : table["columns"].get_array()) {
      out += " " + std::string(std::string_view(c["target"])) + " " +
             std::string(std::string_view(c["pg_type"]));
    }
    out += "\n";
  }
  return out;
}

TEST_F(PlanCommandTest, WrittenMappingReproducesThePlan) {
  Create(
      "CREATE TABLE \"Order Lines\" (LineId INTEGER PRIMARY KEY, \"Unit.Price\" NUMERIC(8,2),"
      " Note NVARCHAR(20), Secret BLOB);"
      "CREATE TABLE AuditLog (x);");
  std::string mapping = (dir_.path() / "written.toml").string();
  CommandResult first =
      Plan({"--snake-case", "--exclude", "AuditLog", "--json", "--write-mapping", mapping});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string text = ReadFile(mapping);
  EXPECT_TRUE(Has(text, "[tables.AuditLog]\nexclude = true")) << text;
  EXPECT_TRUE(Has(text, "[tables.'Order Lines'.columns.'Unit.Price']")) << text;
  CommandResult second = Plan({"--config", mapping, "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(PlannedColumns(second.out), PlannedColumns(first.out));
  EXPECT_EQ(PlannedColumns(first.out),
            "order_lines: line_id bigint unit_price numeric(8,2) note varchar(20) secret bytea\n");
}

TEST_F(PlanCommandTest, AMissingSourceFails) {
  CommandResult r = RunFerry({"plan", "--from", "sqlite:/nonexistent/app.sqlite"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "/nonexistent/app.sqlite")) << r.err;
}

TEST_F(PlanCommandTest, OtherSchemaIsCreatedFirst) {
  Create("CREATE TABLE a (id INTEGER PRIMARY KEY);");
  CommandResult r = Plan({"--schema", "Staging Area"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "CREATE SCHEMA IF NOT EXISTS \"Staging Area\";")) << r.out;
  EXPECT_TRUE(Has(r.out, "CREATE TABLE \"Staging Area\".a (")) << r.out;
}

// Every statement of the plan runs on PostgreSQL, and the names it creates are
// exactly the plan's (quoting and the 63-byte rule leave nothing to PostgreSQL).
TEST_F(PlanCommandTest, DdlForOddNamesRunsOnPostgres) {
  FERRY_REQUIRE_PG();
  std::string long_name(80, 'L');
  Create(
      "CREATE TABLE \"Order Items\" (\"Item \"\"Id\"\"\" INTEGER PRIMARY KEY, \"[Ünïcode]\" TEXT,"
      " \"select\" TEXT UNIQUE);"
      "CREATE TABLE \"" +
      long_name + "\" (\"" + long_name +
      "\" INTEGER PRIMARY KEY,"
      " ref INTEGER REFERENCES \"Order Items\");"
      "CREATE INDEX \"odd index\" ON \"" +
      long_name + "\" (ref);");
  for (bool snake : {false, true}) {
    ScratchPgDatabase db("plan_ddl");
    ASSERT_TRUE(db.ok()) << db.error();
    std::vector<std::string> args = {"--json"};
    if (snake) args.push_back("--snake-case");
    CommandResult r = Plan(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element plan = parser.parse(r.out);
    PgConnection conn = db.Connect();
    std::vector<std::string> names;
    for (simdjson::dom::element table : plan["tables"].get_array()) {
      names.emplace_back(std::string_view(table["target"]));
      for (simdjson::dom::element index : table["indexes"].get_array()) {
        names.emplace_back(std::string_view(index["name"]));
      }
      for (simdjson::dom::element sql : table["ddl"].get_array()) {
        Status s = conn.Run(std::string_view(sql));
        ASSERT_TRUE(s.ok()) << std::string_view(sql) << "\n" << s.message();
      }
    }
    ASSERT_EQ(names.size(), 3u);
    for (const std::string& name : names) {
      EXPECT_LE(name.size(), 63u);
      EXPECT_EQ(
          db.QueryValue("SELECT count(*) FROM pg_class WHERE relname = " + conn.QuoteLiteral(name)),
          "1")
          << name;
    }
  }
}

// Issue 11.21: the plan said each table is read in its own transaction, while
// the (default) chunked copy reads the whole database from one snapshot.
TEST_F(PlanCommandTest, SqliteSnapshotSentenceSaysWhatTheChunkedCopyDoes) {
  Create("CREATE TABLE t (id INTEGER PRIMARY KEY);");
  CommandResult r = Plan();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "Snapshot: a chunked copy (the default) reads one snapshot of the whole "
                  "database: one read transaction from the start of the run"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "with --chunk-rows 0 each table is read in its own read transaction"))
      << r.out;
}

}  // namespace
}  // namespace ferry::testing
