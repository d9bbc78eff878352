#include "ferry/endpoint.h"

#include <cstdlib>
#include <regex>
#include <string>

#include "core/redact.h"

namespace ferry {
namespace {

constexpr std::string_view kAcceptedForms =
    "use postgres://user@host:port/db, a libpq string such as 'host=h dbname=d', sqlite:PATH, "
    "mongodb://host/db, mongodump:DIR, ndjson:PATH, csv:PATH, json:PATH or archive:DIR";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Turns the part after "sqlite:" into a path, accepting sqlx's spellings:
// sqlite:data.db, sqlite://data.db (relative), sqlite:///abs/data.db, and a
// query string (?mode=ro|rw|rwc) whose mode is honoured.
Result<Endpoint> ParseSqlite(std::string_view rest, std::string_view text) {
  Endpoint e;
  e.kind = EndpointKind::kSqlite;
  if (StartsWith(rest, "//")) rest.remove_prefix(2);
  size_t query = rest.find('?');
  if (query != std::string_view::npos) {
    std::string_view params = rest.substr(query + 1);
    rest = rest.substr(0, query);
    if (params.find("mode=ro") != std::string_view::npos) e.read_only = true;
  }
  if (rest.empty()) {
    return Status::InvalidArgument("'" + RedactEndpointText(text) +
                                   "' names no SQLite file: use sqlite:PATH");
  }
  e.path = std::string(rest);
  e.secret_text = std::string(text);
  return e;
}

// Takes a schema=NAME parameter out of a postgres:// URL's query string (libpq
// would refuse it) into e->schema.
void TakeSchemaParameter(Endpoint* e) {
  std::string& url = e->secret_text;
  size_t query = url.find('?');
  if (query == std::string::npos) return;
  std::string kept;
  size_t start = query + 1;
  while (start <= url.size()) {
    size_t end = url.find('&', start);
    if (end == std::string::npos) end = url.size();
    std::string_view param(url.data() + start, end - start);
    if (StartsWith(param, "schema=")) {
      e->schema = std::string(param.substr(7));
    } else if (!param.empty()) {
      kept += (kept.empty() ? "" : "&") + std::string(param);
    }
    start = end + 1;
  }
  url = url.substr(0, query) + (kept.empty() ? "" : "?" + kept);
}

bool LooksLikeKeyValue(std::string_view text) {
  static const std::regex kKeyValue(R"(^\s*[A-Za-z_]+\s*=)");
  return std::regex_search(text.begin(), text.end(), kKeyValue);
}

}  // namespace

std::string_view EndpointKindName(EndpointKind kind) {
  switch (kind) {
    case EndpointKind::kPostgres: return "postgres";
    case EndpointKind::kSqlite: return "sqlite";
    case EndpointKind::kMongo: return "mongodb";
    case EndpointKind::kMongoDump: return "mongodump";
    case EndpointKind::kNdjson: return "ndjson";
    case EndpointKind::kCsv: return "csv";
    case EndpointKind::kJson: return "json";
    case EndpointKind::kArchive: return "archive";
  }
  return "unknown";
}

std::string Endpoint::Redacted() const {
  if (!secret_text.empty()) {
    std::string out = RedactEndpointText(secret_text);
    if (schema.empty()) return out;
    if (!LooksLikeKeyValue(secret_text)) {  // a URL: as it was written, ?schema= included
      return out + (out.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
    }
    return out + " (schema " + schema + ")";
  }
  if (kind == EndpointKind::kPostgres) return "(PostgreSQL from PG* environment variables)";
  return std::string(EndpointKindName(kind)) + ":" + path;
}

Result<Endpoint> ParseEndpoint(std::string_view text) {
  struct FilePrefix {
    std::string_view prefix;
    EndpointKind kind;
  };
  static constexpr FilePrefix kFilePrefixes[] = {
      {"mongodump:", EndpointKind::kMongoDump}, {"mongoexport:", EndpointKind::kNdjson},
      {"ndjson:", EndpointKind::kNdjson},       {"csv:", EndpointKind::kCsv},
      {"json:", EndpointKind::kJson},           {"archive:", EndpointKind::kArchive},
  };
  if (text.empty())
    return Status::InvalidArgument(std::string("empty endpoint: ") + std::string(kAcceptedForms));
  if (StartsWith(text, "postgres://") || StartsWith(text, "postgresql://")) {
    FERRY_RETURN_IF_ERROR(CheckUrlUserInfo(text));
    Endpoint e;
    e.kind = EndpointKind::kPostgres;
    e.secret_text = std::string(text);
    TakeSchemaParameter(&e);
    return e;
  }
  if (StartsWith(text, "mongodb://") || StartsWith(text, "mongodb+srv://")) {
    FERRY_RETURN_IF_ERROR(CheckUrlUserInfo(text));
    Endpoint e;
    e.kind = EndpointKind::kMongo;
    e.secret_text = std::string(text);
    return e;
  }
  if (StartsWith(text, "sqlite:")) return ParseSqlite(text.substr(7), text);
  for (const FilePrefix& fp : kFilePrefixes) {
    if (!StartsWith(text, fp.prefix)) continue;
    Endpoint e;
    e.kind = fp.kind;
    e.path = std::string(text.substr(fp.prefix.size()));
    if (e.path.empty()) {
      return Status::InvalidArgument("'" + std::string(text) + "' names no path: use " +
                                     std::string(fp.prefix) + "PATH");
    }
    return e;
  }
  if (LooksLikeKeyValue(text)) {
    Endpoint e;
    e.kind = EndpointKind::kPostgres;
    e.secret_text = std::string(text);
    return e;
  }
  return Status::InvalidArgument("cannot tell what database '" + RedactEndpointText(text) +
                                 "' is: " + std::string(kAcceptedForms));
}

Result<Endpoint> ResolveDatabaseUrl(const std::optional<std::string>& flag) {
  if (flag.has_value() && !flag->empty()) return ParseEndpoint(*flag);
  if (const char* url = std::getenv("DATABASE_URL"); url != nullptr && *url != '\0') {
    return ParseEndpoint(url);
  }
  static constexpr const char* kPgVars[] = {"PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE",
                                            "PGPORT"};
  for (const char* var : kPgVars) {
    if (const char* v = std::getenv(var); v != nullptr && *v != '\0') {
      Endpoint e;
      e.kind = EndpointKind::kPostgres;
      return e;  // empty conninfo: libpq reads the PG* variables itself
    }
  }
  return Status::InvalidArgument(
      "no database given: pass -D/--database-url URL, or set DATABASE_URL, or set "
      "PGHOST/PGDATABASE");
}

}  // namespace ferry
