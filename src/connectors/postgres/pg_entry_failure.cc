#include "connectors/postgres/pg_entry_failure.h"

#include "ferry/endpoint.h"

namespace ferry {

PgEntryFailure MakePgEntryFailure(const PgDumpEntry& entry, const PgError& error,
                                  std::string_view note) {
  std::string text = RedactSecrets(FormatPgError(error));
  if (!note.empty()) text += " (" + std::string(note) + ")";
  return {entry.kind, entry.name, entry.schema, error.sqlstate, std::move(text)};
}

std::string DescribePgEntryFailure(const PgEntryFailure& failure) {
  std::string where = failure.schema.empty() ? failure.name : failure.schema + "." + failure.name;
  return failure.kind + " " + where + ": " + failure.error;
}

}  // namespace ferry
