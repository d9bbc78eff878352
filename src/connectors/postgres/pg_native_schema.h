// The PostgreSQL side of NativeSchema (ferry/native_schema.h): the source's
// own schema dumped by pg_dump (pg_schema_dump.h) into the engine-neutral
// form a run carries, and restored from it on a PostgreSQL target: pre-data
// inside the transaction that records the run (pg_pre_data.h), post-data after
// the rows, in parallel (pg_post_data.h), then sequence values.
//
// Versions: pg_dump must be at least the source server's major version
// (checked before it runs); the plain SQL it writes is restored by ferry on a
// target of the same or a newer major version. An older target is refused by
// UseNativeSchema's caller taking ferry's DDL instead (pg_engine.cc).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_NATIVE_SCHEMA_H_
#define FERRY_CONNECTORS_POSTGRES_PG_NATIVE_SCHEMA_H_

#include <set>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "ferry/endpoint.h"
#include "ferry/native_schema.h"
#include "ferry/schema.h"

namespace ferry {

// Dumps schema `schema` of `source` in snapshot `snapshot` ("" : pg_dump's
// own), leaving out request.exclude_tables (and everything of theirs), after
// the source database's extensions (read on `conn`, a connection to it).
// Fails when a table of request.tables is not in the dump.
Result<NativeSchema> DumpPgNativeSchema(PgConnection& conn, const Endpoint& source,
                                        const std::string& schema, const std::string& snapshot,
                                        const NativeSchemaRequest& request);

// The kinds of ferry's skipped objects (pg_catalog.cc, pg_schema_objects.cc)
// that the dump carries; grants and default privileges only without --no-acl.
std::vector<std::string> PgNativeCarriedKinds(bool no_acl);

// Restores `schema`'s pre-data on `conn`, inside its transaction. A failed
// entry is listed in `not_restored`; a failed TABLE entry of one of
// `run_tables` (names in the target schema) fails the call: its rows would
// have nowhere to go.
Status RestorePgPreData(PgConnection& conn, const NativeSchema& schema,
                        const std::set<std::string>& run_tables,
                        std::vector<SkippedObject>* not_restored);

// One "SEQUENCE SET" entry (SELECT pg_catalog.setval(…)) per sequence that
// `schema`'s pre-data creates, with the state it has on `conn` now (pg_dump's
// data section would carry it; ferry dumps the schema only). A sequence this
// session may not read is left out and logged.
Result<std::vector<NativeSchemaEntry>> ReadPgNativeSequenceStates(PgConnection& conn,
                                                                  const NativeSchema& schema);

// Restores `schema`'s post-data on `target` with `jobs` connections, then
// ANALYZE of its tables. Failed entries are listed in `not_restored`.
Status RestorePgPostData(const Endpoint& target, const NativeSchema& schema, int jobs,
                         std::vector<SkippedObject>* not_restored);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_NATIVE_SCHEMA_H_
