#include "connectors/postgres/pg_pre_data.h"

#include <optional>

#include "connectors/postgres/pg_dump_session.h"

namespace ferry {
namespace {

constexpr const char* kInTransactionBlock = "25001";  // active_sql_transaction

// Runs `sql` under a savepoint: kept when it succeeds, rolled back when the
// server refuses it (*refused then holds the server's error). A Status error
// only when the session fails.
Status RunUnderSavepoint(PgConnection& conn, const std::string& sql,
                         std::optional<PgError>* refused) {
  FERRY_RETURN_IF_ERROR(conn.Run("SAVEPOINT ferry_pre_data"));
  PgError error;
  Status status = conn.Run(sql, &error);
  if (status.ok()) return conn.Run("RELEASE SAVEPOINT ferry_pre_data");
  if (status.code() != StatusCode::kDataError) return status;
  *refused = std::move(error);
  FERRY_RETURN_IF_ERROR(conn.Run("ROLLBACK TO SAVEPOINT ferry_pre_data"));
  return conn.Run("RELEASE SAVEPOINT ferry_pre_data");
}

Result<bool> SchemaExists(PgConnection& conn, const std::string& schema) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(
      PgResult r,
      conn.ExecParams("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", params));
  return r.rows() > 0;
}

// Runs one entry; appends to *failures what the server refused.
Status ApplyEntry(PgConnection& conn, const PgDumpEntry& entry,
                  std::vector<PgEntryFailure>* failures) {
  bool run_definition = !entry.sql.empty();
  if (run_definition && entry.kind == "SCHEMA") {
    FERRY_ASSIGN_OR_RETURN(bool exists, SchemaExists(conn, entry.name));
    run_definition = !exists;
  }
  std::optional<PgError> refused;
  if (run_definition) {
    FERRY_RETURN_IF_ERROR(RunUnderSavepoint(conn, entry.sql, &refused));
    if (refused) {
      failures->push_back(MakePgEntryFailure(
          entry, *refused,
          refused->sqlstate == kInTransactionBlock
              ? "it cannot run inside a transaction block: run it by hand on the target"
              : ""));
      return Status::OK();
    }
  }
  if (entry.owner_sql.empty()) return Status::OK();
  FERRY_RETURN_IF_ERROR(RunUnderSavepoint(conn, entry.owner_sql, &refused));
  if (refused) {
    failures->push_back(
        MakePgEntryFailure(entry, *refused, "the object is restored, owned by the target's user"));
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<PgEntryFailure>> ApplyPgPreData(PgConnection& conn,
                                                   const PgDumpScript& pre_data) {
  if (PQtransactionStatus(conn.get()) != PQTRANS_INTRANS) {
    return Status::FailedPrecondition(
        "the pre-data of a schema dump runs inside the caller's transaction, and " +
        conn.redacted_url() + " is not in one (or a statement of it failed): BEGIN first");
  }
  std::vector<PgEntryFailure> failures;
  PgDumpSession session(conn);
  for (const PgDumpEntry& entry : pre_data.entries) {
    FERRY_RETURN_IF_ERROR(session.Apply(entry.settings));
    FERRY_RETURN_IF_ERROR(ApplyEntry(conn, entry, &failures));
  }
  FERRY_RETURN_IF_ERROR(session.Restore());
  return failures;
}

}  // namespace ferry
