// Reading a PostgreSQL schema from the system catalogs into DatabaseSchema.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_CATALOG_H_
#define FERRY_CONNECTORS_POSTGRES_PG_CATALOG_H_

#include <cstdint>
#include <map>
#include <string>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"

namespace ferry {

// Every table of `schema` (ordinary and partitioned; partitions are read through
// their parent) with columns, keys, foreign keys and indexes; views, materialized
// views and foreign tables as skipped objects. Column types: see pg_source.h.
Result<DatabaseSchema> ReadPgCatalog(PgConnection& conn, const std::string& schema);

// The type OID of each column of `schema`.`table` (domains resolved to their
// base type), by column name. NotFound when the table does not exist.
Result<std::map<std::string, uint32_t>> ReadPgColumnTypes(PgConnection& conn,
                                                          const std::string& schema,
                                                          const std::string& table);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_CATALOG_H_
