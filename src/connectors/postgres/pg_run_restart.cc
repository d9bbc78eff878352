// PgRunStore::AbandonRun: giving up an unfinished run (--restart, or a new
// run that failed before any chunk was done) and dropping the tables it
// created, so that the next run can create them again.
//
// Which tables a run created is known from its own records: CreateRun
// inserts the run's rows in _ferry.tables and creates (--mode create) or
// drops and creates (--mode replace) the target tables in one transaction,
// so each such table's row type in pg_type has that transaction's xmin, the
// xmin of the run's _ferry.tables rows (never updated). Adding keys, indexes
// or foreign keys leaves pg_type alone; a table renamed, moved, replaced or
// created by anyone else has another xmin there, and is kept. A whole-table
// chunk's writer creates its table itself (RunStore::CreateRun), in the
// chunk's transaction: that table's xmin is the chunk's committed_xid.
#include <string>
#include <vector>

#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_run_store.h"

namespace ferry {

Result<AbandonedRun> PgRunStore::AbandonRun(const std::string& run_id, bool only_if_nothing_done) {
  AbandonedRun result;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    result = AbandonedRun();
    std::string id = QuotePgLiteral(run_id);
    FERRY_ASSIGN_OR_RETURN(PgTransaction transaction, PgTransaction::Begin(conn));
    FERRY_ASSIGN_OR_RETURN(PgResult state,
                           conn.Exec("SELECT state FROM _ferry.runs WHERE run_id = " + id +
                                     " AND state IN ('loading', 'finishing') FOR UPDATE"));
    if (state.rows() == 0) return Status::OK();
    // Dropping waits for chunks still being committed, so the count below sees them.
    FERRY_RETURN_IF_ERROR(DropRunTables(conn, run_id, &result));
    if (only_if_nothing_done) {
      FERRY_ASSIGN_OR_RETURN(PgResult done,
                             conn.Exec("SELECT count(*) FROM _ferry.chunks WHERE run_id = " + id +
                                       " AND state = 'done'"));
      if (done.Get(0, 0) != "0") {
        result = AbandonedRun();
        return Status::OK();  // rolls back
      }
    }
    FERRY_RETURN_IF_ERROR(conn.Run(
        "UPDATE _ferry.runs SET state = 'abandoned', finished_at = now() WHERE run_id = " + id));
    FERRY_RETURN_IF_ERROR(transaction.Commit().WithContext("abandoning run " + run_id));
    result.abandoned = true;
    return Status::OK();
  }));
  return result;
}

Status PgRunStore::DropRunTables(PgConnection& conn, const std::string& run_id,
                                 AbandonedRun* result) {
  std::string id = QuotePgLiteral(run_id);
  FERRY_ASSIGN_OR_RETURN(
      PgResult mode, conn.Exec("SELECT options->>'--mode' FROM _ferry.runs WHERE run_id = " + id));
  std::string run_mode = mode.rows() > 0 ? std::string(mode.Get(0, 0)) : "";
  if (run_mode != "create" && run_mode != "replace") return Status::OK();  // it created none
  FERRY_ASSIGN_OR_RETURN(
      PgResult tables,
      conn.Exec("SELECT target_name, xmin::text, table_no FROM _ferry.tables WHERE run_id = " + id +
                " ORDER BY table_no"));
  std::string drop;
  for (int row = 0; row < tables.rows(); ++row) {
    std::string name(tables.Get(row, 0));
    std::string qualified = QualifiedPgName(schema_, name);
    FERRY_ASSIGN_OR_RETURN(
        PgResult found,
        conn.Exec("SELECT ty.xmin::text = " + QuotePgLiteral(tables.Get(row, 1)) +
                  " OR EXISTS (SELECT 1 FROM _ferry.chunks k WHERE k.run_id = " + id +
                  " AND k.table_no = " + std::string(tables.Get(row, 2)) +
                  " AND k.committed_xid % 4294967296 = ty.xmin::text::bigint)"
                  " FROM pg_class c JOIN pg_type ty ON ty.oid = c.reltype WHERE c.oid = "
                  "to_regclass(" +
                  QuotePgLiteral(qualified) + ")"));
    if (found.rows() == 0) continue;  // gone already
    if (found.Get(0, 0) != "t") {
      result->kept.push_back(qualified + " (not the table run " + run_id +
                             " created: renamed, replaced or made by someone else since)");
      continue;
    }
    result->dropped.push_back(qualified);
    drop += (drop.empty() ? "" : ", ") + qualified;
  }
  if (drop.empty()) return Status::OK();
  // No CASCADE: a view or foreign key of the user's on these tables stops the drop.
  Status dropped = conn.Run("DROP TABLE " + drop);
  if (!dropped.ok()) {
    return dropped.WithContext("dropping the tables run " + run_id + " created (" + drop +
                               ") to start over; drop them yourself or add --mode replace");
  }
  return Status::OK();
}

}  // namespace ferry
