// What went wrong with one pg_dump entry (pg_dump_script.h) when it ran on
// the target: reported by kind and name with the server's error, so that a
// plan, the log and a report can name each object that is missing.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_ENTRY_FAILURE_H_
#define FERRY_CONNECTORS_POSTGRES_PG_ENTRY_FAILURE_H_

#include <string>
#include <string_view>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_dump_script.h"

namespace ferry {

struct PgEntryFailure {
  std::string kind;      // PgDumpEntry::kind: "TABLE", "INDEX", "FK CONSTRAINT", …
  std::string name;      // PgDumpEntry::name: "actor", "actor actor_pkey", …
  std::string schema;    // "" when the entry has none
  std::string sqlstate;  // the server's, e.g. "42P07"
  std::string error;     // the server's message and details, passwords redacted
};

// The failure of `entry` with the server's `error`, and `note` (what to do)
// after it when not empty.
PgEntryFailure MakePgEntryFailure(const PgDumpEntry& entry, const PgError& error,
                                  std::string_view note = "");

// "TABLE public.actor: relation "actor" already exists (SQLSTATE 42P07)".
std::string DescribePgEntryFailure(const PgEntryFailure& failure);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_ENTRY_FAILURE_H_
