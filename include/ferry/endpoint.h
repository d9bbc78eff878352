// Endpoints: where data is read from or written to, named by URL.
//
//   postgres://user:pw@host:5432/db?sslmode=require   (also postgresql://;
//                                                      ?schema=NAME picks the schema a
//                                                      source is read from, not given to libpq)
//   host=localhost dbname=app user=me                  (libpq key=value string)
//   sqlite:PATH, sqlite://PATH, sqlite:///ABS/PATH     (sqlx's spellings too)
//   mongodb://…, mongodump:DIR, ndjson:PATH, csv:PATH, json:PATH, archive:DIR
//
// The original text may hold a password. It is kept in `Endpoint::secret_text`
// for the connector only; everything printed uses Redacted().
#ifndef FERRY_ENDPOINT_H_
#define FERRY_ENDPOINT_H_

#include <optional>
#include <string>
#include <string_view>

#include "ferry/status.h"

namespace ferry {

enum class EndpointKind { kPostgres, kSqlite, kMongo, kMongoDump, kNdjson, kCsv, kJson, kArchive };

// "postgres", "sqlite", "mongodb", ...
std::string_view EndpointKindName(EndpointKind kind);

struct Endpoint {
  EndpointKind kind = EndpointKind::kPostgres;
  // For kPostgres: what PQconnectdb accepts (a URL or key=value string, possibly
  // empty to mean "libpq environment variables only"). For kMongo: the URL.
  // May contain a password: never print it.
  std::string secret_text;
  // For file-like kinds (sqlite, mongodump, ndjson, csv, json, archive): the path.
  std::string path;
  // For kSqlite: open read-only when the URL said mode=ro.
  bool read_only = false;
  // For kPostgres as a source: the schema to read ("" : public), from ?schema=NAME
  // (removed from secret_text) or --from-schema.
  std::string schema;

  // The endpoint as the user wrote it, with any password replaced by "***"
  // (and ?schema=NAME when a source schema was chosen, also by --from-schema).
  std::string Redacted() const;
};

// Parses an endpoint. Errors name the text (redacted) and list the accepted forms.
Result<Endpoint> ParseEndpoint(std::string_view text);

// The database for commands that take `-D/--database-url`: the flag if given,
// else $DATABASE_URL, else a PostgreSQL endpoint from the PG* environment
// variables (PGHOST, PGDATABASE, PGSERVICE, ...) when any is set.
// Fails with InvalidArgument naming all three ways when none applies.
Result<Endpoint> ResolveDatabaseUrl(const std::optional<std::string>& flag);

// Replaces passwords in any URL or libpq key=value text with "***":
// the userinfo password, `password=` query parameters and key=value pairs.
// Safe to call on arbitrary text such as error messages.
std::string RedactSecrets(std::string_view text);

}  // namespace ferry

#endif  // FERRY_ENDPOINT_H_
