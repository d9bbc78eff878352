// What a PostgreSQL source holds besides tables and their keys, indexes and
// foreign keys, which ferry does not recreate in the target: listed as
// SkippedObjects (kind, name, what to do), so a plan, the log and the JSON
// report name each one and nothing is dropped without a word.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SCHEMA_OBJECTS_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SCHEMA_OBJECTS_H_

#include <string>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"

namespace ferry {

// Appends to database->skipped, for `schema`: generated columns (copied as
// plain columns with their values: their expression is no default, so it is
// taken off the column), inheritance links (each child
// is copied as a table of its own with ONLY its own rows), partitions (read
// through their partitioned table into one plain target table), functions,
// procedures, aggregates, rules, domains, enum, range and composite types,
// exclusion constraints, extended statistics, collations, operators, comments
// and grants (privileges on tables, columns and functions, default privileges);
// and, database-wide, extensions (but plpgsql), event triggers and
// publications. Objects that belong to an extension are not listed one by one.
Status ReadPgSchemaObjects(PgConnection& conn, const std::string& schema, DatabaseSchema* database);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SCHEMA_OBJECTS_H_
