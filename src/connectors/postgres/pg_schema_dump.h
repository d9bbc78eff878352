// The schema of a PostgreSQL source as PostgreSQL's own tools write it: one
// pg_dump run, then pg_restore's plain SQL of its pre-data and post-data
// sections, split into entries (pg_dump_script.h), as pgcopydb does.
//
//   PgSchemaDump dump = DumpPgSchema(source, options)        // 1. dump
//   ApplyPgPreData(target_conn_in_a_transaction, dump.pre_data)   // 2. types, tables, …
//   … copy the data of dump.tables, each with ONLY …          // 3. (the caller)
//   ApplyPgPostData(target, dump.post_data, …)                // 4. indexes, keys, …
//   SetPgSequenceStates(target_conn, ReadPgSequenceStates(…)) // 5. sequence values
//
// pg_dump runs once, with --format=custom --section=pre-data
// --section=post-data (the schema, and the REFRESH of each populated
// materialized view, which --schema-only would leave out), into an archive in
// a private temporary directory (mkdtemp, removed afterwards) or in
// options.work_dir (kept). pg_restore then prints each section as plain SQL
// (--file=-) with --no-tablespaces (objects go to the target's default
// tablespace). --no-subscriptions always: a subscription copied to a new
// database would be a second subscriber of the same publication.
//
// Versions: see pg_tool_version.h. The source server's version is read
// first; pg_dump older than it is refused before it runs, naming both.
//
// Secrets: the source is given to pg_dump as a key=value string without the
// password (PGPASSWORD carries that, pg_tool_conninfo.h), so no argv shows
// it; the tools' error output is returned with passwords redacted.
//
// Nothing waits forever: each tool run has options.timeout_seconds, and
// pg_dump gives up a table lock it cannot get within lock_wait_timeout_ms.
//
// Partitions and inheritance: pg_dump treats partitions as tables of their
// own. An included (or excluded) table brings its partitions, at every level,
// into the filter too. Inheritance children that are not partitions are not
// added. Every partition and child is a table of its own in `tables`: read
// each one's rows with SELECT … FROM ONLY, so that no row is copied twice
// (once through its parent and once through itself); a partitioned table
// itself holds no rows.
//
// Thread-safe: each call has its own connection, processes and files.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SCHEMA_DUMP_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SCHEMA_DUMP_H_

#include <string>
#include <vector>

#include "connectors/postgres/pg_dump_filter.h"
#include "connectors/postgres/pg_dump_script.h"
#include "ferry/endpoint.h"
#include "ferry/status.h"

namespace ferry {

struct PgSchemaDumpOptions {
  PgDumpFilter filter;
  bool no_owner = false;  // no ALTER … OWNER TO: objects belong to the target's user
  bool no_acl = false;    // no GRANT / REVOKE
  // pg_dump --snapshot: the name pg_export_snapshot() gave the caller's source
  // transaction (which must stay open until DumpPgSchema returns), so the
  // schema is the one the data is read in. "": pg_dump's own snapshot.
  std::string snapshot;
  // The folder holding pg_dump and pg_restore ("/usr/lib/postgresql/16/bin");
  // "": found on PATH.
  std::string bin_dir;
  int timeout_seconds = 3600;        // for each run of pg_dump and pg_restore
  int lock_wait_timeout_ms = 60000;  // pg_dump --lock-wait-timeout; 0: wait
  // Where the archive (schema.dump) is written and kept, created if missing;
  // "": a private temporary directory, removed before DumpPgSchema returns.
  std::string work_dir;
};

struct PgSchemaDump {
  PgDumpScript pre_data;   // for ApplyPgPreData (pg_pre_data.h)
  PgDumpScript post_data;  // for ApplyPgPostData (pg_post_data.h)
  // The tables pre_data creates (its TABLE entries; partitions included, each
  // one): the tables whose rows the caller copies, each with ONLY.
  std::vector<PgTableName> tables;
  int source_version = 0;  // the source server's server_version_num
  int tool_version = 0;    // pg_dump's, same numbering
};

// Dumps the schema of `source` (a PostgreSQL endpoint). Errors: kConnection
// when the source cannot be reached; NotFound for an included table that does
// not exist or a tool not found (naming the client package to install);
// FailedPrecondition for a pg_dump older than the source, or a tool that
// failed (its output, redacted); Timeout when a tool ran too long.
Result<PgSchemaDump> DumpPgSchema(const Endpoint& source, const PgSchemaDumpOptions& options);

// OK when pg_dump and pg_restore (in `bin_dir`, "" : on PATH) are there, of
// one major version, and able to dump a server of `source_version`; else the
// error DumpPgSchema would give, before anything is planned.
Status CheckPgSchemaDumpTools(const Endpoint& source, int source_version,
                              const std::string& bin_dir = "");

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SCHEMA_DUMP_H_
