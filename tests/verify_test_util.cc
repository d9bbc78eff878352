#include "verify_test_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "connectors/postgres/pg_source.h"
#include "connectors/postgres/pg_target.h"
#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_source.h"
#include "mapping/sqlite_row_transform.h"
#include "pipeline/copy_runner.h"
#include "test_util.h"

namespace ferry::testing {

Status CopySqliteToPg(const std::string& sqlite_path, const std::string& pg_url,
                      const PlanOptions& options) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> source, SqliteSource::Open(sqlite_path));
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(pg_url));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgTarget> target,
                         PgTarget::Connect(endpoint, options.target_schema));
  CopyRun run;
  run.source = source.get();
  run.target = target.get();
  run.make_plan = [&options](const DatabaseSchema& s) { return BuildPlan(s, options); };
  run.make_transform = &NewSqliteRowTransform;
  TempDir dir;
  run.options.rejects_dir = dir.path();
  RunStats stats;
  Status s = RunCopy(run, {}, &stats);
  return s;
}

Result<VerifyReport> VerifySqliteAgainstPg(const std::string& sqlite_path,
                                           const std::string& pg_url, const VerifyOptions& options,
                                           const PlanOptions& plan_options) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> source, SqliteSource::Open(sqlite_path));
  FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, source->DescribeSchema());
  FERRY_ASSIGN_OR_RETURN(Plan plan, BuildPlan(schema, plan_options));
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(pg_url));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> target,
                         PgSource::Open(endpoint, plan.target_schema));
  VerifyRun run;
  run.plan = &plan;
  run.source = source.get();
  run.make_transform = &NewSqliteRowTransform;
  run.target = target.get();
  run.options = options;
  return RunVerify(run);
}

namespace {

constexpr const char* kKindsTable = R"sql(
CREATE TABLE kinds (
  id INTEGER PRIMARY KEY, flag BOOLEAN, small SMALLINT, big BIGINT, r REAL, d DOUBLE,
  n NUMERIC(12,3), t TEXT, v VARCHAR(20), bl BLOB, dt DATE, tm TIME, ts TIMESTAMP,
  tz TIMESTAMPTZ, u UUID, j JSON);
)sql";

std::string RowSql(int i) {
  if (i % 17 == 0) {
    return fmt::format(
        "({}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, NULL, NULL, NULL)",
        i);
  }
  std::string text = i == 9 ? "Café" : fmt::format("ünïcödé {} \"q\" ''a''", i);
  std::string json =
      i == 10 ? R"({"a":{"b":1},"z":[1,2]})"
              : fmt::format(R"({{"k": {}, "s": "x{}", "f": {}.5, "n": null}})", i, i, -i);
  return fmt::format(
      "({}, {}, {}, {}, {}, {}, '{}', '{}', 'v{}', x'00ff{:02x}', '2024-01-{:02}', "
      "'12:{:02}:30.123456', '2024-02-29 10:{:02}:00.{:06}', '2024-03-01T10:00:00.5+0{}:00', "
      "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd38{:04x}', '{}')",
      i, i % 2, -i, int64_t{1} << (i % 62), i / 8.0, 1.0 / (i + 3), fmt::format("{}.{:03}", -i, i),
      text, i, i % 256, i % 28 + 1, i % 60, i % 60, i * 7, i % 9, i, json);
}

}  // namespace

std::string CreateEveryKindDatabase(const std::filesystem::path& dir, int rows) {
  std::string path = (dir / "kinds.sqlite").string();
  SqliteDatabase::Options options;
  options.create = true;
  SqliteDatabase db = SqliteDatabase::Open(path, options).value();
  std::string sql = std::string(kKindsTable) + "BEGIN;";
  for (int i = 1; i <= rows; ++i) sql += "INSERT INTO kinds VALUES " + RowSql(i) + ";\n";
  sql += "COMMIT;";
  Status s = db.Exec(sql);
  EXPECT_TRUE(s.ok()) << s.message();
  return path;
}

}  // namespace ferry::testing
