// Readying a target table for a --mode, the one implementation both a chunk
// writer (a whole-table chunk, in its own transaction) and a run's record
// (PgRunStore::CreateRun, for tables split into chunks) use.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_READY_TABLE_H_
#define FERRY_CONNECTORS_POSTGRES_PG_READY_TABLE_H_

#include <string>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"
#include "ferry/target.h"

namespace ferry {

// In the transaction open on `conn`: kCreate creates `table` in `schema`
// without its primary and unique keys (added after the rows: one sorted index
// build instead of an index insert per row); kReplace drops it first (never
// with CASCADE); kTruncate empties it (FailedPrecondition, saying what to do,
// when other tables' foreign keys refer to it); kAppend and kUpsert change
// nothing. Errors name the table.
Status ReadyPgTable(PgConnection& conn, const TableSchema& table, const std::string& schema,
                    WriteMode mode);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_READY_TABLE_H_
