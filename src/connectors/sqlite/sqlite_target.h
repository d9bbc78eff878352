// SqliteTarget: a SQLite file (sqlite:PATH) as a copy target.
//
// Tables go into the file's main schema with their keys and foreign keys
// declared (sqlite_ddl.h). Each writer has its own connection; writes are
// serialised per file (sqlite_write_lock.h) while sources are read in
// parallel. The file is put in journal_mode=WAL for the load, so readers
// (ferry status, verify) never block the writer, and put back in the journal
// mode it had when the target is destroyed (the last of ferry's connections). Foreign keys are not
// enforced while loading (PRAGMA foreign_keys is per connection: the user's setting is left alone);
// Finish checks them with PRAGMA foreign_key_check. Thread-safe: OpenWriter may be called from
// several threads; Prepare, Finish and DropTable by one thread at a time.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_TARGET_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_TARGET_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connectors/sqlite/sqlite_database.h"
#include "ferry/endpoint.h"
#include "ferry/target.h"

namespace ferry {

// InvalidArgument unless `schema` (--schema) is SQLite's one schema: "public"
// (the flag's default), "main" or "".
Status CheckSqliteTargetSchema(const std::string& schema);

class SqliteTarget : public Target {
 public:
  // Opens (creating when missing) the file `endpoint.path`.
  static Result<std::unique_ptr<SqliteTarget>> Open(const Endpoint& endpoint,
                                                    const std::string& schema);

  ~SqliteTarget() override;

  Status Prepare(const std::vector<TableSchema>& tables, WriteMode mode) override;
  Result<std::unique_ptr<BatchWriter>> OpenWriter(const TableSchema& table, const Chunk& chunk,
                                                  WriteMode mode) override;
  Status Finish(const std::vector<TableSchema>& tables, int parallelism,
                std::vector<SkippedObject>* broken_foreign_keys) override;
  Status DropTable(const TableSchema& table) override;
  std::string Describe() const override;

 private:
  SqliteTarget(std::string path, SqliteDatabase admin, std::string journal_mode)
      : path_(std::move(path)), admin_(std::move(admin)), journal_mode_(std::move(journal_mode)) {}
  // REQUIRES for these three: admin_mutex_ held.
  Status CheckForeignKeys(const TableSchema& table, std::vector<SkippedObject>* broken);
  Result<std::vector<std::string>> ForeignKeyColumns(const std::string& table, int64_t fkid);
  Result<std::string> DescribeRow(const TableSchema& table, const std::vector<std::string>& columns,
                                  int64_t rowid);
  Result<bool> TableExists(const std::string& name);

  const std::string path_;
  std::mutex admin_mutex_;
  SqliteDatabase admin_;            // guarded by admin_mutex_
  const std::string journal_mode_;  // as found, restored by Finish
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_TARGET_H_
