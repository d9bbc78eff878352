// The session settings of pg_dump entries (PgDumpEntry::settings) on one
// target session.
//
// Before each entry, Apply runs the settings that differ from those this
// session last ran, so a thousand entries cost a dozen SETs. A SET of a
// parameter the server does not have is left out: a pg_dump newer than the
// target writes settings only newer servers know (transaction_timeout from
// pg_dump 17), and such a parameter cannot matter to an older server.
// Restore puts back the value each parameter had before the first Apply, for
// a caller whose session goes on after the entries (pg_dump sets
// search_path to '' and statement_timeout to 0).
//
// Not thread-safe: one per connection, used on the connection's thread.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_DUMP_SESSION_H_
#define FERRY_CONNECTORS_POSTGRES_PG_DUMP_SESSION_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_dump_script.h"

namespace ferry {

class PgDumpSession {
 public:
  // `conn` must outlive this object.
  explicit PgDumpSession(PgConnection& conn) : conn_(conn) {}

  // Makes `settings` the session's. Errors are the server's (kDataError) or
  // the connection's.
  Status Apply(const std::vector<PgDumpSetting>& settings);
  // Sets every parameter Apply changed back to its earlier value.
  Status Restore();

 private:
  Status ReadKnownParameters();

  PgConnection& conn_;
  std::vector<PgDumpSetting> applied_;
  bool known_read_ = false;
  std::set<std::string> known_;                              // pg_settings.name
  std::vector<std::pair<std::string, std::string>> before_;  // parameter, value before Apply
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_DUMP_SESSION_H_
