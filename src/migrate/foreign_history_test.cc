// Reading other tools' history tables, against a database that holds canned tables.
#include "migrate/foreign_history.h"

#include <gtest/gtest.h>

#include <map>

namespace ferry::migrate {
namespace {

using TextRows = MigrationDatabase::TextRows;

// Knows the tables it is given; QueryText answers by the table named after FROM.
class TablesDatabase : public MigrationDatabase {
 public:
  std::string Describe() const override { return "tables"; }
  Status EnsureHistoryTable() override { return Status::OK(); }
  Result<std::vector<AppliedMigration>> ListApplied() override {
    return std::vector<AppliedMigration>{};
  }
  Status Begin() override { return Status::OK(); }
  Status Commit() override { return Status::OK(); }
  void Rollback() override {}
  Status ExecuteScript(const MigrationScript&, bool) override { return Status::OK(); }
  Status InsertApplied(const AppliedMigration&) override { return Status::OK(); }
  Status SetOutcome(int64_t, bool, int64_t) override { return Status::OK(); }
  Status SetChecksum(int64_t, std::string_view) override { return Status::OK(); }
  Status DeleteApplied(int64_t) override { return Status::OK(); }
  Result<std::vector<std::string>> TableColumns(std::string_view name) override {
    auto it = tables.find(std::string(name));
    if (it == tables.end()) return std::vector<std::string>{};
    return it->second.first;
  }
  Result<TextRows> QueryText(std::string_view sql) override {
    for (auto& [name, table] : tables) {
      if (sql.find("FROM " + name) != std::string_view::npos) return table.second;
    }
    return Status::NotFound(std::string(sql));
  }

  std::map<std::string, std::pair<std::vector<std::string>, TextRows>> tables;
};

std::vector<Migration> Files(std::initializer_list<int64_t> versions) {
  std::vector<Migration> out;
  for (int64_t v : versions) {
    Migration m;
    m.version = v;
    m.description = "m" + std::to_string(v);
    out.push_back(m);
  }
  return out;
}

std::vector<int64_t> Versions(const Result<std::vector<const Migration*>>& chosen) {
  std::vector<int64_t> out;
  for (const Migration* m : *chosen) out.push_back(m->version);
  return out;
}

TEST(ForeignHistoryTest, GolangMigrateCurrentVersionCoversEveryFileUpToIt) {
  TablesDatabase db;
  db.tables["schema_migrations"] = {{"version", "dirty"}, {{"2", "false"}}};
  Result<std::vector<ForeignHistory>> found = FindForeignHistories(db);
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_EQ(found->size(), 1u);  // not also taken for dbmate's table of the same name
  const ForeignHistory& h = (*found)[0];
  EXPECT_EQ(h.tool, HistoryTool::kGolangMigrate);
  EXPECT_EQ(h.Summary(), "golang-migrate (table schema_migrations: version 2)");
  std::vector<Migration> files = Files({1, 2, 3});
  Result<std::vector<const Migration*>> chosen = MigrationsToRecord(h, files);
  ASSERT_TRUE(chosen.ok()) << chosen.status().message();
  EXPECT_EQ(Versions(chosen), (std::vector<int64_t>{1, 2}));
  std::vector<Migration> without_two = Files({1, 3});
  Result<std::vector<const Migration*>> missing = MigrationsToRecord(h, without_two);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("applied version(s) 2 but no file"), std::string::npos)
      << missing.status().message();
}

TEST(ForeignHistoryTest, DirtyGolangMigrateStateIsRefusedWithTheReason) {
  TablesDatabase db;
  db.tables["schema_migrations"] = {{"version", "dirty"}, {{"3", "1"}}};
  Result<std::optional<ForeignHistory>> h = ReadForeignHistory(db, HistoryTool::kGolangMigrate);
  ASSERT_TRUE(h.ok() && h->has_value());
  std::vector<Migration> files = Files({1, 2, 3});
  Result<std::vector<const Migration*>> chosen = MigrationsToRecord(**h, files);
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(chosen.status().message().find("marks version 3 dirty"), std::string::npos);
  EXPECT_NE(chosen.status().message().find("migrate force"), std::string::npos);
}

TEST(ForeignHistoryTest, DbmateAndDieselListEachAppliedVersion) {
  TablesDatabase db;
  db.tables["schema_migrations"] = {{"version"}, {{"20240101000000"}, {"20240301000000"}}};
  db.tables["__diesel_schema_migrations"] = {{"version", "run_on"},
                                             {{"00000000000000"}, {"20170201123456"}}};
  Result<std::vector<ForeignHistory>> found = FindForeignHistories(db);
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].tool, HistoryTool::kDbmate);
  EXPECT_EQ((*found)[0].versions, (std::vector<int64_t>{20240101000000, 20240301000000}));
  EXPECT_EQ((*found)[1].tool, HistoryTool::kDiesel);
  std::vector<Migration> files = Files({20240101000000, 20240201000000, 20240301000000});
  Result<std::vector<const Migration*>> chosen = MigrationsToRecord((*found)[0], files);
  ASSERT_TRUE(chosen.ok()) << chosen.status().message();
  // dbmate applies what is pending in any order: only what it recorded is applied.
  EXPECT_EQ(Versions(chosen), (std::vector<int64_t>{20240101000000, 20240301000000}));
}

TEST(ForeignHistoryTest, FlywayReplaysBaselineUndoAndFailures) {
  TablesDatabase db;
  TextRows rows = {{"0", "SCHEMA", "true", "<< Flyway Schema Creation >>", "\"public\""},
                   {"1", "BASELINE", "true", "<< Flyway Baseline >>", "<< Flyway Baseline >>"},
                   {"2", "SQL", "true", "add users", "V2__add_users.sql"},
                   {"3", "SQL", "true", "add posts", "V3__add_posts.sql"},
                   {"3", "UNDO_SQL", "true", "add posts", "U3__add_posts.sql"},
                   {std::nullopt, "SQL", "true", "views", "R__views.sql"}};
  db.tables["flyway_schema_history"] = {{"installed_rank", "version", "type", "success"}, rows};
  Result<std::optional<ForeignHistory>> h = ReadForeignHistory(db, HistoryTool::kFlyway);
  ASSERT_TRUE(h.ok() && h->has_value());
  EXPECT_EQ((*h)->versions, std::vector<int64_t>{2});
  EXPECT_EQ((*h)->up_to, 1);
  ASSERT_EQ((*h)->notes.size(), 1u);
  EXPECT_NE((*h)->notes[0].find("R__views.sql"), std::string::npos);
  std::vector<Migration> files = Files({1, 2, 3});
  Result<std::vector<const Migration*>> chosen = MigrationsToRecord(**h, files);
  ASSERT_TRUE(chosen.ok()) << chosen.status().message();
  EXPECT_EQ(Versions(chosen), (std::vector<int64_t>{1, 2}));

  rows.push_back({"4", "SQL", "false", "broken", "V4__broken.sql"});
  db.tables["flyway_schema_history"].second = rows;
  h = ReadForeignHistory(db, HistoryTool::kFlyway);
  ASSERT_TRUE(h.ok() && h->has_value());
  ASSERT_TRUE((*h)->refusal.has_value());
  EXPECT_NE((*h)->refusal->find("version 4 (broken) as failed"), std::string::npos);
  rows.back() = {"4.1", "SQL", "true", "dotted", "V4.1__dotted.sql"};
  db.tables["flyway_schema_history"].second = rows;
  h = ReadForeignHistory(db, HistoryTool::kFlyway);
  ASSERT_TRUE(h.ok() && h->has_value() && (*h)->refusal.has_value());
  EXPECT_NE((*h)->refusal->find("version '4.1'"), std::string::npos) << *(*h)->refusal;
}

TEST(ForeignHistoryTest, AbsentOrEmptyTablesAreNotReported) {
  TablesDatabase db;
  Result<std::vector<ForeignHistory>> none = FindForeignHistories(db);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  db.tables["schema_migrations"] = {{"version", "dirty"}, {}};  // migrated all the way down
  none = FindForeignHistories(db);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(ParseHistoryTool("flyway").ok());
  EXPECT_FALSE(ParseHistoryTool("liquibase").ok());
}

}  // namespace
}  // namespace ferry::migrate
