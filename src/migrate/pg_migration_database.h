// MigrationDatabase on PostgreSQL (and CockroachDB, which speaks its protocol).
#ifndef FERRY_MIGRATE_PG_MIGRATION_DATABASE_H_
#define FERRY_MIGRATE_PG_MIGRATION_DATABASE_H_

#include <optional>

#include "connectors/postgres/pg_connection.h"
#include "migrate/migration_database.h"

namespace ferry::migrate {

class PgMigrationDatabase : public MigrationDatabase {
 public:
  // `conn` must outlive this object.
  PgMigrationDatabase(PgConnection& conn, HistoryTableOptions history)
      : conn_(conn), history_(std::move(history)) {}

  std::string Describe() const override { return conn_.redacted_url(); }
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
  Status RunWhole(const MigrationScript& script);
  Status RunOneByOne(const MigrationScript& script);

  std::string Sql(std::string_view text) const { return WithTable(text, history_.table); }

  PgConnection& conn_;
  HistoryTableOptions history_;
  std::optional<PgTransaction> transaction_;
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_PG_MIGRATION_DATABASE_H_
