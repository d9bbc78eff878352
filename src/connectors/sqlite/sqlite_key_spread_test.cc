#include "connectors/sqlite/sqlite_key_spread.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>

namespace ferry {
namespace {

class SqliteKeySpreadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("ferry-key-spread-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    std::filesystem::remove(path_);
    Result<SqliteDatabase> db = SqliteDatabase::Open(path_, {.create = true});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_.emplace(std::move(db).value());
    Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }
  void Exec(const std::string& sql) { ASSERT_TRUE(db_->Exec(sql).ok()) << sql; }
  // Inserts ids first, first + step, ... (count of them).
  void InsertSeries(int64_t first, int64_t step, int64_t count) {
    Exec("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
         std::to_string(count - 1) + ") INSERT INTO t SELECT " + std::to_string(first) + " + i * " +
         std::to_string(step) + " FROM n");
  }
  IntegerKeySpread Sample() {
    Result<IntegerKeySpread> spread = SampleIntegerKey(*db_, "t", "id");
    EXPECT_TRUE(spread.ok()) << spread.status().message();
    return spread.ok() ? *spread : IntegerKeySpread{};
  }

  std::string path_;
  std::optional<SqliteDatabase> db_;
};

TEST_F(SqliteKeySpreadTest, DenseKeyIsEstimatedExactlyAndEven) {
  InsertSeries(-1000, 1, 200000);
  IntegerKeySpread spread = Sample();
  EXPECT_EQ(spread.kind, IntegerKeySpread::Kind::kIntegers);
  EXPECT_EQ(spread.min, -1000);
  EXPECT_EQ(spread.max, 198999);
  EXPECT_EQ(spread.estimated_rows, 200000);
  EXPECT_TRUE(spread.even);
}

TEST_F(SqliteKeySpreadTest, RandomSixtyThreeBitKeysAreCountedNotTakenForTheirSpan) {
  std::mt19937_64 random(42);
  Exec("BEGIN");
  for (int i = 0; i < 5000; ++i) {
    Exec("INSERT OR IGNORE INTO t VALUES (" + std::to_string(static_cast<int64_t>(random() >> 1)) +
         ")");
  }
  Exec("COMMIT");
  IntegerKeySpread spread = Sample();
  EXPECT_EQ(spread.estimated_rows, 5000);  // every stratum below the walk's length: counted
  EXPECT_FALSE(spread.even);
}

TEST_F(SqliteKeySpreadTest, EvenlyGappedKeyIsEstimatedClosely) {
  InsertSeries(7, 120, 100000);
  IntegerKeySpread spread = Sample();
  EXPECT_NEAR(static_cast<double>(spread.estimated_rows), 100000, 2000);
  EXPECT_FALSE(spread.even);
}

TEST_F(SqliteKeySpreadTest, KeyWithFewDeletionsStaysEven) {
  InsertSeries(1, 1, 50000);
  Exec("DELETE FROM t WHERE id % 10 = 0");
  IntegerKeySpread spread = Sample();
  EXPECT_NEAR(static_cast<double>(spread.estimated_rows), 45000, 1000);
  EXPECT_TRUE(spread.even);
}

TEST_F(SqliteKeySpreadTest, ExtremeKeysDoNotOverflow) {
  Exec("INSERT INTO t VALUES (-9223372036854775808), (-1), (0), (9223372036854775807)");
  IntegerKeySpread spread = Sample();
  EXPECT_EQ(spread.min, INT64_MIN);
  EXPECT_EQ(spread.max, INT64_MAX);
  EXPECT_EQ(spread.estimated_rows, 4);
  EXPECT_FALSE(spread.even);
}

TEST_F(SqliteKeySpreadTest, EmptyTableAndTextKeysAreSaidSo) {
  EXPECT_EQ(Sample().kind, IntegerKeySpread::Kind::kEmpty);
  Exec("CREATE TABLE words (w TEXT PRIMARY KEY)");
  Exec("INSERT INTO words VALUES ('a'), ('b')");
  Result<IntegerKeySpread> words = SampleIntegerKey(*db_, "words", "w");
  ASSERT_TRUE(words.ok()) << words.status().message();
  EXPECT_EQ(words->kind, IntegerKeySpread::Kind::kNotIntegers);
}

}  // namespace
}  // namespace ferry
