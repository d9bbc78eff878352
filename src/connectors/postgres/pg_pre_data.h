// Runs a pg_dump script's pre-data entries (schemas, extensions, types,
// functions, tables, sequences, views, …) on a target connection inside the
// caller's transaction, so that the caller can record its run in the same
// transaction and a crash leaves either all of it or none.
//
// Each entry runs under a savepoint. An entry the server refuses is rolled
// back to its savepoint and reported by kind and name with the server's
// error, and the others go on: an entry that depends on a failed one fails
// in turn (the server says what is missing) and is reported too.
//   - SCHEMA: a schema the target has already is kept as it is (its CREATE
//     SCHEMA is not run; pg_dump writes none for public unless -n public).
//   - Owner statements (ALTER … OWNER TO) run under their own savepoint after
//     the entry: an owner the target lacks is reported, the object stays.
//   - An entry that cannot run inside a transaction block (SQLSTATE 25001)
//     is reported like any other, saying to run it by hand; none is dropped.
//   - Session settings (search_path = '', …) run before the entries, and the
//     caller's values come back afterwards (pg_dump_session.h).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_PRE_DATA_H_
#define FERRY_CONNECTORS_POSTGRES_PG_PRE_DATA_H_

#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_dump_script.h"
#include "connectors/postgres/pg_entry_failure.h"

namespace ferry {

// REQUIRES: `conn` is inside a transaction block with no failed statement
// (else FailedPrecondition, nothing run). Returns the failed entries in script
// order (empty: all restored). A Status error only when the session itself
// fails (a lost connection, kConnection) or the server refuses a session
// setting: the caller then rolls back.
Result<std::vector<PgEntryFailure>> ApplyPgPreData(PgConnection& conn,
                                                   const PgDumpScript& pre_data);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_PRE_DATA_H_
