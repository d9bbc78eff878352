#include "connectors/postgres/pg_ready_table.h"

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

Status Truncate(PgConnection& conn, const TableSchema& table, const std::string& schema) {
  PgError error;
  Status s = conn.Run("TRUNCATE ONLY " + QualifiedPgName(schema, table.name), &error);
  if (!s.ok() && error.sqlstate == "0A000") {
    return Status::FailedPrecondition(
        "cannot truncate table " + table.name +
        ": other tables have foreign keys to it (use --mode replace, or copy those tables too "
        "with --mode replace)");
  }
  return s;
}

}  // namespace

Status ReadyPgTable(PgConnection& conn, const TableSchema& table, const std::string& schema,
                    WriteMode mode) {
  TableSchema keyless = table;
  keyless.primary_key.clear();
  keyless.unique_keys.clear();
  Status s;
  switch (mode) {
    case WriteMode::kReplace:
      s = conn.Run(DropTableSql(keyless, schema) + CreateTableSql(keyless, schema));
      break;
    case WriteMode::kCreate:
      s = conn.Run(CreateTableSql(keyless, schema));
      break;
    case WriteMode::kTruncate:
      s = Truncate(conn, table, schema);
      break;
    case WriteMode::kAppend:
    case WriteMode::kUpsert:
      break;
  }
  if (s.ok() || s.code() == StatusCode::kFailedPrecondition || s.IsRetryable()) return s;
  return s.WithContext("readying target table " + table.name);
}

}  // namespace ferry
