// How a PostgreSQL table is named when its rows are read: each physical row once.
//
// A plain `FROM parent` also reads every inheritance child's rows, and each
// child is a table of its own in the catalog too, so a reader that lists both
// would see a child's rows twice (in the copy and in verify alike). An ordinary
// table is therefore always read with ONLY. A partitioned table holds no rows
// itself: it is read without ONLY, through its partitions, which are never
// listed as tables of their own (pg_catalog.h). A parent whose inheritance
// children all live in other schemas (TimescaleDB keeps a hypertable's rows
// in chunks in _timescaledb_internal) is read without ONLY too: those
// children are never tables of the schema read, so only the parent brings
// their rows; children both inside and outside its schema are refused.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_RELATION_H_
#define FERRY_CONNECTORS_POSTGRES_PG_RELATION_H_

#include <string>
#include <string_view>

#include "connectors/postgres/pg_connection.h"

namespace ferry {

// "ONLY s.t" for an ordinary table (or any relation that is not partitioned),
// "s.t" for a partitioned one; names quoted as needed.
std::string PgRowSourceFor(std::string_view schema, std::string_view table, bool partitioned);

// PgRowSourceFor with the relation's kind and children read from the
// catalog. NotFound, naming the table and the schema, when there is no such
// relation; FailedPrecondition for children both in and outside its schema.
Result<std::string> PgRowSource(PgConnection& conn, std::string_view schema,
                                std::string_view table);

// The relation a row source names, without ONLY ("s.t"), e.g. for ::regclass.
std::string_view PgRowSourceRelation(std::string_view row_source);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_RELATION_H_
