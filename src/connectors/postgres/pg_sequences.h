// Reading a PostgreSQL schema's sequences, and which columns draw from them.
//
// An identity column, and a serial one (a sequence OWNED BY the one column
// whose default draws from it), stay auto_increment columns: the target makes
// them identities whose sequence continues from the source sequence's next
// value (Column::next_value) when that is past the largest key. Every other
// sequence (standalone, shared by several columns' DEFAULT nextval(...), or
// drawn from without being owned) goes to DatabaseSchema::sequences, to be
// created as a sequence under its own name; the columns that draw from it get
// Column::sequence instead of auto_increment.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SEQUENCES_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SEQUENCES_H_

#include <map>
#include <string>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"

namespace ferry {

// `tables` maps the oid (as text) of each table of `database` to it. Sequences
// of `schema`, and those of other schemas that its columns draw from.
Status ReadPgSequences(PgConnection& conn, const std::string& schema,
                       const std::map<std::string, TableSchema*>& tables, DatabaseSchema* database);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SEQUENCES_H_
