// Runs a pg_dump script's post-data entries (indexes, keys, foreign keys,
// triggers, rules, policies, comments, privileges, materialized view
// refreshes) on a target after its data is in, in parallel, in the waves of
// pg_post_data_plan.h; then ANALYZE of the copied tables.
//
// Each entry runs in its own transaction on one of `jobs` connections, each
// connection on its own thread, after the entry's session settings. An entry
// the server refuses is reported by kind and name with the server's error;
// the others go on (an entry that needs a failed one fails too, and is
// reported too). A deadlock or lock timeout (SQLSTATE 40P01, 55P03) between
// two entries is retried, up to 3 times.
//
// Resumable: after a crash, running the same post-data again does not fail on
// what the first run committed. An entry the server refuses because its
// object exists counts as done: SQLSTATE 42P07 (duplicate_table: an index,
// or the index of a UNIQUE constraint, of that name exists), 42710
// (duplicate_object: a constraint, trigger, rule, policy or statistics of that
// name exists), and for a CONSTRAINT entry 42P16 ("multiple primary keys for
// table … are not allowed": the table has its primary key). That is decided
// by the name alone, not by comparing definitions: an object of the same name
// that the target had before is taken as the one the entry would make.
// Entries that run again harmlessly (COMMENT, GRANT, REVOKE, ALTER INDEX …
// ATTACH PARTITION of an attached index, REFRESH MATERIALIZED VIEW) just run.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_POST_DATA_H_
#define FERRY_CONNECTORS_POSTGRES_PG_POST_DATA_H_

#include <stop_token>
#include <vector>

#include "connectors/postgres/pg_dump_filter.h"
#include "connectors/postgres/pg_dump_script.h"
#include "connectors/postgres/pg_entry_failure.h"
#include "ferry/endpoint.h"

namespace ferry {

struct PgPostDataOptions {
  int jobs = 0;  // connections and threads; 0: the machine's cores
  // Tables to ANALYZE after the entries (PgSchemaDump::tables), in parallel too.
  std::vector<PgTableName> analyze;
  // Once stop is requested no further entry starts; the call returns Cancelled.
  std::stop_token stop;
};

// Returns the failed entries in script order, then the failed ANALYZEs (kind
// "ANALYZE"); empty when everything is in place. A Status error when a
// connection fails (kConnection: run again to resume) or on stop (kCancelled).
Result<std::vector<PgEntryFailure>> ApplyPgPostData(const Endpoint& target,
                                                    const PgDumpScript& post_data,
                                                    const PgPostDataOptions& options);

// ANALYZE of each of `tables` on `jobs` connections (0: the cores).
// Failures have kind "ANALYZE"; a Status error as for ApplyPgPostData.
Result<std::vector<PgEntryFailure>> AnalyzePgTables(const Endpoint& target,
                                                    const std::vector<PgTableName>& tables,
                                                    int jobs, std::stop_token stop = {});

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_POST_DATA_H_
