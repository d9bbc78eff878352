// Tampering with a copied table: each change is found at --level row with the
// right key and column, and makes --level hash report a difference.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"
#include "verify_test_util.h"

namespace ferry::testing {
namespace {

class VerifyTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    sqlite_ = CreateEveryKindDatabase(dir_.path(), 300);
    db_ = std::make_unique<ScratchPgDatabase>("verify_tamper");
    ASSERT_TRUE(db_->ok()) << db_->error();
    Status copied = CopySqliteToPg(sqlite_, db_->url());
    ASSERT_TRUE(copied.ok()) << copied.message();
  }

  void Tamper(const std::string& sql) {
    Status s = db_->Connect().Run(sql);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  TableResult Verify(VerifyLevel level) {
    VerifyOptions options;
    options.level = level;
    options.chunk_rows = 64;  // several chunks, so the difference is in one of them
    Result<VerifyReport> report = VerifySqliteAgainstPg(sqlite_, db_->url(), options);
    EXPECT_TRUE(report.ok()) << report.status().message();
    if (!report.ok() || report->tables.size() != 1) return {};
    EXPECT_TRUE(report->tables[0].error.ok()) << report->tables[0].error.message();
    return report->tables[0];
  }

  // The one difference at row level, checked to be of `kind` at `key`; and the
  // hash level must see the table differ too.
  RowDifference OnlyDifference(DiffKind kind, const std::string& key) {
    EXPECT_TRUE(Verify(VerifyLevel::kHash).Differs());
    TableResult t = Verify(VerifyLevel::kRow);
    EXPECT_EQ(t.differences_total, 1);
    if (t.differences.size() != 1) return {};
    EXPECT_EQ(t.differences[0].kind, kind);
    EXPECT_EQ(t.differences[0].key, key);
    return t.differences[0];
  }

  void ExpectChangedColumn(const RowDifference& d, const std::string& column,
                           const std::string& source, const std::string& target) {
    ASSERT_EQ(d.columns.size(), 1u);
    EXPECT_EQ(d.columns[0].column, column);
    EXPECT_EQ(d.columns[0].source_value, source);
    EXPECT_EQ(d.columns[0].target_value, target);
  }

  TempDir dir_;
  std::string sqlite_;
  std::unique_ptr<ScratchPgDatabase> db_;
};

TEST_F(VerifyTamperTest, UntouchedCopyIsEqual) {
  EXPECT_FALSE(Verify(VerifyLevel::kRow).Differs());
}

TEST_F(VerifyTamperTest, OneColumnUpdated) {
  Tamper("UPDATE kinds SET v = 'changed' WHERE id = 5");
  ExpectChangedColumn(OnlyDifference(DiffKind::kChanged, "id=5"), "v", "'v5'", "'changed'");
}

TEST_F(VerifyTamperTest, RowDeleted) {
  Tamper("DELETE FROM kinds WHERE id = 6");
  OnlyDifference(DiffKind::kMissing, "id=6");
}

TEST_F(VerifyTamperTest, RowInserted) {
  Tamper("INSERT INTO kinds (id, t) VALUES (100000, 'new')");
  OnlyDifference(DiffKind::kExtra, "id=100000");
}

TEST_F(VerifyTamperTest, FloatChangedInItsLastBit) {
  double value = std::stod(db_->QueryValue("SELECT d FROM kinds WHERE id = 7"));
  double next = std::nextafter(value, 1.0);
  Tamper(fmt::format("UPDATE kinds SET d = '{:.17g}' WHERE id = 7", next));
  ExpectChangedColumn(OnlyDifference(DiffKind::kChanged, "id=7"), "d", fmt::format("{}", value),
                      fmt::format("{}", next));
}

TEST_F(VerifyTamperTest, TimestampMovedByOneMicrosecond) {
  Tamper("UPDATE kinds SET ts = ts + interval '1 microsecond' WHERE id = 8");
  ExpectChangedColumn(OnlyDifference(DiffKind::kChanged, "id=8"), "ts",
                      "2024-02-29 10:08:00.000056", "2024-02-29 10:08:00.000057");
}

TEST_F(VerifyTamperTest, TextWithAChangedAccent) {
  Tamper("UPDATE kinds SET t = 'Cafè' WHERE id = 9");
  ExpectChangedColumn(OnlyDifference(DiffKind::kChanged, "id=9"), "t", "'Café'", "'Cafè'");
}

TEST_F(VerifyTamperTest, JsonbWithAChangedNestedValue) {
  Tamper("UPDATE kinds SET j = jsonb_set(j, '{a,b}', '2') WHERE id = 10");
  RowDifference d = OnlyDifference(DiffKind::kChanged, "id=10");
  ASSERT_EQ(d.columns.size(), 1u);
  EXPECT_EQ(d.columns[0].column, "j");
  EXPECT_EQ(d.columns[0].target_value, R"({"a": {"b": 2}, "z": [1, 2]})");
}

TEST_F(VerifyTamperTest, SeveralChangesAreAllFound) {
  Tamper(
      "UPDATE kinds SET flag = NOT flag WHERE id = 20; DELETE FROM kinds WHERE id = 200;"
      "UPDATE kinds SET bl = '\\x00' WHERE id = 250");
  TableResult t = Verify(VerifyLevel::kRow);
  EXPECT_EQ(t.differences_total, 3);
  EXPECT_EQ(t.target_rows, 299);
}

}  // namespace
}  // namespace ferry::testing
