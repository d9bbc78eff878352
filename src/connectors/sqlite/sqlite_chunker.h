// Splitting a SQLite table into chunks, and the SQL that reads one chunk.
//
// A table is split by the first rule that applies:
//   1. a single-column primary key whose smallest and largest values are
//      integers (INTEGER PRIMARY KEY and other integer keys): integer ranges,
//      of equal width when a sample of the key shows it fills its range
//      evenly (sqlite_key_spread.h: dense keys, planned without a scan),
//      else bounded by every chunk_rows-th key, stepped through the key's
//      b-tree (random 63-bit ids, keys with gaps). Either way there are
//      about rows / chunk_rows chunks, never one per stretch of the span;
//   2. any other primary key whose columns hold no NULL: boundaries taken from
//      the key order, every `chunk_rows`-th key (one pass over the key index);
//   3. otherwise (no key, or keys with NULLs, which SQLite allows in rowid
//      tables): rowid ranges, planned as in 1.
// A table that has none of these (a WITHOUT ROWID table whose key has NULLs
// cannot exist) stays one chunk. The first chunk's lower bound and the last
// chunk's upper bound are open, so rows outside the planned range (text in an
// integer column sorts after numbers) still belong to exactly one chunk.
//
// Each chunk's estimated_rows is a row estimate (exact when stepped). The
// plan depends only on the data, so the same snapshot gives the same chunks.
// The caller plans on a snapshot nobody writes to (sqlite_snapshot.h): the
// chunks are only a partition of the data they were planned on.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_CHUNKER_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_CHUNKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/sqlite/sqlite_database.h"
#include "ferry/schema.h"
#include "ferry/source.h"

namespace ferry {

// Plans the chunks of `table` (a table of `db`, as the source described it).
// REQUIRES: chunk_rows > 0. Chunk ids are 0, 1, ... in key order.
Result<std::vector<Chunk>> PlanSqliteChunks(SqliteDatabase& db, const TableSchema& table,
                                            int64_t chunk_rows);

// The WHERE condition that selects `chunk` of `table`, with numbered parameters
// ?N starting at `first_param`, or "1" for the whole table. Bind them with
// BindSqliteChunk. Key ranges are written so that SQLite can use the key index.
std::string SqliteChunkCondition(const TableSchema& table, const Chunk& chunk, int first_param = 1);
Status BindSqliteChunk(SqliteStatement& statement, const Chunk& chunk, int first_param = 1);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_CHUNKER_H_
