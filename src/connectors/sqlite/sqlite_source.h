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

#include "ferry/source.h"

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

// `name` as a SQLite identifier: "name" with inner '"' doubled.
std::string QuoteSqliteIdentifier(const std::string& name);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SOURCE_H_
