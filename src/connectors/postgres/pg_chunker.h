// Splitting a PostgreSQL table into chunks, and the condition that reads one.
//
// A table is split by the first rule that applies:
//   1. a single-column integer primary key: value ranges of equal width
//      between its smallest and largest values, as many as the row estimate
//      (pg_class.reltuples; count(*) when the table was never analyzed)
//      divided by chunk_rows (ChunkBy::kIntegerKey), when the rows fill at
//      least half of that range; sparser keys (random 63-bit ids, gaps) get
//      integer ranges bounded by sampled keys, as in 2, so that chunks hold
//      about chunk_rows rows and are never more than rows / chunk_rows;
//   2. any other primary key (text, uuid, composite, ...): boundaries taken
//      from the key order of a sample (TABLESAMPLE BERNOULLI, about 200 rows
//      per chunk, so one pass over the heap and no sort of the whole table;
//      every row when the table is small), compared as row values
//      `(a, b) >= ('x', 2)` (ChunkBy::kKeyValues). Text compares in the key
//      columns' own collations: the order of the primary-key index, so each
//      chunk is an index range scan (COLLATE "C" would order by bytes but
//      scan the whole table for every chunk unless the collation is "C"; a
//      collation orders the one source database the same for every reader,
//      which is all a partition needs). Chunks are about chunk_rows rows;
////   3. no primary key: ranges of heap pages of ctid, `ctid >= '(p,0)'::tid
//      AND ctid < '(q,0)'::tid` (ChunkBy::kCtid; a TID Range Scan on
//      PostgreSQL 14+, a filtered scan before), sized by pg_relation_size and
//      the row estimate. The first and last chunks are open, so rows on pages
//      added after planning (or before 14, wherever they are) are still read once.
// A partitioned table without a key, or an empty one, stays one chunk.
//
// Bounds travel as text (KeyPart kText holding the value's text form, cast
// back to the column's type in the condition), so they survive the run's
// state in the target unchanged.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_CHUNKER_H_
#define FERRY_CONNECTORS_POSTGRES_PG_CHUNKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"
#include "ferry/source.h"

namespace ferry {

// Plans the chunks of `schema`.`table` on `conn` (inside the snapshot the
// readers use). REQUIRES: chunk_rows > 0. Chunk ids are 0, 1, ... in key order.
Result<std::vector<Chunk>> PlanPgChunks(PgConnection& conn, const std::string& schema,
                                        const TableSchema& table, int64_t chunk_rows);

// The SQL condition that selects `chunk` of `table`, with the bounds as
// literals (COPY takes no parameters), or "" for the whole table.
// InvalidArgument when the chunk's kind does not fit the table (a key-range
// chunk of a table whose key is not that).
Result<std::string> PgChunkCondition(const TableSchema& table, const Chunk& chunk);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_CHUNKER_H_
