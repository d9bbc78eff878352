// MigrationDatabase on SQLite.
//
// Begin() opens a SAVEPOINT when the lock's BEGIN IMMEDIATE transaction is open
// (so each migration still commits or rolls back on its own) and a plain BEGIN
// otherwise.
#ifndef FERRY_MIGRATE_SQLITE_MIGRATION_DATABASE_H_
#define FERRY_MIGRATE_SQLITE_MIGRATION_DATABASE_H_

#include "connectors/sqlite/sqlite_database.h"
#include "migrate/migration_database.h"

namespace ferry::migrate {

class SqliteMigrationDatabase : public MigrationDatabase {
 public:
  // `db` must outlive this object.
  SqliteMigrationDatabase(SqliteDatabase& db, HistoryTableOptions history)
      : db_(db), history_(std::move(history)) {}

  std::string Describe() const override { return "sqlite:" + db_.path(); }
  Status EnsureHistoryTable() override;
  Result<std::vector<AppliedMigration>> ListApplied() override;
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;
  Status ExecuteScript(const MigrationScript& script, bool in_transaction) override;
  Status InsertApplied(const AppliedMigration& row) override;
  Status SetOutcome(int64_t version, bool success, int64_t execution_time_ns) override;
  Status SetChecksum(int64_t version, std::string_view checksum) override;
  Status DeleteApplied(int64_t version) override;
  Result<std::vector<std::string>> TableColumns(std::string_view name) override;
  Result<TextRows> QueryText(std::string_view sql) override;

 private:
  std::string Sql(std::string_view text) const { return WithTable(text, history_.table); }

  SqliteDatabase& db_;
  HistoryTableOptions history_;
  bool savepoint_ = false;  // the open transaction is a savepoint
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_SQLITE_MIGRATION_DATABASE_H_
