// PgSource: reads PostgreSQL-family tables as Batches.
//
// Open() connects, starts a REPEATABLE READ READ ONLY transaction and exports
// its snapshot with pg_export_snapshot(); every reader then imports it (SET
// TRANSACTION SNAPSHOT) on its own connection, so all readers of one PgSource
// see the same data, however long the read takes. Where the server cannot
// export a snapshot (CockroachDB, a hot standby), each reader has its own
// REPEATABLE READ snapshot and SnapshotNote() says so.
//
// DescribeSchema() reads the catalogs of one PostgreSQL schema: tables with
// columns (LogicalType from the column's type, domains resolved to their base
// type, types ferry does not decode read as text), primary and unique keys,
// foreign keys and secondary indexes; views, materialized views and foreign
// tables are listed as skipped.
//
// A reader runs COPY (SELECT … FROM ONLY t WHERE <chunk condition>) TO STDOUT
// (FORMAT binary), so each physical row is read once: inheritance children are
// tables of their own, and a partitioned table is read through its partitions
// (pg_relation.h). It decodes every field into the representation of the
// column's LogicalType (logical_type.h). PlanChunks and the chunk conditions:
// pg_chunker.h.
//
// Thread-safety: DescribeSchema, OpenReader and KeyRange may be called from
// several threads. Each reader is used by one thread and must be destroyed
// before the PgSource; its connection then returns to the PgSource's pool.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SOURCE_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SOURCE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_raw_rows.h"
#include "ferry/endpoint.h"
#include "ferry/source.h"

namespace ferry {

// The values of a table's integer primary key: smallest, largest, and how many rows.
struct PgKeyRange {
  std::optional<int64_t> min;  // nullopt when the table is empty
  std::optional<int64_t> max;
  int64_t rows = 0;
};

class PgSource : public Source {
 public:
  // Connects to `endpoint` and reads tables of the PostgreSQL schema `schema`.
  // With `import_snapshot` (a snapshot id another PgSource exported, e.g. the
  // one a run recorded), reads that snapshot while its exporter lives; when it
  // is gone, reads a snapshot of its own and imported() is false.
  static Result<std::unique_ptr<PgSource>> Open(const Endpoint& endpoint,
                                                std::string schema = "public",
                                                const std::string& import_snapshot = "");
  ~PgSource() override;

  Result<DatabaseSchema> DescribeSchema() override;
  // `table` names the columns to read, in the order wanted; their LogicalTypes
  // must be those DescribeSchema reports (verify checks this before reading).
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  std::string SnapshotNote() const override;
  // Raw rows (pg_raw_rows.h): binary COPY tuples of the columns `table` names,
  // as the server sends them; their values are decoded beside them as by
  // OpenReader (the columns read as text are read a second time, as text).
  std::string raw_row_format() const override { return std::string(kPgRawRowFormat); }
  Result<std::string> RawRowsWhyNot(const TableSchema& table) override;
  Result<std::unique_ptr<BatchReader>> OpenRawReader(const TableSchema& table,
                                                     const Chunk& chunk) override;

  // min/max of the single-column integer primary key of `table`, and the row count,
  // in the snapshot. InvalidArgument when the table has no such key.
  Result<PgKeyRange> KeyRange(const TableSchema& table);

  // Splits `table` as pg_chunker.h says, in this source's snapshot.
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;
  // pg_dump's schema of this source's schema, in its snapshot (pg_native_schema.h).
  Result<NativeSchema> DumpNativeSchema(const NativeSchemaRequest& request) override;
  std::string WhyNoNativeSchema() override;
  Result<std::vector<NativeSchemaEntry>> ReadNativeSequenceStates(
      const NativeSchema& schema) override;

  const std::string& schema() const { return schema_; }
  // The id of the snapshot every reader imports ("" when the server cannot export one).
  const std::string& snapshot_id() const { return snapshot_id_; }
  // True when Open imported the snapshot it was asked to.
  bool imported() const { return imported_; }

  // Used by readers: a connection inside the snapshot, and its return to the pool.
  Result<PgConnection> AcquireConnection();
  void ReleaseConnection(PgConnection conn);

 private:
  PgSource(Endpoint endpoint, std::string schema, PgConnection control);
  Result<std::unique_ptr<BatchReader>> OpenCopyReader(const TableSchema& table, const Chunk& chunk,
                                                      bool raw_rows);
  // Type OIDs of `table`'s columns by name, from the catalogs (cached).
  Result<std::map<std::string, uint32_t>> ColumnTypes(const std::string& table);
  // The FROM item that reads each row of `table` once (pg_relation.h; cached).
  Result<std::string> RowSource(const std::string& table);

  const Endpoint endpoint_;
  const std::string schema_;
  std::mutex mutex_;
  PgConnection control_;     // holds the exported snapshot open; guarded by mutex_
  std::string snapshot_id_;  // empty when the server could not export one
  bool imported_ = false;
  std::vector<PgConnection> idle_;                                       // guarded by mutex_
  std::map<std::string, std::map<std::string, uint32_t>> column_types_;  // guarded by mutex_
  std::map<std::string, std::string> row_sources_;                       // guarded by mutex_
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SOURCE_H_
