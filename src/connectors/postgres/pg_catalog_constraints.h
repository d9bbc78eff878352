// Reading a PostgreSQL schema's indexes and CHECK constraints (part of
// ReadPgCatalog, pg_catalog.h).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_CATALOG_CONSTRAINTS_H_
#define FERRY_CONNECTORS_POSTGRES_PG_CATALOG_CONSTRAINTS_H_

#include <map>
#include <string>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"

namespace ferry {

// The tables being read, by their OID as text; nullptr values are ignored.
using PgTablesByOid = std::map<std::string, TableSchema*>;

// Every index of the tables of `schema` as the table's primary key, a unique
// key or a secondary Index with its method ("" for btree), key columns or
// expressions with their options (collation, operator class, order, when not
// the default), INCLUDE columns and predicate. An exclusion constraint's index
// is listed in database->skipped with the constraint's definition instead.
Status ReadPgIndexes(PgConnection& conn, const std::string& schema, PgTablesByOid& tables,
                     DatabaseSchema* database);

// Every CHECK constraint of the tables of `schema` into TableSchema::checks,
// except those that are NOT VALID or call a function outside pg_catalog
// (which the target may lack): those are listed in database->skipped with
// their text.
Status ReadPgChecks(PgConnection& conn, const std::string& schema, PgTablesByOid& tables,
                    DatabaseSchema* database);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_CATALOG_CONSTRAINTS_H_
