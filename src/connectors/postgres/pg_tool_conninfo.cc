#include "connectors/postgres/pg_tool_conninfo.h"

#include <libpq-fe.h>

#include "core/c_handle.h"
#include "core/net_timeouts.h"
#include "core/redact.h"

namespace ferry {
namespace {

// key='value' with ' and \ escaped, as libpq reads it.
std::string Pair(std::string_view key, std::string_view value) {
  std::string out(key);
  out += "='";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

void Append(std::string* conninfo, std::string_view key, std::string_view value) {
  if (!conninfo->empty()) *conninfo += ' ';
  *conninfo += Pair(key, value);
}

using ConninfoHandle = CHandle<PQconninfoOption, &PQconninfoFree>;

Result<ConninfoHandle> Parse(const Endpoint& endpoint) {
  char* raw_error = nullptr;
  ConninfoHandle options(PQconninfoParse(endpoint.secret_text.c_str(), &raw_error));
  CHandle<char, &PQfreemem> error(raw_error);
  if (options == nullptr) {
    std::string why = error ? error.get() : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Status::InvalidArgument("'" + endpoint.Redacted() +
                                   "' is not a connection string libpq accepts: " +
                                   RedactSecretsOf(why, endpoint.secret_text));
  }
  return options;
}

}  // namespace

Result<PgToolConnection> PgToolConnectionFor(const Endpoint& endpoint,
                                             std::string_view application_name) {
  PgToolConnection tool;
  bool has_application_name = false;
  bool has_connect_timeout = false;
  if (!endpoint.secret_text.empty()) {
    FERRY_ASSIGN_OR_RETURN(ConninfoHandle options, Parse(endpoint));
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
      if (o->val == nullptr || *o->val == '\0') continue;
      std::string_view key = o->keyword;
      if (key == "password") {
        tool.env["PGPASSWORD"] = o->val;
        continue;
      }
      if (o->dispchar != nullptr && o->dispchar[0] == '*') {
        return Status::InvalidArgument(
            "'" + endpoint.Redacted() + "' holds " + std::string(key) +
            ", which pg_dump could only be given in its command line, where other users of the "
            "machine can read it: use a key that needs no " +
            std::string(key));
      }
      has_application_name |= key == "application_name";
      has_connect_timeout |= key == "connect_timeout";
      Append(&tool.conninfo, key, o->val);
    }
  }
  if (!has_application_name) Append(&tool.conninfo, "application_name", application_name);
  int connect_seconds = GetNetTimeouts().connect_seconds;
  if (!has_connect_timeout && connect_seconds > 0) {
    Append(&tool.conninfo, "connect_timeout", std::to_string(connect_seconds));
  }
  return tool;
}

}  // namespace ferry
