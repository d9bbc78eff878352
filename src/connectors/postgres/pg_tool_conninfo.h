// How a PostgreSQL client tool (pg_dump, pg_restore) reaches an endpoint
// without its password in the tool's argv.
//
// Endpoint::secret_text is a libpq URL or key=value string (or empty: libpq's
// PG* environment variables only). PQconninfoParse splits either form; every
// option but the password goes into a key=value string for the tool's
// --dbname, and the password into PGPASSWORD in the tool's environment.
// Pure: no connection is made. Thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_TOOL_CONNINFO_H_
#define FERRY_CONNECTORS_POSTGRES_PG_TOOL_CONNINFO_H_

#include <map>
#include <string>
#include <string_view>

#include "ferry/endpoint.h"
#include "ferry/status.h"

namespace ferry {

struct PgToolConnection {
  // "host='h' port='5432' user='u' dbname='d' …": no secret, safe for argv.
  std::string conninfo;
  // PGPASSWORD when the endpoint holds a password; for the child's environment.
  std::map<std::string, std::string> env;
};

// Adds application_name (unless the endpoint sets one) and connect_timeout
// from --connect-timeout (net_timeouts.h; unless the endpoint sets one).
// InvalidArgument, redacted, when libpq cannot parse the text, or when it
// holds an sslpassword (no environment variable carries one, and argv would
// show it: give an unencrypted key or an ssl key file the tool can read).
Result<PgToolConnection> PgToolConnectionFor(const Endpoint& endpoint,
                                             std::string_view application_name);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_TOOL_CONNINFO_H_
