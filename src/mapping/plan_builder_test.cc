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
  EXPECT_EQ(album.target.indexes[0].name, "album_artist_id_idx");
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

}  // namespace
}  // namespace ferry
