// PgSource against a real PostgreSQL: catalogs into TableSchema, binary COPY into
// Values of every logical type, key-range chunks, one shared snapshot.
#include "connectors/postgres/pg_source.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "test_util.h"

namespace ferry::testing {
namespace {

constexpr const char* kAllTypesSql = R"sql(
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE kinds (
  id bigint PRIMARY KEY,
  b boolean, i2 smallint, i4 integer, f4 real, f8 double precision,
  n numeric(12,3), t text, vc varchar(10), ch char(3), by bytea,
  d date, tm time, ts timestamp, tz timestamptz, u uuid, j json, jb jsonb,
  dom positive_int, m mood, arr text[], iv interval);
INSERT INTO kinds VALUES
  (1, true, -2, 70000, 0.5, 1e-300, -12.5, 'caf' || chr(233), 'abc', 'ab', '\x00ff',
   '1970-01-02', '00:00:01.000002', '2000-01-01 00:00:00.000001', '1970-01-01 01:00:00+01',
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1, "a": [1.0]}', '{"b": 1, "a": [1.0]}',
   7, 'happy', '{x,"y z"}', '1 day'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL, NULL, NULL);
)sql";

class PgSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    db_ = std::make_unique<ScratchPgDatabase>("pgsource");
    ASSERT_TRUE(db_->ok()) << db_->error();
    ASSERT_TRUE(db_->Connect().Run(kAllTypesSql).ok());
  }

  std::unique_ptr<PgSource> Open() {
    Result<std::unique_ptr<PgSource>> source = PgSource::Open(*ParseEndpoint(db_->url()));
    EXPECT_TRUE(source.ok()) << source.status().message();
    return source.ok() ? std::move(source).value() : nullptr;
  }

  // Reads every row of `chunk` of the table as described.
  static std::vector<std::vector<Value>> ReadAll(PgSource& source, const TableSchema& table,
                                                 const Chunk& chunk, Batch& keep) {
    Result<std::unique_ptr<BatchReader>> reader = source.OpenReader(table, chunk);
    EXPECT_TRUE(reader.ok()) << reader.status().message();
    std::vector<std::vector<Value>> rows;
    if (!reader.ok()) return rows;
    while ((*reader)->Next(&keep, 1000)) {
      for (size_t r = 0; r < keep.num_rows(); ++r) {
        rows.emplace_back(keep.Row(r), keep.Row(r) + keep.num_columns());
      }
      break;  // tests read fewer than 1000 rows; the batch must stay alive for the views
    }
    EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status().message();
    return rows;
  }

  std::unique_ptr<ScratchPgDatabase> db_;
};

TEST_F(PgSourceTest, DescribesColumnsWithLogicalTypes) {
  auto source = Open();
  ASSERT_NE(source, nullptr);
  Result<DatabaseSchema> schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  const TableSchema* kinds = schema->FindTable("kinds");
  ASSERT_NE(kinds, nullptr);
  std::string types;
  for (const Column& c : kinds->columns)
    types += c.name + ":" + std::string(LogicalTypeName(c.type)) + " ";
  EXPECT_EQ(types,
            "id:int64 b:bool i2:int16 i4:int32 f4:float32 f8:float64 n:numeric t:text vc:text "
            "ch:text by:bytes d:date tm:time ts:timestamp tz:timestamptz u:uuid j:json jb:json "
            "dom:int32 m:text arr:text iv:text ");
  EXPECT_EQ(kinds->primary_key, std::vector<std::string>{"id"});
  EXPECT_EQ(kinds->columns[6].native_type, "numeric(12,3)");
  EXPECT_FALSE(kinds->columns[0].nullable);
}

TEST_F(PgSourceTest, EstimatesTableSizesOnceAnalyzed) {
  ASSERT_TRUE(db_->Connect()
                  .Run("CREATE TABLE narrow (id int PRIMARY KEY);"
                       "CREATE TABLE wide (id int PRIMARY KEY, data bytea);"
                       "INSERT INTO narrow SELECT i FROM generate_series(1, 1000) i;"
                       "ALTER TABLE wide ALTER data SET STORAGE EXTERNAL;"
                       "INSERT INTO wide SELECT i, decode(repeat('ab', 4000), 'hex') "
                       "FROM generate_series(1, 1000) i;"
                       "ANALYZE narrow; ANALYZE wide;")
                  .ok());
  std::unique_ptr<PgSource> source = Open();
  ASSERT_NE(source, nullptr);
  Result<DatabaseSchema> schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  const TableSchema* narrow = schema->FindTable("narrow");
  const TableSchema* wide = schema->FindTable("wide");
  ASSERT_TRUE(narrow != nullptr && wide != nullptr);
  // Pages on disk: heap (and TOAST for the 4,000-byte values).
  EXPECT_GT(narrow->estimated_bytes, 1000 * 4);
  EXPECT_LT(narrow->estimated_bytes, 1000 * 100);
  EXPECT_GT(wide->estimated_bytes, 1000 * 4000);
}

TEST_F(PgSourceTest, DescribesKeysIndexesForeignKeysAndSkipsViews) {
  ASSERT_TRUE(db_->Connect()
                  .Run("CREATE TABLE parent (a int, b int, code text UNIQUE, PRIMARY KEY (a, b));"
                       "CREATE TABLE child (id serial PRIMARY KEY, pa int, pb int,"
                       " FOREIGN KEY (pa, pb) REFERENCES parent ON DELETE CASCADE);"
                       "CREATE INDEX child_pb ON child (pb) WHERE pb > 0;"
                       "CREATE VIEW v AS SELECT 1;")
                  .ok());
  auto source = Open();
  Result<DatabaseSchema> schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  const TableSchema* parent = schema->FindTable("parent");
  const TableSchema* child = schema->FindTable("child");
  ASSERT_TRUE(parent && child);
  EXPECT_EQ(parent->primary_key, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parent->unique_keys, std::vector<std::vector<std::string>>{{"code"}});
  ASSERT_EQ(child->foreign_keys.size(), 1u);
  EXPECT_EQ(child->foreign_keys[0].referenced_table, "parent");
  EXPECT_EQ(child->foreign_keys[0].columns, (std::vector<std::string>{"pa", "pb"}));
  EXPECT_EQ(child->foreign_keys[0].on_delete, "CASCADE");
  ASSERT_EQ(child->indexes.size(), 1u);
  EXPECT_EQ(child->indexes[0].columns, std::vector<std::string>{"pb"});
  EXPECT_EQ(child->indexes[0].where, "pb > 0");
  EXPECT_TRUE(child->columns[0].auto_increment);
  std::vector<std::string> skipped;  // besides the fixture's domain and enum
  for (const SkippedObject& s : schema->skipped) skipped.push_back(s.kind + " " + s.name);
  EXPECT_EQ(skipped, (std::vector<std::string>{"view v", "domain positive_int", "enum type mood"}));
}

// Given a check constraint, a trigger and a row security policy, we expect
// the check read (it is copied) and the others listed as skipped with what to
// do, and no trigger behind a foreign key.
TEST_F(PgSourceTest, ReadsChecksAndListsTriggersAndPoliciesAsNotCopied) {
  ASSERT_TRUE(db_->Connect()
                  .Run("CREATE TABLE account (id int PRIMARY KEY, balance int "
                       "CONSTRAINT balance_positive CHECK (balance >= 0));"
                       "CREATE TABLE entry (id int PRIMARY KEY, account int REFERENCES account);"
                       "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$BEGIN RETURN NEW; END$$;"
                       "CREATE TRIGGER entry_touch BEFORE INSERT ON entry "
                       "FOR EACH ROW EXECUTE FUNCTION touch();"
                       "ALTER TABLE account ENABLE ROW LEVEL SECURITY;"
                       "CREATE POLICY own_rows ON account USING (id > 0);")
                  .ok());
  std::unique_ptr<PgSource> source = Open();
  ASSERT_NE(source, nullptr);
  Result<DatabaseSchema> schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  std::map<std::string, std::string> skipped;  // name -> kind: reason
  for (const SkippedObject& s : schema->skipped) skipped[s.name] = s.kind + ": " + s.reason;
  EXPECT_EQ(skipped.size(), 5u);  // and the fixture's function, domain and enum
  EXPECT_NE(skipped["touch()"].find("function: "), std::string::npos);
  const TableSchema* account = schema->FindTable("account");
  ASSERT_NE(account, nullptr);
  ASSERT_EQ(account->checks.size(), 1u);
  EXPECT_EQ(account->checks[0].name, "balance_positive");
  EXPECT_EQ(account->checks[0].expression, "balance >= 0");
  EXPECT_NE(skipped["entry.entry_touch"].find("trigger: "), std::string::npos);
  EXPECT_NE(skipped["account.own_rows"].find("policy: "), std::string::npos);
}

// Given one object of every kind ferry does not recreate, each is listed by
// kind and name (objects of an extension come with it and are not listed).
TEST_F(PgSourceTest, ListsEveryKindOfObjectItDoesNotCopy) {
  Status made = db_->Connect().Run(R"sql(
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE item (id int PRIMARY KEY, span int4range, price int,
                       doubled int GENERATED ALWAYS AS (price * 2) STORED);
    CREATE TABLE item_archive () INHERITS (item);
    CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';
    CREATE PROCEDURE noop() LANGUAGE plpgsql AS $$BEGIN END$$;
    CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int);
    CREATE RULE no_delete AS ON DELETE TO item DO INSTEAD NOTHING;
    CREATE TYPE point2 AS (x int, y int);
    CREATE TYPE floatrange AS RANGE (subtype = float8);
    ALTER TABLE item ADD CONSTRAINT no_overlap EXCLUDE USING gist (span WITH &&);
    CREATE STATISTICS item_stats (dependencies) ON id, price FROM item;
    COMMENT ON TABLE item IS 'things';
    COMMENT ON COLUMN item.price IS 'in cents';
    GRANT SELECT ON item TO PUBLIC;
    GRANT UPDATE (price) ON item TO PUBLIC;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;
    CREATE MATERIALIZED VIEW cheap AS SELECT * FROM item WHERE price < 10;
    CREATE TABLE tag (id int PRIMARY KEY, code text, UNIQUE NULLS NOT DISTINCT (code));
    CREATE UNIQUE INDEX tag_lower ON tag (lower(code)) NULLS NOT DISTINCT;
    CREATE TEXT SEARCH CONFIGURATION plain (COPY = simple);
    CREATE TEXT SEARCH DICTIONARY plain_dict (TEMPLATE = simple);
    CREATE OPERATOR CLASS int4_rev FOR TYPE int4 USING btree AS OPERATOR 1 >, FUNCTION 1 btint4cmp(int4, int4);
    CREATE FOREIGN DATA WRAPPER nowhere;
    CREATE SERVER far FOREIGN DATA WRAPPER nowhere;
    CREATE PUBLICATION everything FOR ALL TABLES;)sql");
  ASSERT_TRUE(made.ok()) << made.message();
  std::unique_ptr<PgSource> source = Open();
  ASSERT_NE(source, nullptr);
  Result<DatabaseSchema> schema = source->DescribeSchema();
  (void)db_->Connect().Run("DROP PUBLICATION everything");
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  std::set<std::string> listed;
  for (const SkippedObject& s : schema->skipped) listed.insert(s.kind + " " + s.name);
  for (const char* expected : {"generated column item.doubled",
                               "inheritance item_archive",
                               "function add_one(x integer)",
                               "procedure noop()",
                               "aggregate total(integer)",
                               "rule item.no_delete",
                               "domain positive_int",
                               "enum type mood",
                               "composite type point2",
                               "range type floatrange",
                               "exclusion constraint item.no_overlap",
                               "statistics item_stats",
                               "comment item",
                               "comment item.price",
                               "grant item",
                               "grant item.price",
                               "extension pg_trgm",
                               "materialized view cheap",
                               "publication everything",
                               "index option tag.tag_code_key",
                               "index option tag.tag_lower",
                               "text search configuration plain",
                               "text search dictionary plain_dict",
                               "operator class int4_rev USING btree",
                               "operator family int4_rev USING btree",
                               "foreign data wrapper nowhere",
                               "foreign server far"}) {
    EXPECT_EQ(listed.count(expected), 1u) << expected;
  }
  EXPECT_EQ(listed.count("default privileges " + db_->QueryValue("SELECT current_user") + " r"),
            1u);
  // The generation expression is no default the target could take.
  const TableSchema* item = schema->FindTable("item");
  ASSERT_NE(item, nullptr);
  EXPECT_FALSE(item->columns[item->ColumnIndex("doubled")].default_expression.has_value());
  for (const std::string& name : listed) {  // pg_trgm's own functions are not listed
    EXPECT_EQ(name.find("similarity"), std::string::npos) << name;
  }
}

// Given a schema name that does not exist, describing it is an error naming
// it and the schemas there are, not an empty database.
TEST_F(PgSourceTest, AMissingSchemaIsNotFoundListingTheSchemas) {
  ASSERT_TRUE(db_->Connect().Run("CREATE SCHEMA app").ok());
  Result<std::unique_ptr<PgSource>> source = PgSource::Open(*ParseEndpoint(db_->url()), "ap");
  ASSERT_TRUE(source.ok()) << source.status().message();
  Result<DatabaseSchema> schema = (*source)->DescribeSchema();
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), StatusCode::kNotFound);
  EXPECT_NE(schema.status().message().find("schema \"ap\" does not exist"), std::string::npos)
      << schema.status().message();
  EXPECT_NE(schema.status().message().find("app, public"), std::string::npos)
      << schema.status().message();
}

TEST_F(PgSourceTest, DecodesEveryKindIntoItsRepresentation) {
  auto source = Open();
  Result<DatabaseSchema> schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok());
  Batch batch;
  auto rows = ReadAll(*source, *schema->FindTable("kinds"), Chunk{}, batch);
  ASSERT_EQ(rows.size(), 2u);
  const auto& r = rows[0].front().int64_value() == 1 ? rows[0] : rows[1];
  EXPECT_TRUE(r[1].bool_value());
  EXPECT_EQ(r[2].int64_value(), -2);
  EXPECT_EQ(r[3].int64_value(), 70000);
  EXPECT_EQ(r[4].double_value(), 0.5);
  EXPECT_EQ(r[5].double_value(), 1e-300);
  EXPECT_EQ(r[6].bytes(), "-12.500");
  EXPECT_EQ(r[7].bytes(), "caf\xc3\xa9");
  EXPECT_EQ(r[9].bytes(), "ab ");  // char(3) keeps its padding
  EXPECT_EQ(r[10].bytes(), std::string("\x00\xff", 2));
  EXPECT_EQ(r[11].int64_value(), 1);                // days since 1970-01-01
  EXPECT_EQ(r[12].int64_value(), 1000002);          // µs since midnight
  EXPECT_EQ(r[13].int64_value(), 946684800000001);  // µs since 1970
  EXPECT_EQ(r[14].int64_value(), 0);                // 01:00+01 is the epoch in UTC
  EXPECT_EQ(r[15].bytes().size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(r[15].bytes()[0]), 0xa0);
  EXPECT_EQ(r[16].bytes(), R"({"b": 1, "a": [1.0]})");  // json keeps its text
  EXPECT_EQ(r[17].bytes(), R"({"a": [1.0], "b": 1})");  // jsonb normalises it
  EXPECT_EQ(r[18].int64_value(), 7);
  EXPECT_EQ(r[19].bytes(), "happy");
  EXPECT_EQ(r[20].bytes(), R"({x,"y z"})");
  EXPECT_EQ(r[21].bytes(), "1 day");
  const auto& nulls = rows[0].front().int64_value() == 2 ? rows[0] : rows[1];
  for (size_t i = 1; i < nulls.size(); ++i) EXPECT_TRUE(nulls[i].is_null()) << i;
}

TEST_F(PgSourceTest, ReadsColumnsInTheOrderAsked) {
  auto source = Open();
  TableSchema wanted;
  wanted.name = "kinds";
  wanted.columns = {Column{}, Column{}};
  wanted.columns[0].name = "t";
  wanted.columns[1].name = "id";
  Batch batch;
  auto rows = ReadAll(*source, wanted, Chunk{}, batch);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1].kind(), ValueKind::kInt64);
}

TEST_F(PgSourceTest, MissingColumnIsNotFoundNamingIt) {
  auto source = Open();
  TableSchema wanted;
  wanted.name = "kinds";
  wanted.columns = {Column{}};
  wanted.columns[0].name = "nope";
  Result<std::unique_ptr<BatchReader>> reader = source->OpenReader(wanted, Chunk{});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("\"nope\""), std::string::npos);
}

TEST_F(PgSourceTest, ChunksReadKeyRangesAndKeyRangeReportsBounds) {
  ASSERT_TRUE(db_->Connect()
                  .Run("CREATE TABLE big (id int PRIMARY KEY, v text);"
                       "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 2500) g;")
                  .ok());
  auto source = Open();
  Result<DatabaseSchema> schema = source->DescribeSchema();
  const TableSchema& big = *schema->FindTable("big");
  Result<PgKeyRange> range = source->KeyRange(big);
  ASSERT_TRUE(range.ok()) << range.status().message();
  EXPECT_EQ(*range->min, 1);
  EXPECT_EQ(*range->max, 2500);
  EXPECT_EQ(range->rows, 2500);
  size_t total = 0;
  for (Chunk chunk :
       {Chunk{0, std::nullopt, 1000}, Chunk{1, 1000, 2000}, Chunk{2, 2000, std::nullopt}}) {
    Result<std::unique_ptr<BatchReader>> reader = source->OpenReader(big, chunk);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    Batch batch;
    size_t rows = 0;
    while ((*reader)->Next(&batch, 300)) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        int64_t id = batch.At(r, 0).int64_value();
        EXPECT_TRUE((!chunk.lower || id >= *chunk.lower) && (!chunk.upper || id < *chunk.upper));
      }
      rows += batch.num_rows();
    }
    EXPECT_TRUE((*reader)->status().ok());
    total += rows;
  }
  EXPECT_EQ(total, 2500u);
}

TEST_F(PgSourceTest, ReadersShareTheSnapshotTakenAtOpen) {
  auto source = Open();
  Result<DatabaseSchema> schema = source->DescribeSchema();
  ASSERT_TRUE(
      db_->Connect().Run("INSERT INTO kinds (id) VALUES (3); DELETE FROM kinds WHERE id = 1").ok());
  // Several readers on several threads: every one sees ids 1 and 2 only.
  std::vector<int64_t> sums(3);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < 3; ++i) {
      threads.emplace_back([&, i] {
        Batch batch;
        for (const auto& row : ReadAll(*source, *schema->FindTable("kinds"), Chunk{}, batch)) {
          sums[i] += row[0].int64_value();
        }
      });
    }
  }
  EXPECT_EQ(sums, (std::vector<int64_t>{3, 3, 3}));
  EXPECT_NE(source->SnapshotNote().find("pg_export_snapshot"), std::string::npos);
}

TEST_F(PgSourceTest, UnreachableServerIsAConnectionError) {
  Result<std::unique_ptr<PgSource>> source =
      PgSource::Open(*ParseEndpoint("postgres://nobody:secret@127.0.0.1:1/none"));
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kConnection);
  EXPECT_EQ(source.status().message().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace ferry::testing
