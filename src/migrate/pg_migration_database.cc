#include "migrate/pg_migration_database.h"

#include <algorithm>

#include "migrate/checksum.h"
#include "migrate/sql_script.h"

namespace ferry::migrate {
namespace {

// sqlx-postgres/src/migrate.rs, ensure_migrations_table.
constexpr std::string_view kCreateHistoryTable = R"(
CREATE TABLE IF NOT EXISTS {table} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
);
)";

// SQLSTATE 25001: "… cannot run inside a transaction block".
constexpr std::string_view kActiveTransaction = "25001";

std::string Failure(const MigrationScript& script, size_t offset, const PgError& error,
                    bool in_transaction) {
  std::string text =
      DescribeScriptFailure(script, offset, FormatPgError(error), error.position > 0);
  if (in_transaction && error.sqlstate == kActiveTransaction) {
    text +=
        "\nThis statement cannot run inside a transaction: put `-- no-transaction` as the "
        "first line of " +
        script.path.filename().string() +
        " so that ferry runs that migration outside one (each statement then commits on its "
        "own, so keep such a migration small and safe to re-run).";
  }
  return text;
}

}  // namespace

Status PgMigrationDatabase::EnsureHistoryTable() {
  for (const std::string& schema : history_.create_schemas) {
    FERRY_RETURN_IF_ERROR(conn_.Run("CREATE SCHEMA IF NOT EXISTS " + schema));
  }
  return conn_.Run(Sql(kCreateHistoryTable));
}

Result<std::vector<AppliedMigration>> PgMigrationDatabase::ListApplied() {
  std::optional<std::string> table[] = {history_.table};
  FERRY_ASSIGN_OR_RETURN(PgResult exists, conn_.ExecParams("SELECT to_regclass($1)", table));
  if (exists.IsNull(0, 0)) return std::vector<AppliedMigration>{};
  FERRY_ASSIGN_OR_RETURN(
      PgResult rows,
      conn_.Exec(Sql("SELECT version, description, "
                     "to_char(installed_on AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), success, "
                     "encode(checksum, 'hex'), execution_time FROM {table} ORDER BY version")));
  std::vector<AppliedMigration> applied;
  for (int row = 0; row < rows.rows(); ++row) {
    AppliedMigration m;
    m.version = std::stoll(std::string(rows.Get(row, 0)));
    m.description = rows.Get(row, 1);
    m.installed_on = rows.Get(row, 2);
    m.success = rows.Get(row, 3) == "t";
    m.checksum = HexDecode(rows.Get(row, 4));
    m.execution_time_ns = std::stoll(std::string(rows.Get(row, 5)));
    applied.push_back(std::move(m));
  }
  return applied;
}

Status PgMigrationDatabase::Begin() {
  FERRY_ASSIGN_OR_RETURN(PgTransaction transaction, PgTransaction::Begin(conn_));
  transaction_.emplace(std::move(transaction));
  return Status::OK();
}

Status PgMigrationDatabase::Commit() {
  if (!transaction_) return Status::Internal("commit without a transaction");
  Status status = transaction_->Commit();
  transaction_.reset();
  return status;
}

void PgMigrationDatabase::Rollback() { transaction_.reset(); }

Status PgMigrationDatabase::ExecuteScript(const MigrationScript& script, bool in_transaction) {
  return in_transaction ? RunWhole(script) : RunOneByOne(script);
}

// Sends the whole script at once (the fast path, as sqlx does) and counts the
// statements that succeeded, to find the failing one when the server gives no
// position.
Status PgMigrationDatabase::RunWhole(const MigrationScript& script) {
  std::string body(script.body());
  if (PQsendQuery(conn_.get(), body.c_str()) == 0) {
    return Status::Connection("cannot send " + script.path.string() + " to " +
                              conn_.redacted_url() + ": " + PQerrorMessage(conn_.get()));
  }
  size_t done = 0;
  std::optional<PgError> error;
  while (PGresult* raw = PQgetResult(conn_.get())) {
    PgResultHandle result(raw);
    ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      ++done;
    } else if (status == PGRES_COPY_IN) {
      // A migration has no data to feed COPY FROM STDIN: end it with an error.
      PQputCopyEnd(conn_.get(), "COPY FROM STDIN is not supported in migrations");
    } else if (status == PGRES_COPY_OUT) {
      char* row = nullptr;
      while (PQgetCopyData(conn_.get(), &row, 0) > 0) PQfreemem(row);
    } else if (status != PGRES_EMPTY_QUERY && !error) {
      error = ExtractPgError(raw, conn_.get());
    }
  }
  if (!error) return Status::OK();
  std::vector<StatementSpan> spans = SplitStatements(body);
  size_t offset = 0;
  if (error->position > 0) {
    offset = ByteOffsetOfCharacter(body, error->position);
  } else if (!spans.empty()) {
    offset = spans[std::min(done, spans.size() - 1)].code_offset;
  }
  std::string message = Failure(script, offset, *error, /*in_transaction=*/true);
  return conn_.IsBroken() ? Status::Connection(message) : Status::DataError(message);
}

Status PgMigrationDatabase::RunOneByOne(const MigrationScript& script) {
  std::string_view body = script.body();
  for (const StatementSpan& span : SplitStatements(body)) {
    std::string_view statement = body.substr(span.offset, span.length);
    PgError error;
    Status status = conn_.Run(statement, &error);
    if (status.ok()) continue;
    size_t offset = error.position > 0
                        ? span.offset + ByteOffsetOfCharacter(statement, error.position)
                        : span.code_offset;
    std::string message = Failure(script, offset, error, /*in_transaction=*/false);
    return conn_.IsBroken() ? Status::Connection(message) : Status::DataError(message);
  }
  return Status::OK();
}

Status PgMigrationDatabase::InsertApplied(const AppliedMigration& row) {
  std::optional<std::string> params[] = {std::to_string(row.version), row.description,
                                         row.success ? "true" : "false", HexEncode(row.checksum),
                                         std::to_string(row.execution_time_ns)};
  return conn_
      .ExecParams(Sql("INSERT INTO {table} "
                      "(version, description, success, checksum, execution_time) "
                      "VALUES ($1, $2, $3, decode($4, 'hex'), $5)"),
                  params)
      .status();
}

Status PgMigrationDatabase::SetOutcome(int64_t version, bool success, int64_t execution_time_ns) {
  std::optional<std::string> params[] = {
      success ? "true" : "false", std::to_string(execution_time_ns), std::to_string(version)};
  return conn_
      .ExecParams(Sql("UPDATE {table} SET success = $1, execution_time = $2 WHERE version = $3"),
                  params)
      .status();
}

Status PgMigrationDatabase::SetChecksum(int64_t version, std::string_view checksum) {
  std::optional<std::string> params[] = {HexEncode(checksum), std::to_string(version)};
  return conn_
      .ExecParams(Sql("UPDATE {table} SET checksum = decode($1, 'hex') WHERE version = $2"), params)
      .status();
}

Status PgMigrationDatabase::DeleteApplied(int64_t version) {
  std::optional<std::string> params[] = {std::to_string(version)};
  return conn_.ExecParams(Sql("DELETE FROM {table} WHERE version = $1"), params).status();
}

Result<std::vector<std::string>> PgMigrationDatabase::TableColumns(std::string_view name) {
  std::optional<std::string> params[] = {std::string(name)};
  FERRY_ASSIGN_OR_RETURN(PgResult rows,
                         conn_.ExecParams("SELECT attname FROM pg_attribute "
                                          "WHERE attrelid = to_regclass($1) AND attnum > 0 "
                                          "AND NOT attisdropped ORDER BY attnum",
                                          params));
  std::vector<std::string> columns;
  for (int row = 0; row < rows.rows(); ++row) columns.emplace_back(rows.Get(row, 0));
  return columns;
}

Result<MigrationDatabase::TextRows> PgMigrationDatabase::QueryText(std::string_view sql) {
  FERRY_ASSIGN_OR_RETURN(PgResult rows, conn_.Exec(sql));
  TextRows out(rows.rows());
  for (int row = 0; row < rows.rows(); ++row) {
    for (int column = 0; column < rows.columns(); ++column) {
      out[row].push_back(rows.GetOptional(row, column));
    }
  }
  return out;
}

}  // namespace ferry::migrate
