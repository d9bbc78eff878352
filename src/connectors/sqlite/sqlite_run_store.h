// SqliteRunStore: a RunStore in the `_ferry_*` tables of a SQLite target file
// (layout in sqlite_run_schema.h), the same contract as PgRunStore.
//
// SQLite has no row locks: claims are taken inside a write transaction
// (BEGIN IMMEDIATE under the file's mutex, sqlite_write_lock.h), so two
// workers never take the same chunk. A chunk's done-record commits in the
// chunk writer's own transaction (SqliteBatchWriter::CommitChunk). Keys are
// declared when CreateRun creates the tables (SQLite cannot add them later),
// so AddKeys has nothing to do. SQLite keeps no row versions: CheckUnchanged
// answers "not known", and verify reads the rows.
//
// The store keeps one connection (guarded by a mutex), opened at first use;
// only Initialize and CreateRun create the file. Thread-safe.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_RUN_STORE_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_RUN_STORE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/sqlite/sqlite_database.h"
#include "ferry/endpoint.h"
#include "ferry/run_store.h"

namespace ferry {

class SqliteRunStore : public RunStore {
 public:
  static Result<std::unique_ptr<SqliteRunStore>> Open(const Endpoint& endpoint,
                                                      const std::string& schema);

  Status Initialize() override;
  Result<std::optional<RunRecord>> FindRun(const std::string& run_id) override;
  Result<std::vector<RunRecord>> FindUnfinishedRuns(const std::string& source,
                                                    const std::string& target) override;
  Result<std::optional<RunRecord>> LatestRun() override;
  Status CreateRun(const RunRecord& run, const std::vector<RunTable>& tables,
                   const RunSetup& setup) override;
  Result<AbandonedRun> AbandonRun(const std::string& run_id, bool only_if_nothing_done) override;
  Result<std::optional<ChunkClaim>> ClaimChunk(const std::string& run_id, const std::string& worker,
                                               std::chrono::seconds claim_timeout) override;
  Status ReleaseChunk(const std::string& run_id, const std::string& worker, const ChunkClaim& claim,
                      const std::string& error) override;
  Status Heartbeat(const std::string& run_id, const std::string& process,
                   const std::vector<std::string>& claims) override;
  Result<bool> BeginFinishing(const std::string& run_id) override;
  Result<bool> TableDone(const std::string& run_id, int table_no) override;
  Status AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables, WriteMode mode,
                 const DuplicateSink& reject_duplicates) override;
  Status MarkRunDone(const std::string& run_id) override;
  // sqlite_run_progress.cc:
  Status RegisterWorker(const std::string& run_id, const std::string& process,
                        const std::string& start) override;
  Status WorkerExited(const std::string& run_id, const std::string& process) override;
  Result<std::vector<WorkerRecord>> ListWorkers(const std::string& run_id,
                                                std::chrono::seconds claim_timeout) override;
  Result<int64_t> TakeOverChunks(const std::string& run_id, const std::string& process,
                                 const std::string& reason) override;
  Result<RunProgress> LoadProgress(const std::string& run_id,
                                   std::chrono::seconds claim_timeout) override;
  Result<std::vector<RunRecord>> FindDoneRuns(const std::string& source,
                                              const std::string& target) override;
  Result<std::vector<DoneTable>> LoadDoneTables(const std::string& run_id) override;
  Result<UnchangedCheck> CheckUnchanged(const DoneTable& table) override;

 private:
  explicit SqliteRunStore(std::string path) : path_(std::move(path)) {}
  // Runs `work` on the store's connection (opened when missing; `create`:
  // the file too). With `write`, inside a write transaction committed when
  // `work` succeeds. Without `create`, a missing file or state tables fail
  // with NotFound, or with `absent_is_empty` are OK and `work` is not run.
  Status With(bool write, bool create, const std::function<Status(SqliteDatabase&)>& work,
              bool absent_is_empty = false);
  // Reads with `work`; nothing to read (OK, `work` not run) when the file or
  // its state tables are not there. For verify and status, which never create.
  Status ReadIfPresent(const std::function<Status(SqliteDatabase&)>& work) {
    return With(false, false, work, /*absent_is_empty=*/true);
  }
  Result<std::vector<RunRecord>> QueryRuns(SqliteDatabase& db, const std::string& where,
                                           const std::vector<std::string>& params);
  Status InsertRun(SqliteDatabase& db, const RunRecord& run, const std::vector<RunTable>& tables,
                   WriteMode mode);
  Status DropRunTables(SqliteDatabase& db, const std::string& run_id, AbandonedRun* result);

  const std::string path_;
  std::mutex mutex_;
  std::optional<SqliteDatabase> db_;  // guarded by mutex_
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_RUN_STORE_H_
