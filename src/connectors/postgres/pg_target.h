// PgTarget: the PostgreSQL family (PostgreSQL, and later CockroachDB, TimescaleDB,
// Neon: one wire protocol) as a copy target.
//
// Tables go into one schema. Each writer gets its own connection and
// transaction (PgBatchWriter). A writer's connection, once it is done and
// healthy, waits idle for the next OpenWriter instead of being closed: a chunked
// copy opens a writer per chunk, and a new connection per chunk was a large part
// of what a chunk cost. So a target holds about as many writer connections as
// writers were open at once; a connection that broke is closed and the next
// writer connects anew. Finish() builds indexes on up to `parallelism`
// connections at once, then foreign keys and sequences on one. The target's
// own connection (Prepare, Finish, DropTable) is opened again when it was
// lost (a server restart, pg_terminate_backend): the call that found it lost
// fails with kConnection, and the next call reconnects.
// Thread-safe: OpenWriter may be called from several threads; Prepare, Finish
// and DropTable are called by one thread at a time.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_TARGET_H_
#define FERRY_CONNECTORS_POSTGRES_PG_TARGET_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "ferry/endpoint.h"
#include "ferry/target.h"

namespace ferry {

// Which member of the family a server is, from `SELECT version()`.
enum class PgDialect { kPostgres, kCockroach, kTimescale, kNeon, kUnknown };
std::string_view PgDialectName(PgDialect dialect);
PgDialect DetectPgDialect(std::string_view version_text, bool has_timescaledb);

class PgTarget : public Target {
 public:
  // Connects once to check the server and learn its dialect.
  static Result<std::unique_ptr<PgTarget>> Connect(const Endpoint& endpoint, std::string schema);

  Status Prepare(const std::vector<TableSchema>& tables, WriteMode mode) override;
  Result<std::unique_ptr<BatchWriter>> OpenWriter(const TableSchema& table, const Chunk& chunk,
                                                  WriteMode mode) override;
  // PostgreSQL's own servers (and Timescale, Neon) take PostgreSQL sources'
  // binary COPY tuples as they are (pg_raw_rows.h); CockroachDB is not asked to.
  std::string raw_row_format() const override;
  Result<std::unique_ptr<BatchWriter>> OpenRawWriter(const TableSchema& table, const Chunk& chunk,
                                                     WriteMode mode) override;
  Status Finish(const std::vector<TableSchema>& tables, int parallelism,
                std::vector<SkippedObject>* broken_foreign_keys) override;
  Status FinishSequences(const std::vector<Sequence>& sequences,
                         const std::vector<TableSchema>& tables) override;
  // pg_post_data.h via pg_native_schema.h.
  Status RestorePostData(const NativeSchema& schema, int jobs,
                         std::vector<SkippedObject>* not_restored) override;
  Status DropTable(const TableSchema& table) override;
  std::string Describe() const override;

  PgDialect dialect() const { return dialect_; }
  std::string WhyNoNativeSchema() const override;
  const std::string& server_version() const { return version_; }

 private:
  PgTarget(Endpoint endpoint, std::string schema, PgConnection admin)
      : endpoint_(std::move(endpoint)), schema_(std::move(schema)), admin_(std::move(admin)) {}
  Status CreateIndexes(const std::vector<TableSchema>& tables, int parallelism);
  Status RunEach(const std::vector<std::string>& statements, std::string_view what);
  // The foreign keys of `table` (one of `tables`). REQUIRES: admin_mutex_ held.
  Status AddForeignKeys(const std::vector<TableSchema>& tables, const TableSchema& table,
                        std::vector<SkippedObject>* broken);
  // Reconnects admin_ when it was lost. REQUIRES: admin_mutex_ held.
  Status ReadyAdmin();
  // An idle writer connection (if `allow_idle` and there is one), else a new
  // one; *reused says which.
  Result<PgConnection> WriterConnection(bool allow_idle, bool* reused);
  Result<std::unique_ptr<BatchWriter>> OpenPgWriter(const TableSchema& table, WriteMode mode,
                                                    bool raw_rows);

  // Idle writer connections. Writers hold it weakly: one that outlives the
  // target closes its connection.
  struct IdleConnections {
    std::mutex mutex;
    std::vector<PgConnection> connections;  // guarded by mutex
  };

  const Endpoint endpoint_;
  const std::string schema_;
  std::mutex admin_mutex_;
  PgConnection admin_;  // guarded by admin_mutex_
  const std::shared_ptr<IdleConnections> idle_ = std::make_shared<IdleConnections>();
  PgDialect dialect_ = PgDialect::kUnknown;
  std::string version_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_TARGET_H_
