// PgRunStore::AddKeys: the primary and unique keys of the tables a run
// created, built after their rows, and what to do when the rows break one.
#include <string>
#include <vector>

#include "connectors/postgres/pg_broken_keys.h"
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_run_store.h"

namespace ferry {
namespace {

// Rows of duplicate keys read and removed per round.
constexpr int kDuplicatesPerRound = 10000;

std::string Place(const DuplicateRow& row) {
  return row.chunk_no ? "chunk " + std::to_string(*row.chunk_no)
                      : "row " + std::to_string(row.position + 1) + " of the table";
}

}  // namespace

Status PgRunStore::AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables,
                           WriteMode mode, const DuplicateSink& reject_duplicates) {
  if (mode != WriteMode::kCreate && mode != WriteMode::kReplace) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint_, "ferry keys"));
  FERRY_ASSIGN_OR_RETURN(PgTransaction transaction, PgTransaction::Begin(conn));
  for (const KeyTable& table : tables) {
    FERRY_RETURN_IF_ERROR(AddTableKeys(conn, run_id, table, reject_duplicates)
                              .WithContext("adding the keys of " + table.schema.name));
  }
  return transaction.Commit().WithContext("adding the keys of the copied tables");
}

Status PgRunStore::AddTableKeys(PgConnection& conn, const std::string& run_id,
                                const KeyTable& table, const DuplicateSink& reject_duplicates) {
  std::vector<std::string> key_sql = KeySql(table.schema, schema_);
  if (key_sql.empty()) return Status::OK();
  std::string qualified = QualifiedPgName(schema_, table.schema.name);
  // The lock first: a caller racing for the same table waits here, then
  // finds the keys added.
  FERRY_RETURN_IF_ERROR(conn.Run("LOCK TABLE " + qualified + " IN ACCESS EXCLUSIVE MODE"));
  FERRY_ASSIGN_OR_RETURN(PgResult keyed,
                         conn.Exec("SELECT count(*) FROM pg_constraint WHERE contype IN ('p', "
                                   "'u') AND conrelid = " +
                                   QuotePgLiteral(qualified) + "::regclass"));
  if (keyed.Get(0, 0) != "0") return Status::OK();
  std::vector<std::vector<std::string>> keys = KeyColumnsInKeySqlOrder(table.schema);
  for (size_t n = 0; n < key_sql.size(); ++n) {
    for (int attempt = 0;; ++attempt) {
      FERRY_RETURN_IF_ERROR(conn.Run("SAVEPOINT ferry_key"));
      PgError error;
      Status s = conn.Run(key_sql[n], &error);
      if (s.ok()) break;
      if (s.IsRetryable()) return s;
      FERRY_RETURN_IF_ERROR(conn.Run("ROLLBACK TO SAVEPOINT ferry_key"));
      if (error.sqlstate != kPgUniqueViolation || attempt > 0) return s;
      if (reject_duplicates) {
        FERRY_RETURN_IF_ERROR(RemoveDuplicates(conn, run_id, table, keys[n], reject_duplicates));
        continue;
      }
      FERRY_ASSIGN_OR_RETURN(std::vector<DuplicateRow> rows,
                             FindDuplicateRows(conn, schema_, table.schema, keys[n],
                                               RunTableRef{run_id, table.table_no}, 100));
      return Status::DataError(
          DescribeDuplicates(DescribeKey(table.schema, n), table.schema, rows) +
          ". The source holds the same key more than once (SQLite does not always enforce a "
          "declared PRIMARY KEY; a document source may repeat an _id): delete the later rows "
          "from the target table and run the same command again to finish, or fix the source "
          "and run the same command with --restart");
    }
  }
  return Status::OK();
}

// Deletes every row but the first of each duplicated key value, and hands the
// deleted rows to `sink`, a round of rows at a time.
Status PgRunStore::RemoveDuplicates(PgConnection& conn, const std::string& run_id,
                                    const KeyTable& table, const std::vector<std::string>& key,
                                    const DuplicateSink& sink) {
  std::string qualified = QualifiedPgName(schema_, table.schema.name);
  while (true) {
    FERRY_ASSIGN_OR_RETURN(
        std::vector<DuplicateRow> rows,
        FindDuplicateRows(conn, schema_, table.schema, key, RunTableRef{run_id, table.table_no},
                          kDuplicatesPerRound));
    std::vector<RemovedDuplicate> removed;
    std::string ctids;
    const DuplicateRow* first = nullptr;
    for (const DuplicateRow& row : rows) {
      if (row.copy_no == 1) {
        first = &row;
        continue;
      }
      std::string kept = first != nullptr && first->key == row.key
                             ? "the first row with this key (" + Place(*first) + ") was kept"
                             : "an earlier row with this key was kept";
      removed.push_back({table.table_no, row.key,
                         "duplicate key " + row.key + " in the source: " + kept + ", this one (" +
                             Place(row) + ") was taken out so that the key could be built",
                         row.row_json});
      ctids += (ctids.empty() ? "\"" : ",\"") + row.ctid + "\"";
    }
    if (removed.empty()) return Status::OK();
    FERRY_RETURN_IF_ERROR(conn.Run("DELETE FROM " + qualified + " WHERE ctid = ANY(" +
                                   QuotePgLiteral("{" + ctids + "}") + "::tid[])"));
    FERRY_RETURN_IF_ERROR(sink(removed));
  }
}

}  // namespace ferry
