#include "mapping/plan_builder.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

Column Col(std::string name, std::string declared, bool nullable = true) {
  Column c;
  c.name = std::move(name);
  c.native_type = std::move(declared);
  c.nullable = nullable;
  return c;
}

TableSchema Table(std::string name) {
  TableSchema t;
  t.name = std::move(name);
  return t;
}

ForeignKey Fk(std::string column, std::string table, std::string referenced) {
  ForeignKey fk;
  fk.columns = {std::move(column)};
  fk.referenced_table = std::move(table);
  fk.referenced_columns = {std::move(referenced)};
  fk.on_delete = "NO ACTION";
  return fk;
}

Index Idx(std::string name, std::string column) {
  Index index;
  index.name = std::move(name);
  index.columns = {std::move(column)};
  return index;
}

// Artist(ArtistId INTEGER PRIMARY KEY, Name NVARCHAR(120)) and
// Album(AlbumId INTEGER PRIMARY KEY, Title, ArtistId → Artist) with an index on ArtistId.
DatabaseSchema MusicSchema() {
  TableSchema album = Table("Album");
  album.columns = {Col("AlbumId", "INTEGER", false), Col("Title", "NVARCHAR(160)", false),
                   Col("ArtistId", "INTEGER", false)};
  album.columns[0].auto_increment = true;
  album.primary_key = {"AlbumId"};
  album.foreign_keys.push_back(Fk("ArtistId", "Artist", "ArtistId"));
  album.indexes.push_back(Idx("IFK_AlbumArtistId", "ArtistId"));
  TableSchema artist = Table("Artist");
  artist.columns = {Col("ArtistId", "INTEGER", false), Col("Name", "NVARCHAR(120)")};
  artist.columns[0].auto_increment = true;
  artist.primary_key = {"ArtistId"};
  DatabaseSchema schema;
  schema.tables = {album, artist};  // Album first: the plan must reorder
  schema.skipped.push_back({"view", "AlbumView", "views are not copied"});
  return schema;
}

TEST(PlanBuilderTest, MapsTypesKeysAndOrdersReferencedTablesFirst) {
  Plan plan = BuildPlan(MusicSchema(), {}).value();
  ASSERT_EQ(plan.tables.size(), 2u);
  EXPECT_EQ(plan.tables[0].target.name, "Artist");
  const TablePlan& album = plan.tables[1];
  EXPECT_EQ(album.target.columns[1].native_type, "varchar(160)");
  EXPECT_EQ(album.target.columns[0].type, LogicalType::kInt64);
  EXPECT_TRUE(album.target.columns[0].auto_increment);
  EXPECT_FALSE(album.target.columns[1].nullable);
  EXPECT_EQ(album.target.primary_key, std::vector<std::string>{"AlbumId"});
  EXPECT_EQ(album.columns[2].source_column, 2);
  EXPECT_NE(album.columns[1].reason.find("NVARCHAR(160)"), std::string::npos);
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].name, "AlbumView");
}

TEST(PlanBuilderTest, SnakeCaseRenamesTablesColumnsAndEveryReference) {
  PlanOptions options;
  options.snake_case = true;
  Plan plan = BuildPlan(MusicSchema(), options).value();
  const TablePlan& album = plan.tables[1];
  EXPECT_EQ(album.target.name, "album");
  EXPECT_EQ(album.target.columns[2].name, "artist_id");
  EXPECT_EQ(album.target.primary_key, std::vector<std::string>{"album_id"});
  ASSERT_EQ(album.target.foreign_keys.size(), 1u);
  const ForeignKey& fk = album.target.foreign_keys[0];
  EXPECT_EQ(fk.name, "album_artist_id_fkey");
  EXPECT_EQ(fk.columns, std::vector<std::string>{"artist_id"});
  EXPECT_EQ(fk.referenced_table, "artist");
  EXPECT_EQ(fk.referenced_columns, std::vector<std::string>{"artist_id"});
  ASSERT_EQ(album.target.indexes.size(), 1u);
  EXPECT_EQ(album.target.indexes[0].name, "IFK_AlbumArtistId");  // the source's name
  EXPECT_EQ(album.target.indexes[0].columns, std::vector<std::string>{"artist_id"});
}

TEST(PlanBuilderTest, ExcludedTableDropsForeignKeysToItWithAWarning) {
  PlanOptions options;
  options.exclude = {"artist"};  // SQLite names match without regard to case
  Plan plan = BuildPlan(MusicSchema(), options).value();
  ASSERT_EQ(plan.tables.size(), 1u);
  EXPECT_TRUE(plan.tables[0].target.foreign_keys.empty());
  ASSERT_EQ(plan.tables[0].warnings.size(), 1u);
  EXPECT_EQ(plan.tables[0].warnings[0],
            "foreign key (ArtistId) → Artist left out: table Artist is not copied");
  EXPECT_EQ(plan.skipped.back().name, "Artist");
  EXPECT_EQ(plan.skipped.back().reason, "excluded by --exclude");
}

TEST(PlanBuilderTest, TablesListSelects) {
  PlanOptions options;
  options.tables = {"Artist"};
  Plan plan = BuildPlan(MusicSchema(), options).value();
  ASSERT_EQ(plan.tables.size(), 1u);
  EXPECT_EQ(plan.tables[0].source.name, "Artist");
  EXPECT_EQ(plan.skipped.back().reason, "not named in --tables");
}

TEST(PlanBuilderTest, UnknownTableInOptionsListsTheTables) {
  PlanOptions options;
  options.tables = {"Songs"};
  Result<Plan> plan = BuildPlan(MusicSchema(), options);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "table 'Songs' (from --tables) is not in the source; its tables are: Album, Artist");
}

TEST(PlanBuilderTest, ConfigRenamesRetypesAndExcludes) {
  PlanOptions options;
  options.config = ParseMappingConfig(R"toml(
[tables.Artist]
name = "performers"
[tables.Artist.columns.Name]
name = "full_name"
type = "text"
[tables.Album.columns.Title]
exclude = true
)toml",
                                      "ferry.toml")
                       .value();
  Plan plan = BuildPlan(MusicSchema(), options).value();
  const TablePlan& artist = plan.tables[0];
  EXPECT_EQ(artist.target.name, "performers");
  EXPECT_EQ(artist.target.columns[1].name, "full_name");
  EXPECT_EQ(artist.target.columns[1].native_type, "text");
  EXPECT_EQ(artist.columns[1].reason, "set in ferry.toml line 4: text");
  const TablePlan& album = plan.tables[1];
  EXPECT_EQ(album.target.columns.size(), 2u);
  EXPECT_EQ(album.columns[1].source_column, 2);
  EXPECT_EQ(album.target.foreign_keys[0].referenced_table, "performers");
  EXPECT_EQ(plan.skipped.back().kind, "column");
  EXPECT_EQ(plan.skipped.back().name, "Album.Title");
}

TEST(PlanBuilderTest, ConfigNamingAMissingColumnIsAnError) {
  PlanOptions options;
  options.config =
      ParseMappingConfig("[tables.Artist.columns.Nmae]\nexclude = true\n", "f.toml").value();
  Result<Plan> plan = BuildPlan(MusicSchema(), options);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "f.toml line 1: table 'Artist' has no column 'Nmae'; its columns are: ArtistId, Name");
}

TEST(PlanBuilderTest, NameCollisionsAreErrors) {
  DatabaseSchema schema;
  TableSchema t = Table("T");
  t.columns = {Col("UserId", "INTEGER"), Col("user_id", "TEXT")};
  schema.tables = {t};
  PlanOptions options;
  options.snake_case = true;
  Result<Plan> plan = BuildPlan(schema, options);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("would both be created as 'user_id'"), std::string::npos);
}

TEST(PlanBuilderTest, LongNamesAreShortenedWithAWarning) {
  DatabaseSchema schema;
  TableSchema t = Table(std::string(70, 'x'));
  t.columns = {Col("a", "INTEGER")};
  schema.tables = {t};
  Plan plan = BuildPlan(schema, {}).value();
  EXPECT_EQ(plan.tables[0].target.name.size(), 63u);
  ASSERT_EQ(plan.tables[0].warnings.size(), 1u);
  EXPECT_NE(plan.tables[0].warnings[0].find("longer than 63 bytes; created as"), std::string::npos);
}

// Given a target dialect without a name limit (SQLite), we expect long names
// kept whole, and each column's reason to end with the dialect's storage rule.
TEST(PlanBuilderTest, ADialectWithoutANameLimitKeepsLongNamesAndSaysItsRule) {
  DatabaseSchema schema;
  TableSchema t = Table(std::string(70, 'x'));
  t.columns = {Col("a", "INTEGER")};
  schema.tables = {t};
  PlanOptions options;
  options.dialect.name = "SQLite target";
  options.dialect.max_identifier_bytes = 0;
  options.dialect.storage_rule = [](const Column& c) { return "rule of " + c.native_type; };
  Plan plan = BuildPlan(schema, options).value();
  EXPECT_EQ(plan.tables[0].target.name, std::string(70, 'x'));
  EXPECT_TRUE(plan.tables[0].warnings.empty());
  EXPECT_TRUE(plan.tables[0].columns[0].reason.ends_with("; SQLite target: rule of bigint"))
      << plan.tables[0].columns[0].reason;
}

TEST(PlanBuilderTest, EmptyNamesAreErrorsUnlessRenamed) {
  DatabaseSchema schema;
  TableSchema t = Table("");
  t.columns = {Col("a", "INTEGER")};
  schema.tables = {t};
  Result<Plan> plan = BuildPlan(schema, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "table '' has an empty name, which PostgreSQL cannot create; give it one in "
            "ferry.toml (name = \"...\")");
  PlanOptions options;
  options.config.tables[""].name = "unnamed";
  EXPECT_EQ(BuildPlan(schema, options).value().tables[0].target.name, "unnamed");
}

TEST(PlanBuilderTest, DefaultsTranslateOrWarn) {
  DatabaseSchema schema;
  TableSchema t = Table("t");
  t.columns = {Col("n", "INTEGER"), Col("s", "TEXT"), Col("at", "DATETIME"), Col("x", "BLOB")};
  t.columns[0].default_expression = "42";
  t.columns[1].default_expression = "'it''s'";
  t.columns[2].default_expression = "CURRENT_TIMESTAMP";
  t.columns[3].default_expression = "randomblob(4)";
  schema.tables = {t};
  Plan plan = BuildPlan(schema, {}).value();
  const auto& columns = plan.tables[0].target.columns;
  EXPECT_EQ(columns[0].default_expression, "42");
  EXPECT_EQ(columns[1].default_expression, "'it''s'");
  EXPECT_EQ(columns[2].default_expression, "(now() AT TIME ZONE 'UTC')");
  EXPECT_FALSE(columns[3].default_expression.has_value());
  ASSERT_EQ(plan.tables[0].warnings.size(), 1u);
  EXPECT_NE(plan.tables[0].warnings[0].find("randomblob(4)"), std::string::npos);
}

TEST(PlanBuilderTest, ForeignKeyWithoutAUniqueTargetIsLeftOut) {
  DatabaseSchema schema = MusicSchema();
  schema.tables[0].foreign_keys[0].referenced_columns = {"Name"};
  Plan plan = BuildPlan(schema, {}).value();
  ASSERT_EQ(plan.tables[0].source.name, "Album");  // no dependency left: source order
  EXPECT_TRUE(plan.tables[0].target.foreign_keys.empty());
  ASSERT_EQ(plan.tables[0].warnings.size(), 1u);
  EXPECT_NE(plan.tables[0].warnings[0].find("PostgreSQL requires a primary key"),
            std::string::npos);
}

// Orders(Id, Status TEXT, Qty INTEGER, Email TEXT, Paid BOOLEAN), as SQLite describes it.
DatabaseSchema OrdersSchema() {
  TableSchema t = Table("Orders");
  t.columns = {Col("Id", "INTEGER", false), Col("Status", "TEXT"), Col("Qty", "INTEGER"),
               Col("Email", "TEXT"), Col("Paid", "BOOLEAN")};
  t.primary_key = {"Id"};
  DatabaseSchema schema;
  schema.tables = {t};
  return schema;
}

// Regression (issue 11): SQLite CHECK constraints were dropped without a word.
TEST(PlanBuilderTest, PortableSqliteChecksAreTranslatedAndTheRestListedWithTheirText) {
  DatabaseSchema schema = OrdersSchema();
  schema.tables[0].checks = {{"qty_positive", "Qty > 0"},
                             {"", "status IN ('new', 'paid') AND length(Email) < 200"},
                             {"", "Paid IN (0, 1)"},
                             {"email_like", "Email LIKE '%@%'"}};
  PlanOptions options;
  options.snake_case = true;
  Plan plan = BuildPlan(schema, options).value();
  const TableSchema& target = plan.tables[0].target;
  ASSERT_EQ(target.checks.size(), 2u);
  EXPECT_EQ(target.checks[0].name, "qty_positive");
  EXPECT_EQ(target.checks[0].expression, "\"qty\" > 0");
  EXPECT_EQ(target.checks[1].name, "");
  EXPECT_EQ(target.checks[1].expression,
            "\"status\" IN ('new', 'paid') AND length(\"email\") < 200");
  ASSERT_EQ(plan.skipped.size(), 2u);
  EXPECT_EQ(plan.skipped[0].kind, "check constraint");
  EXPECT_EQ(plan.skipped[0].name, "Orders.(unnamed)");
  EXPECT_NE(plan.skipped[0].reason.find("CHECK (Paid IN (0, 1))"), std::string::npos);
  EXPECT_EQ(plan.skipped[1].name, "Orders.email_like");
  EXPECT_NE(plan.skipped[1].reason.find("'LIKE' is not translated"), std::string::npos);
}

// Regression (issue 11): partial and expression indexes were listed as skipped
// (SQLite) or their predicate kept with source column names (renamed columns).
// Given a target that does not run PostgreSQL's SQL (SQLite), each default
// and CHECK constraint the tables lose is listed as skipped, with its text.
TEST(PlanBuilderTest, ATargetWithoutSqlExpressionsListsTheDefaultsAndChecksItLeavesOut) {
  DatabaseSchema schema = OrdersSchema();
  schema.tables[0].columns[0].default_expression = "42";
  schema.tables[0].checks = {{"qty_positive", "Qty > 0"}};
  PlanOptions options;
  options.dialect.name = "SQLite target";
  options.dialect.runs_sql_expressions = false;
  Plan plan = BuildPlan(schema, options).value();
  std::vector<std::string> listed;
  for (const SkippedObject& s : plan.skipped)
    listed.push_back(s.kind + " " + s.name + ": " + s.reason);
  std::string table = plan.tables[0].target.name;
  std::string column = plan.tables[0].target.columns[0].name;
  EXPECT_EQ(listed, (std::vector<std::string>{"default " + table + "." + column +
                                                  ": DEFAULT 42: not created in the SQLite target",
                                              "check constraint " + table +
                                                  ".qty_positive: CHECK (\"Qty\" > 0): not "
                                                  "created in the SQLite target"}));
  options.dialect.runs_sql_expressions = true;
  EXPECT_TRUE(BuildPlan(schema, options).value().skipped.empty());
}

// Given every table on the source's own schema, the objects of the kinds it
// carries are listed as restored, not skipped; once a table takes ferry's DDL
// (a rename), the list stays whole, as the copy keeps it.
TEST(PlanBuilderTest, WhatTheSourcesOwnSchemaCarriesIsListedAsRestored) {
  DatabaseSchema schema = MusicSchema();
  schema.skipped = {{"view", "artist_names", "views are not copied"},
                    {"trigger", "Album.touch", "triggers are not copied"},
                    {"event trigger", "audit", "not copied"}};
  PlanOptions options;
  options.native_schema = true;
  options.native_carried_kinds = {"view", "trigger"};
  Plan plan = BuildPlan(schema, options).value();
  auto names = [](const std::vector<SkippedObject>& list) {
    std::vector<std::string> out;
    for (const SkippedObject& s : list) out.push_back(s.kind + " " + s.name);
    return out;
  };
  EXPECT_EQ(names(plan.carried),
            (std::vector<std::string>{"view artist_names", "trigger Album.touch"}));
  EXPECT_EQ(names(plan.skipped), std::vector<std::string>{"event trigger audit"});
  options.snake_case = true;  // renames: ferry's DDL for every table
  Plan renamed = BuildPlan(schema, options).value();
  EXPECT_TRUE(renamed.carried.empty());
  EXPECT_EQ(renamed.skipped.size(), 3u);
}

TEST(PlanBuilderTest, SqlitePartialAndExpressionIndexesAreTranslated) {
  DatabaseSchema schema = OrdersSchema();
  Index partial = Idx("open_orders", "Status");
  partial.where = "Status <> 'done' AND Qty IS NOT NULL";
  Index lower = Idx("orders_email", "(lower(Email)) DESC");
  lower.unique = true;
  Index nocase = Idx("orders_email_nocase", "(\"Email\" COLLATE NOCASE)");
  schema.tables[0].indexes = {partial, lower, nocase};
  PlanOptions options;
  options.snake_case = true;
  Plan plan = BuildPlan(schema, options).value();
  const TableSchema& target = plan.tables[0].target;
  ASSERT_EQ(target.indexes.size(), 2u);
  EXPECT_EQ(target.indexes[0].name, "open_orders");
  EXPECT_EQ(target.indexes[0].columns, std::vector<std::string>{"status"});
  EXPECT_EQ(target.indexes[0].where, "\"status\" <> 'done' AND \"qty\" IS NOT NULL");
  EXPECT_EQ(target.indexes[1].name, "orders_email");
  EXPECT_EQ(target.indexes[1].columns, std::vector<std::string>{"(lower(\"email\")) DESC"});
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].kind, "index");
  EXPECT_EQ(plan.skipped[0].name, "Orders.orders_email_nocase");
  EXPECT_NE(plan.skipped[0].reason.find("INDEX orders_email_nocase ON Orders ((\"Email\" COLLATE "
                                        "NOCASE))"),
            std::string::npos)
      << plan.skipped[0].reason;
}

// Regression (issue 11): a PostgreSQL GIN index, its predicate and its
// expression were copied as written even when --snake-case renamed the
// columns they name; and the method must survive the plan.
TEST(PlanBuilderTest, PostgresIndexesAndChecksNamingRenamedColumnsAreListed) {
  TableSchema t = Table("Docs");
  t.columns = {Col("Id", "bigint", false), Col("Body", "tsvector"), Col("Title", "text")};
  t.primary_key = {"Id"};
  Index gin = Idx("docs_body", "Body");
  gin.method = "gin";
  Index expression = Idx("docs_title_lower", "lower(\"Title\")");
  t.indexes = {gin, expression};
  t.checks = {{"title_set", "\"Title\" IS NOT NULL"}};
  DatabaseSchema schema;
  schema.tables = {t};
  PlanOptions options;
  options.source_types = SourceTypes::kPostgres;
  Plan kept = BuildPlan(schema, options).value();
  ASSERT_EQ(kept.tables[0].target.indexes.size(), 2u);
  EXPECT_EQ(kept.tables[0].target.indexes[0].method, "gin");
  EXPECT_EQ(kept.tables[0].target.indexes[1].columns[0], "lower(\"Title\")");
  ASSERT_EQ(kept.tables[0].target.checks.size(), 1u);
  EXPECT_TRUE(kept.skipped.empty());

  options.snake_case = true;
  Plan renamed = BuildPlan(schema, options).value();
  ASSERT_EQ(renamed.tables[0].target.indexes.size(), 1u);
  EXPECT_EQ(renamed.tables[0].target.indexes[0].columns, std::vector<std::string>{"body"});
  EXPECT_EQ(renamed.tables[0].target.indexes[0].method, "gin");
  EXPECT_TRUE(renamed.tables[0].target.checks.empty());
  ASSERT_EQ(renamed.skipped.size(), 2u);
  EXPECT_EQ(renamed.skipped[0].name, "Docs.docs_title_lower");
  EXPECT_EQ(renamed.skipped[1].name, "Docs.title_set");
}

// Regression (issue 11): index names were rewritten (idx_title → film_title_idx).
TEST(PlanBuilderTest, IndexNamesAreKeptUnlessTooLongOrTaken) {
  DatabaseSchema schema = OrdersSchema();
  std::string long_name(70, 'i');
  schema.tables[0].indexes = {Idx("idx_status", "Status"), Idx("Orders", "Qty"),
                              Idx(long_name, "Email")};
  Plan plan = BuildPlan(schema, {}).value();
  const TablePlan& table = plan.tables[0];
  ASSERT_EQ(table.target.indexes.size(), 3u);
  EXPECT_EQ(table.target.indexes[0].name, "idx_status");
  EXPECT_EQ(table.target.indexes[1].name, "Orders1");  // the table has the name
  EXPECT_LE(table.target.indexes[2].name.size(), 63u);
  ASSERT_EQ(table.warnings.size(), 2u);
  EXPECT_NE(table.warnings[0].find("another table, index or key"), std::string::npos);
  EXPECT_NE(table.warnings[1].find("longer than PostgreSQL's 63 bytes"), std::string::npos);
}

}  // namespace
}  // namespace ferry

namespace ferry {
namespace {

// PostgreSQL source t(id bigint, mood mood (a type of its own), n integer).
DatabaseSchema RowsSchema() {
  TableSchema t = Table("t");
  t.columns = {Col("id", "bigint", false), Col("mood", "mood"), Col("n", "integer")};
  t.columns[0].type = LogicalType::kInt64;
  t.columns[1].custom_type = true;
  t.columns[2].type = LogicalType::kInt32;
  t.primary_key = {"id"};
  DatabaseSchema schema;
  schema.tables = {t};
  return schema;
}

// Given a table the mapping leaves as it is but for names, we expect no
// reason its rows change: renames change no value.
TEST(PlanBuilderTest, RenamesLeaveTheRowsAsTheyAre) {
  PlanOptions options;
  options.source_types = SourceTypes::kPostgres;
  options.target_has_type = [](const std::string&) { return true; };
  options.config = ParseMappingConfig(
                       "[tables.t]\nname = \"u\"\n[tables.t.columns.n]\nname = "
                       "\"m\"\n",
                       "f.toml")
                       .value();
  Plan plan = BuildPlan(RowsSchema(), options).value();
  EXPECT_EQ(plan.tables[0].rows_changed, "");
}

// Given a type set in ferry.toml, a type the target lacks, or a column left
// out, we expect the reason the rows change, naming the column.
TEST(PlanBuilderTest, ATypeThatChangesOrAColumnLeftOutChangesTheRows) {
  PlanOptions options;
  options.source_types = SourceTypes::kPostgres;
  options.target_has_type = [](const std::string&) { return true; };
  options.config =
      ParseMappingConfig("[tables.t.columns.n]\ntype = \"bigint\"\n", "f.toml").value();
  EXPECT_EQ(BuildPlan(RowsSchema(), options).value().tables[0].rows_changed,
            "column n: integer becomes bigint");

  options.config = MappingConfig();
  options.target_has_type = [](const std::string& name) { return name != "mood"; };
  EXPECT_EQ(BuildPlan(RowsSchema(), options).value().tables[0].rows_changed,
            "column mood: mood becomes text");

  options.target_has_type = [](const std::string&) { return true; };
  options.config = ParseMappingConfig("[tables.t.columns.n]\nexclude = true\n", "f.toml").value();
  EXPECT_EQ(BuildPlan(RowsSchema(), options).value().tables[0].rows_changed,
            "columns are left out");
}

}  // namespace
}  // namespace ferry
