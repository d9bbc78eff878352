// Running a PostgreSQL client tool (pg_dump, pg_restore) as a child process:
// no shell, argv exactly as given, the caller's environment with some
// variables set, standard input from /dev/null, standard output and error
// captured in memory, and a deadline after which the child is killed.
//
// Secrets never go in `args`: any user of the machine can read a process's
// argv (ps, /proc/PID/cmdline). Pass them in `env` (PGPASSWORD), which only
// the same user and root can read.
//
// Thread-safe: each call spawns its own child (posix_spawn).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_TOOL_PROCESS_H_
#define FERRY_CONNECTORS_POSTGRES_PG_TOOL_PROCESS_H_

#include <map>
#include <string>
#include <vector>

#include "ferry/status.h"

namespace ferry {

struct PgToolRun {
  // "pg_dump" (looked up on PATH) or a path holding '/'.
  std::string program;
  std::vector<std::string> args;           // argv[1…]
  std::map<std::string, std::string> env;  // set in the child's environment
  int timeout_seconds = 0;                 // 0: no deadline
};

struct PgToolOutput {
  int exit_code = -1;  // the exit status, or 128 + the signal that ended it
  std::string out;     // standard output
  std::string err;     // standard error
};

// Runs `run` to its end. NotFound when the program is not on PATH (or not at
// its path), Timeout when it runs past the deadline (it is then killed with
// SIGKILL and reaped), IoError when it cannot be started. A non-zero exit is
// no error here: the caller reads exit_code and err.
Result<PgToolOutput> RunPgTool(const PgToolRun& run);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_TOOL_PROCESS_H_
