// Reads the schema of an open SQLite database into ferry's schema structs.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_SCHEMA_READER_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_SCHEMA_READER_H_

#include "connectors/sqlite/sqlite_database.h"
#include "ferry/schema.h"
#include "ferry/status.h"

namespace ferry {

// Every table of the main schema in creation order, with columns, primary key
// (INTEGER PRIMARY KEY of a rowid table marked auto_increment), unique keys,
// foreign keys, indexes and an estimated row count (sqlite_stat1 when
// analysed, else the rowid range, else count(*)), and the objects it skips.
Result<DatabaseSchema> ReadSqliteSchema(SqliteDatabase& db);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SCHEMA_READER_H_
