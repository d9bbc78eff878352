// Versions of the PostgreSQL client tools ferry runs (pg_dump, pg_restore)
// against the servers they read and write.
//
// The cross-major-version rule, PostgreSQL's own:
//   - pg_dump reads servers of its own major version and older, never newer:
//     the pg_dump used must be at least the source server's major version.
//   - pg_restore reads archives of its own major version and older: ferry
//     takes pg_restore from the same folder as pg_dump and wants the same major.
//   - The SQL they write loads into a server of the source's major version or
//     newer; loading into an older major is not supported, so the target must
//     be at least the source's major version. A tool newer than the target is
//     fine: session settings the target does not know (SET transaction_timeout
//     from pg_dump 17 into PostgreSQL 15) are left out (pg_dump_session.h).
// Version numbers are server_version_num style: 150018 for 15.18, 90624 for 9.6.24.
// Pure functions, thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_TOOL_VERSION_H_
#define FERRY_CONNECTORS_POSTGRES_PG_TOOL_VERSION_H_

#include <string>
#include <string_view>

#include "ferry/status.h"

namespace ferry {

// The version in `--version` output: "pg_dump (PostgreSQL) 15.18 (Debian
// 15.18-0+deb12u1)" is 150018, "pg_dump (PostgreSQL) 17beta1" 170000.
// InvalidArgument quoting the text when it holds no version.
Result<int> ParsePgToolVersion(std::string_view version_output);

// The major version: 15 for 150018, 906 for 90624.
int PgMajorVersion(int version_num);
// "15", "9.6": the major version as PostgreSQL writes it.
std::string PgMajorVersionText(int version_num);

// OK when `tool` (e.g. "pg_dump" at version `tool_version`) may dump a
// source server of `source_version`; else FailedPrecondition naming both
// versions and the client package to install.
Status CheckPgDumpVersion(std::string_view tool, int tool_version, int source_version);

// OK when a target server of `target_version` may load what was dumped from
// `source_version`; else FailedPrecondition naming both.
Status CheckPgTargetVersion(int source_version, int target_version);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_TOOL_VERSION_H_
