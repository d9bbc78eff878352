// SqliteSource: reads a SQLite database file as a ferry Source.
//
// DescribeSchema introspects with PRAGMA table_xinfo / foreign_key_list /
// index_list / index_xinfo: columns keep SQLite's declared type in
// Column::native_type (the mapping derives affinity and PostgreSQL type from
// it). Views, triggers, virtual tables, SQLite's internal tables, partial and
// expression indexes are listed in DatabaseSchema::skipped, never dropped silently.
//
// Readers return values as SQLite stores them (storage classes: NULL, INTEGER
// → kInt64, REAL → kDouble, TEXT → kText with its bytes unchecked, BLOB →
// kBytes), copied into the batch's arena: no heap allocation per value.
//
// Thread-safety: OpenReader may be called from several threads; each reader
// has its own read-only connection and is used by one thread.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_SOURCE_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_SOURCE_H_

#include <memory>
#include <string>

#include "connectors/sqlite/sqlite_ddl.h"  // the target's declared types and storage rules
#include "ferry/endpoint.h"
#include "ferry/run_store.h"
#include "ferry/source.h"
#include "ferry/target.h"

namespace ferry {

class SqliteSource : public Source {
 public:
  // Checks that `path` is a readable SQLite database (NotFound, Corruption or
  // IoError naming the path otherwise). Nothing is ever written to it.
  static Result<std::unique_ptr<SqliteSource>> Open(const std::string& path);

  Result<DatabaseSchema> DescribeSchema() override;
  // A chunk with bounds selects a key or rowid range (sqlite_chunker.h).
  // The reader's read transaction has begun when this returns.
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  // Key ranges, sampled key boundaries or rowid ranges (sqlite_chunker.h).
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;
  // Each reader reads in its own read transaction (one snapshot per table, not
  // one for the whole database): say so, so that users stop writers first.
  std::string SnapshotNote() const override;

  const std::string& path() const { return path_; }

 private:
  explicit SqliteSource(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The SQLite engine's other roles (sqlite_target.h, sqlite_run_store.h),
// declared beside its source so that the one dispatch that knows every engine
// (pipeline/endpoints.cc, until the engine registry of issue 12) reaches them
// through this header. `schema` is --schema: SQLite has only main, so anything
// but "public" (its default), "main" or "" is InvalidArgument. The target reader is
// mapping/sqlite_typed_source.h over a SqliteSource.
Result<std::unique_ptr<Target>> OpenSqliteTarget(const Endpoint& endpoint,
                                                 const std::string& schema);
Result<std::unique_ptr<RunStore>> OpenSqliteRunStore(const Endpoint& endpoint,
                                                     const std::string& schema);
Status CheckSqliteTargetSchema(const std::string& schema);

// `name` as a SQLite identifier: "name" with inner '"' doubled.
std::string QuoteSqliteIdentifier(const std::string& name);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SOURCE_H_
