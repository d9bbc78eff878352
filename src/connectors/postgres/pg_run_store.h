// PgRunStore: a RunStore in the `_ferry` schema of a PostgreSQL-family target
// (layout in pg_run_schema.h).
//
// Chunks are claimed with SELECT … FOR UPDATE SKIP LOCKED, so any number of
// workers, in one process or on several hosts, take distinct chunks without a
// coordinator. PgBatchWriter::CommitChunk runs _ferry.finish_chunk inside the
// chunk writer's own transaction and commits it: a chunk's rows and its "done"
// record are atomic, and a worker whose claim expired cannot commit a second copy.
//
// The store keeps one connection of its own (guarded by a mutex) for claims,
// heartbeats and progress; when the connection drops, the next call
// reconnects and retries once. Thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_RUN_STORE_H_
#define FERRY_CONNECTORS_POSTGRES_PG_RUN_STORE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/postgres/pg_connection.h"
#include "ferry/endpoint.h"
#include "ferry/run_store.h"

namespace ferry {

class PgRunStore : public RunStore {
 public:
  // Connects to the target `endpoint`; the run's tables live in `target_schema`.
  static Result<std::unique_ptr<PgRunStore>> Connect(const Endpoint& endpoint,
                                                     std::string target_schema);

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
  // pg_run_workers.cc:
  Status RegisterWorker(const std::string& run_id, const std::string& process,
                        const std::string& start) override;
  Status WorkerExited(const std::string& run_id, const std::string& process) override;
  Result<std::vector<WorkerRecord>> ListWorkers(const std::string& run_id,
                                                std::chrono::seconds claim_timeout) override;
  Result<int64_t> TakeOverChunks(const std::string& run_id, const std::string& process,
                                 const std::string& reason) override;
  Result<RunProgress> LoadProgress(const std::string& run_id,
                                   std::chrono::seconds claim_timeout) override;
  Result<bool> BeginFinishing(const std::string& run_id) override;
  Result<bool> TableDone(const std::string& run_id, int table_no) override;
  // pg_run_keys.cc:
  Status AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables, WriteMode mode,
                 const DuplicateSink& reject_duplicates) override;
  Status MarkRunDone(const std::string& run_id) override;
  // pg_done_runs.cc:
  Result<std::vector<RunRecord>> FindDoneRuns(const std::string& source,
                                              const std::string& target) override;
  Result<std::vector<DoneTable>> LoadDoneTables(const std::string& run_id) override;
  Result<UnchangedCheck> CheckUnchanged(const DoneTable& table) override;

 private:
  PgRunStore(Endpoint endpoint, std::string schema, PgConnection conn)
      : endpoint_(std::move(endpoint)), schema_(std::move(schema)), conn_(std::move(conn)) {}
  // Runs `work` on the store's connection; reconnects and retries once when
  // the connection was lost.
  Status WithConnection(const std::function<Status(PgConnection&)>& work);
  Result<std::vector<RunRecord>> QueryRuns(PgConnection& conn, const std::string& where);
  Status InsertRun(PgConnection& conn, const RunRecord& run, const std::vector<RunTable>& tables);
  Status ReadyTables(PgConnection& conn, const std::vector<RunTable>& tables, WriteMode mode);
  // The source's pre-data, inside CreateRun's transaction (pg_native_schema.h).
  Status RestorePreData(PgConnection& conn, const NativeSchema& schema,
                        const std::vector<RunTable>& tables,
                        std::vector<SkippedObject>* not_restored);
  // AddKeys for one table, inside its transaction (pg_run_keys.cc).
  Status AddTableKeys(PgConnection& conn, const std::string& run_id, const KeyTable& table,
                      const DuplicateSink& reject_duplicates);
  Status RemoveDuplicates(PgConnection& conn, const std::string& run_id, const KeyTable& table,
                          const std::vector<std::string>& key, const DuplicateSink& sink);
  // The tables of `run_id` it created itself and may drop (AbandonRun).
  Status DropRunTables(PgConnection& conn, const std::string& run_id, AbandonedRun* result);

  const Endpoint endpoint_;
  const std::string schema_;
  std::mutex mutex_;
  std::optional<PgConnection> conn_;  // guarded by mutex_; empty after a failed reconnect
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_RUN_STORE_H_
