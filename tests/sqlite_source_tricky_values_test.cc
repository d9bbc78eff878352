// A generated SQLite database with every tricky value, copied into PostgreSQL:
// what converts arrives exactly, what cannot is rejected with its reason.
#include <gtest/gtest.h>

#include <fstream>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

constexpr char kTrickySql[] = R"sql(
CREATE TABLE tricky (id INTEGER PRIMARY KEY, i INTEGER, r REAL, n NUMERIC(10,2), t TEXT,
  v VARCHAR(5), b BLOB, d DATE, ts DATETIME, flag BOOLEAN, j JSON, u UUID, anything);
INSERT INTO tricky VALUES
 (1, 9223372036854775807, 9e999, 0.99, '', 'héllo', X'00ff00', '2024-02-29',
  '2024-01-31 10:11:12.345', 1, '{"a": [1, 2]}', '00112233-4455-6677-8899-AABBCCDDEEFF', 42),
 (2, -9223372036854775808, -9e999, '12.5', NULL, NULL, X'', 2460341, 1706659200, 'false', NULL,
  X'00112233445566778899aabbccddeeff', 0.5),
 (3, 0, 1e-300, 7, 'a' || char(10) || 'b', 'x', NULL, 1706659200, '2024-01-31T00:00:00+02:00',
  0, '[]', NULL, 'plain'),
 (4, 'abc', 0, 0, '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, 3.5, 0, 0, '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (6, 0, 0, 1.005, '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (7, 0, 0, 0, CAST(X'61ff62' AS TEXT), '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (8, 0, 0, 0, '', 'toolong', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (9, 0, 0, 0, '', '', NULL, '2024-02-30', NULL, NULL, NULL, NULL, NULL),
 (10, 0, 0, 0, '', '', NULL, NULL, NULL, 2, NULL, NULL, NULL),
 (11, 0, 0, 0, '', '', NULL, NULL, NULL, NULL, '{bad', NULL, NULL),
 (12, 0, 0, 0, '', '', NULL, NULL, NULL, NULL, NULL, 'not-a-uuid', NULL),
 (13, 0, 0, 0, 'a' || char(0) || 'b', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (14, 0, 0, 0, '', '', NULL, NULL, NULL, NULL, NULL, NULL, X'01');
)sql";

class TrickyValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
    SqliteDatabase::Options options;
    options.create = true;
    SqliteDatabase sqlite =
        SqliteDatabase::Open((dir_.path() / "tricky.sqlite").string(), options).value();
    ASSERT_TRUE(sqlite.Exec(kTrickySql).ok());
  }

  ScratchPgDatabase db_{"tricky"};
  TempDir dir_;
};

TEST_F(TrickyValuesTest, ConvertibleValuesArriveExactlyAndTheRestAreRejectedWithReasons) {
  CommandResult r =
      RunFerry({"copy", "--from", "sqlite:" + (dir_.path() / "tricky.sqlite").string(), "--to",
                db_.url(), "--on-error", "skip"},
               {}, dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(db_.QueryRows("SELECT id, i, r, n, t IS NULL, t, v, encode(b, 'hex'), d, ts, flag, j, "
                          "u, anything FROM tricky ORDER BY id"),
            "1|9223372036854775807|Infinity|0.99|f||héllo|00ff00|2024-02-29|"
            "2024-01-31 10:11:12.345|t|{\"a\": [1, 2]}|00112233-4455-6677-8899-aabbccddeeff|42\n"
            "2|-9223372036854775808|-Infinity|12.50|t|<null>|<null>||2024-01-31|"
            "2024-01-31 00:00:00|f|<null>|00112233-4455-6677-8899-aabbccddeeff|0.5\n"
            "3|0|1e-300|7.00|f|a\nb|x|<null>|2024-01-31|2024-01-30 22:00:00|f|[]|<null>|plain");
  std::ifstream rejects(dir_.path() / "rejects/tricky.ndjson");
  std::vector<std::string> lines;
  for (std::string line; std::getline(rejects, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 11u);
  const std::pair<const char*, const char*> expected[] = {
      {"\"key\":\"id=4\",\"column\":\"i\"", "text 'abc' is not an integer"},
      {"\"key\":\"id=5\",\"column\":\"i\"", "real 3.5 is not a whole number"},
      {"\"key\":\"id=6\",\"column\":\"n\"", "'1.005' has 3 decimal places; numeric(10,2) holds 2"},
      {"\"key\":\"id=7\",\"column\":\"t\"", "invalid UTF-8 at byte 1 of 3"},
      {"\"key\":\"id=8\",\"column\":\"v\"", "text of 7 characters is longer than varchar(5)"},
      {"\"key\":\"id=9\",\"column\":\"d\"", "'2024-02-30' is not a date (no such day)"},
      {"\"key\":\"id=10\",\"column\":\"flag\"", "integer 2 is not a boolean"},
      {"\"key\":\"id=11\",\"column\":\"j\"", "not valid JSON"},
      {"\"key\":\"id=12\",\"column\":\"u\"", "text 'not-a-uuid' is not a UUID"},
      {"\"key\":\"id=13\",\"column\":\"t\"", "NUL character at byte 1"},
      {"\"key\":\"id=14\",\"column\":\"anything\"", "blob of 1 bytes in a text column"},
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_NE(lines[i].find(expected[i].first), std::string::npos) << lines[i];
    EXPECT_NE(lines[i].find(expected[i].second), std::string::npos) << lines[i];
  }
}

}  // namespace
}  // namespace ferry::testing
