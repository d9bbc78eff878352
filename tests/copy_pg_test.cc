// The copy pipeline against a real PostgreSQL: every value survives the binary
// COPY, every --mode does what it says, failures leave nothing half-written.
// Rows come from a MemorySource so these tests need no SQLite mapping.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "connectors/postgres/pg_copy_encoder.h"
#include "connectors/postgres/pg_target.h"
#include "pipeline/copy_runner.h"
#include "test_util.h"
#include "testing/identity_transform.h"
#include "testing/memory_source.h"

namespace ferry::testing {
namespace {

#define ASSERT_OK(expr)                             \
  do {                                              \
    Status status_ = (expr);                        \
    ASSERT_TRUE(status_.ok()) << status_.message(); \
  } while (0)

Column Col(std::string name, LogicalType type, std::string native = "", bool nullable = true) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  column.native_type = std::move(native);
  column.nullable = nullable;
  return column;
}

TableSchema KeyValueTable(std::string name, bool with_key = true) {
  TableSchema t;
  t.name = std::move(name);
  t.columns = {Col("id", LogicalType::kInt64, "", false), Col("name", LogicalType::kText)};
  if (with_key) t.primary_key = {"id"};
  return t;
}

// Copies `source` into `db` (schema public) as-is; fills *stats when given.
Status CopyInto(const ScratchPgDatabase& db, MemorySource& source, CopyOptions options,
                RunStats* stats = nullptr) {
  Result<Endpoint> endpoint = ParseEndpoint(db.url());
  if (!endpoint.ok()) return endpoint.status();
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(*endpoint, "public");
  if (!target.ok()) return target.status();
  CopyRun run;
  run.source = &source;
  run.target = target->get();
  run.make_plan = [](const DatabaseSchema& s) -> Result<Plan> { return IdentityPlan(s); };
  run.make_transform = [](const TablePlan& t) -> Result<std::unique_ptr<RowTransform>> {
    return std::unique_ptr<RowTransform>(
        new IdentityTransform(static_cast<int>(t.target.columns.size())));
  };
  options.batch_rows = 500;
  run.options = options;
  TempDir dir;
  run.options.rejects_dir = dir.path();
  RunStats local;
  Status s = RunCopy(run, {}, stats != nullptr ? stats : &local);
  return s;
}

MemorySource Items(std::initializer_list<std::pair<int, const char*>> rows,
                   const std::string& table = "items", bool with_key = true) {
  MemorySource source;
  source.AddTable(KeyValueTable(table, with_key));
  for (auto [id, name] : rows) source.AddRow(table, {Value::Int64(id), Value::Text(name)});
  return source;
}

// What PostgreSQL itself sends for `sql` with COPY TO (FORMAT binary).
std::string PgBinaryCopyOf(PgConnection& conn, const std::string& sql) {
  Result<PgResult> started = conn.Exec("COPY (" + sql + ") TO STDOUT (FORMAT binary)");
  EXPECT_TRUE(started.ok()) << started.status().message();
  std::string out;
  char* buffer = nullptr;
  int n;
  while ((n = PQgetCopyData(conn.get(), &buffer, 0)) > 0) {
    out.append(buffer, n);
    PQfreemem(buffer);
  }
  PgResultHandle end(PQgetResult(conn.get()));
  return out;
}

struct EncodeCase {
  std::string sql;
  unsigned int oid;
  LogicalType logical;
  Value value;
};

TEST(CopyPgTest, EncoderWritesWhatPostgresWrites) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("encoder");
  ASSERT_TRUE(db.ok()) << db.error();
  PgConnection conn = db.Connect();
  const char uuid[] = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f";
  std::vector<EncodeCase> cases = {
      {"SELECT true", 16, LogicalType::kBool, Value::Bool(true)},
      {"SELECT (-32768)::int2", 21, LogicalType::kInt16, Value::Int64(-32768)},
      {"SELECT 2147483647::int4", 23, LogicalType::kInt32, Value::Int64(2147483647)},
      {"SELECT (-9223372036854775808)::int8", 20, LogicalType::kInt64,
       Value::Int64(std::numeric_limits<int64_t>::min())},
      {"SELECT '-0'::float8", 701, LogicalType::kFloat64, Value::Double(-0.0)},
      {"SELECT 'NaN'::float8", 701, LogicalType::kFloat64, Value::Double(std::nan(""))},
      {"SELECT '-Infinity'::float4", 700, LogicalType::kFloat32, Value::Double(-INFINITY)},
      {"SELECT 1.5::float4", 700, LogicalType::kFloat32, Value::Double(1.5)},
      {"SELECT 'héllo 日本 🚀'::text", 25, LogicalType::kText, Value::Text("héllo 日本 🚀")},
      {"SELECT ''::varchar(3)", 1043, LogicalType::kText, Value::Text("")},
      {"SELECT '\\x00ff00'::bytea", 17, LogicalType::kBytes,
       Value::Bytes(std::string_view("\0\xff\0", 3))},
      {"SELECT '2024-02-29'::date", 1082, LogicalType::kDate, Value::Int64(19782)},
      {"SELECT '1969-12-31'::date", 1082, LogicalType::kDate, Value::Int64(-1)},
      {"SELECT '23:59:59.999999'::time", 1083, LogicalType::kTime, Value::Int64(86399999999)},
      {"SELECT '2023-11-14 22:13:20.123456'::timestamp", 1114, LogicalType::kTimestamp,
       Value::Int64(1700000000123456)},
      {"SELECT '1900-01-01 00:00:00+00'::timestamptz", 1184, LogicalType::kTimestampTz,
       Value::Int64(-2208988800000000)},
      {"SELECT '00010203-0405-0607-0809-0a0b0c0d0e0f'::uuid", 2950, LogicalType::kUuid,
       Value::Bytes(std::string_view(uuid, 16))},
      {"SELECT '{\"a\": [1, 2]}'::jsonb", 3802, LogicalType::kJson, Value::Text("{\"a\": [1, 2]}")},
      {"SELECT '{\"a\":1}'::json", 114, LogicalType::kJson, Value::Text("{\"a\":1}")},
  };
  for (const char* n : {"-12.50", "0", "0.000", "10000", "0.0001", "-0.5", "NaN", "Infinity",
                        "-Infinity", "123456789012345678901234567890.000000001", "99990000.0001"}) {
    cases.push_back(
        {std::string("SELECT '") + n + "'::numeric", 1700, LogicalType::kNumeric, Value::Text(n)});
  }
  for (const EncodeCase& c : cases) {
    Result<PgWireType> wire = PgWireTypeFor(c.oid, "t", c.logical);
    ASSERT_TRUE(wire.ok()) << c.sql;
    PgCopyEncoder encoder({{"v", *wire, true}});
    std::string ours;
    PgCopyEncoder::AppendHeader(&ours);
    int bad = -1;
    ASSERT_TRUE(encoder.AppendRow(&c.value, &ours, &bad).ok()) << c.sql;
    PgCopyEncoder::AppendTrailer(&ours);
    EXPECT_EQ(ours, PgBinaryCopyOf(conn, c.sql)) << c.sql;
  }
}

TEST(CopyPgTest, TrickyValuesRoundTrip) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("tricky");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source;
  TableSchema t;
  t.name = "tricky";
  t.columns = {Col("id", LogicalType::kInt64, "", false),
               Col("f", LogicalType::kFloat64),
               Col("i", LogicalType::kInt64),
               Col("s", LogicalType::kText),
               Col("b", LogicalType::kBytes),
               Col("n", LogicalType::kNumeric, "numeric(40,10)"),
               Col("ts", LogicalType::kTimestampTz),
               Col("j", LogicalType::kJson)};
  t.primary_key = {"id"};
  source.AddTable(t);
  auto row = [&](int id, Value f, Value i, Value s, Value b, Value n, Value ts, Value j) {
    source.AddRow("tricky", {Value::Int64(id), f, i, s, b, n, ts, j});
  };
  row(1, Value::Double(std::nan("")), Value::Int64(std::numeric_limits<int64_t>::min()),
      Value::Text(""), Value::Bytes(std::string_view("\0a\0", 3)), Value::Text("-0.0000000001"),
      Value::Int64(0), Value::Text("{\"k\": \"é\\u00e9\\n\"}"));
  row(2, Value::Double(INFINITY), Value::Int64(std::numeric_limits<int64_t>::max()), Value::Null(),
      Value::Bytes(""), Value::Text("12345678901234567890.5"), Value::Int64(-1), Value::Text("[]"));
  row(3, Value::Double(-INFINITY), Value::Int64(0), Value::Text("日本 🚀 'quote' \\ \t"),
      Value::Null(), Value::Null(), Value::Null(), Value::Null());
  row(4, Value::Double(-0.0), Value::Null(), Value::Text("x"), Value::Bytes("\xff"),
      Value::Text("0"), Value::Int64(253402300799999999), Value::Text("null"));
  ASSERT_OK(CopyInto(db, source, CopyOptions{}));
  EXPECT_EQ(db.QueryRows("SELECT id, f::text, i, s, encode(b, 'hex'), n, "
                         "(ts AT TIME ZONE 'UTC')::text, j::text FROM tricky ORDER BY id"),
            "1|NaN|-9223372036854775808||006100|-0.0000000001|1970-01-01 00:00:00|"
            "{\"k\": \"éé\\n\"}\n"
            "2|Infinity|9223372036854775807|<null>||12345678901234567890.5000000000|"
            "1969-12-31 23:59:59.999999|[]\n"
            "3|-Infinity|0|日本 🚀 'quote' \\ \t|<null>|<null>|<null>|<null>\n"
            "4|-0|<null>|x|ff|0.0000000000|9999-12-31 23:59:59.999999|null");
}

TEST(CopyPgTest, CreateRefusesAnExistingTableAndSuggestsAMode) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("create");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source = Items({{1, "a"}});
  ASSERT_OK(CopyInto(db, source, CopyOptions{}));
  Status again = CopyInto(db, source, CopyOptions{});
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.message().find("public.items"), std::string::npos) << again.message();
  EXPECT_NE(again.message().find("--mode replace"), std::string::npos) << again.message();
  EXPECT_EQ(db.QueryRows("SELECT * FROM items"), "1|a");
}

TEST(CopyPgTest, EveryModeDoesWhatItSays) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("modes");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource first = Items({{1, "a"}, {2, "a"}, {3, "a"}});
  ASSERT_OK(CopyInto(db, first, CopyOptions{}));
  MemorySource second = Items({{2, "b"}, {3, "b"}, {4, "b"}});
  CopyOptions options;

  options.mode = WriteMode::kUpsert;
  ASSERT_OK(CopyInto(db, second, options));
  EXPECT_EQ(db.QueryRows("SELECT * FROM items ORDER BY id"), "1|a\n2|b\n3|b\n4|b");

  options.mode = WriteMode::kReplace;
  ASSERT_OK(CopyInto(db, first, options));
  EXPECT_EQ(db.QueryRows("SELECT * FROM items ORDER BY id"), "1|a\n2|a\n3|a");

  options.mode = WriteMode::kTruncate;
  ASSERT_OK(CopyInto(db, second, options));
  EXPECT_EQ(db.QueryRows("SELECT * FROM items ORDER BY id"), "2|b\n3|b\n4|b");

  options.mode = WriteMode::kAppend;
  MemorySource more = Items({{5, "c"}});
  ASSERT_OK(CopyInto(db, more, options));
  EXPECT_EQ(db.QueryRows("SELECT * FROM items ORDER BY id"), "2|b\n3|b\n4|b\n5|c");

  MemorySource duplicate = Items({{5, "d"}});
  Status s = CopyInto(db, duplicate, options);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("duplicate key"), std::string::npos) << s.message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM items"), "4");
}

TEST(CopyPgTest, FourJobsCopySixTables) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("jobs");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source;
  for (int t = 0; t < 6; ++t) {
    std::string name = "t" + std::to_string(t);
    source.AddTable(KeyValueTable(name));
    for (int i = 0; i < 3000 * (t + 1); ++i)
      source.AddRow(name, {Value::Int64(i), Value::Text("v")});
  }
  CopyOptions options;
  options.jobs = 4;
  RunStats stats;
  ASSERT_OK(CopyInto(db, source, options, &stats));
  for (int t = 0; t < 6; ++t) {
    EXPECT_EQ(db.QueryValue("SELECT count(*) FROM t" + std::to_string(t)),
              std::to_string(3000 * (t + 1)));
    EXPECT_EQ(stats.tables[t]->rows_written, 3000 * (t + 1));
  }
}

TEST(CopyPgTest, IdentityKeysIndexesAndForeignKeysComeAfterTheData) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("finish");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source;
  TableSchema users = KeyValueTable("users");
  users.columns[0].auto_increment = true;
  users.indexes.push_back({"users_name_idx", {"name"}, false, ""});
  TableSchema posts = KeyValueTable("posts");
  posts.columns.push_back(Col("user_id", LogicalType::kInt64));
  posts.foreign_keys.push_back({"", {"user_id"}, "users", {"id"}, "CASCADE", ""});
  source.AddTable(users);
  source.AddTable(posts);
  source.AddRow("users", {Value::Int64(41), Value::Text("ann")});
  source.AddRow("posts", {Value::Int64(1), Value::Text("hi"), Value::Int64(41)});
  ASSERT_OK(CopyInto(db, source, CopyOptions{}));
  PgConnection conn = db.Connect();
  ASSERT_TRUE(conn.Run("INSERT INTO users (name) VALUES ('bob')").ok());
  EXPECT_EQ(db.QueryValue("SELECT id FROM users WHERE name = 'bob'"), "42");
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name_idx'"),
            "1");
  Status orphan = conn.Run("INSERT INTO posts VALUES (2, 'x', 999)");
  EXPECT_NE(orphan.message().find("foreign key"), std::string::npos) << orphan.message();
}

TEST(CopyPgTest, ABadRowStopsTheCopyAndLeavesNoTable) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("badrow");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source;
  TableSchema t = KeyValueTable("people");
  t.columns[1].nullable = false;
  source.AddTable(t);
  source.AddTable(KeyValueTable("other"));
  for (int i = 1; i <= 2000; ++i) {
    source.AddRow("people", {Value::Int64(i), i == 1500 ? Value::Null() : Value::Text("p")});
    source.AddRow("other", {Value::Int64(i), Value::Text("o")});
  }
  Status s = CopyInto(db, source, CopyOptions{});
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("table people, key id=1500, column name: NULL in a NOT NULL column"),
            std::string::npos)
      << s.message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(CopyPgTest, AServerSideErrorNamesTheCopyLine) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("server_error");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source;
  TableSchema t = KeyValueTable("codes");
  t.columns[1].native_type = "varchar(2)";
  source.AddTable(t);
  source.AddRow("codes", {Value::Int64(1), Value::Text("ok")});
  source.AddRow("codes", {Value::Int64(2), Value::Text("too long")});
  Status s = CopyInto(db, source, CopyOptions{});
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("value too long"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s.message();
  EXPECT_EQ(db.QueryValue("SELECT to_regclass('public.codes') IS NULL"), "t");
}

TEST(CopyPgTest, AKilledConnectionFailsClearlyAndLeavesNothingHalfWritten) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("killed");
  ASSERT_TRUE(db.ok()) << db.error();
  MemorySource source;
  source.AddTable(KeyValueTable("big"));
  for (int i = 0; i < 200000; ++i) source.AddRow("big", {Value::Int64(i), Value::Text("row")});
  source.CallAfterRows("big", 100000, [&db] {
    PgConnection admin = db.Connect();
    Result<PgResult> r = admin.Exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
        "current_database() AND application_name = 'ferry writer'");
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->rows(), 1);
  });
  Status s = CopyInto(db, source, CopyOptions{});
  EXPECT_EQ(s.code(), StatusCode::kConnection) << s.message();
  EXPECT_NE(s.message().find("table big"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("connection"), std::string::npos) << s.message();
  EXPECT_EQ(db.QueryValue("SELECT to_regclass('public.big') IS NULL"), "t");
}

}  // namespace
}  // namespace ferry::testing
