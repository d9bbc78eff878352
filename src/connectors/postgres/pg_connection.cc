#include "connectors/postgres/pg_connection.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "core/log.h"
#include "core/net_timeouts.h"
#include "core/redact.h"
#include "core/wait_notice.h"

namespace ferry {
namespace {

// Server NOTICEs go to the debug log instead of libpq's default stderr print.
void LogNotice(void*, const char* message) {
  std::string_view text(message);
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  spdlog::debug("server: {}", text);
}

std::string Field(const PGresult* result, int field) {
  const char* value = PQresultErrorField(result, field);
  return value == nullptr ? std::string() : std::string(value);
}

std::string TrimmedConnError(const PGconn* conn) {
  std::string text = PQerrorMessage(conn);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return RedactSecrets(text);
}

// libpq options for NetTimeouts: connect_timeout bounds the connect and the
// server's first answer; keepalives and tcp_user_timeout fail a connection
// whose peer stops acknowledging, yet leave a long statement alone (the
// server's kernel answers keepalives while the statement runs).
std::vector<std::pair<std::string, std::string>> TimeoutParams(const NetTimeouts& t) {
  std::vector<std::pair<std::string, std::string>> params;
  if (t.connect_seconds > 0)
    params.emplace_back("connect_timeout", std::to_string(t.connect_seconds));
  if (t.read_seconds > 0) {
    params.emplace_back("keepalives", "1");
    params.emplace_back("keepalives_idle", std::to_string(std::max(1, t.read_seconds / 2)));
    params.emplace_back("keepalives_interval", std::to_string(std::max(1, t.read_seconds / 6)));
    params.emplace_back("keepalives_count", "3");
    params.emplace_back("tcp_user_timeout", std::to_string(t.read_seconds * 1000));
  }
  return params;
}

// Parses the connection text before connecting, so a malformed URL or string
// is reported without its password, and returns the connect timeout that
// applies (the text's connect_timeout, else --connect-timeout).
Result<int> ConnectTimeoutOf(const Endpoint& endpoint, const std::string& redacted) {
  int seconds = GetNetTimeouts().connect_seconds;
  if (endpoint.secret_text.empty()) return seconds;
  char* raw_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(endpoint.secret_text.c_str(), &raw_error);
  CHandle<char, &PQfreemem> error(raw_error);
  if (options == nullptr) {
    std::string why = error ? error.get() : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Status::InvalidArgument(
        "'" + redacted + "' is not a connection string libpq accepts: " +
        RedactSecretsOf(why, endpoint.secret_text) +
        " (percent-encode @ : / % in a URL's user and password; in a key=value string write "
        "key=value with '=', and put a value holding spaces in single quotes)");
  }
  CHandle<PQconninfoOption, &PQconninfoFree> owned(options);
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "connect_timeout" && o->val != nullptr && *o->val) {
      seconds = std::atoi(o->val);
    }
  }
  return seconds;
}

}  // namespace

long long PgResult::AffectedRows() const {
  const char* tuples = PQcmdTuples(result_.get());
  return (tuples == nullptr || *tuples == '\0') ? 0 : std::atoll(tuples);
}

Result<PgConnection> PgConnection::Connect(const Endpoint& endpoint,
                                           std::string_view application_name) {
  std::string redacted = endpoint.Redacted();
  FERRY_ASSIGN_OR_RETURN(int connect_seconds, ConnectTimeoutOf(endpoint, redacted));
  // Keys before "dbname" are ferry's defaults, which the URL's own options
  // override; keys after it are ferry's and win. PQconnectdbParams with
  // expand_dbname lets "dbname" hold a whole URL or key=value string.
  std::vector<std::pair<std::string, std::string>> params = TimeoutParams(GetNetTimeouts());
  params.emplace_back("dbname", endpoint.secret_text);
  params.emplace_back("application_name", std::string(application_name));
  params.emplace_back("client_encoding", "UTF8");
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : params) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PgConnHandle conn;
  {
    WaitNotice notice(redacted, "connect", connect_seconds);
    conn.reset(PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1));
  }
  if (conn == nullptr)
    return Status::Connection("cannot connect to " + redacted + ": out of memory");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string why = RedactSecretsOf(TrimmedConnError(conn.get()), endpoint.secret_text);
    if (why.find("timeout expired") != std::string::npos) {
      return Status::Connection("cannot connect to " + redacted + ": no answer within " +
                                std::to_string(connect_seconds) + " s (" + why +
                                "; check that a PostgreSQL server listens there, or wait longer "
                                "with --connect-timeout SECONDS)");
    }
    return Status::Connection("cannot connect to " + redacted + ": " + why +
                              " (check the URL, that the server runs, and the credentials)");
  }
  PQsetNoticeProcessor(conn.get(), &LogNotice, nullptr);
  return PgConnection(std::move(conn), std::move(redacted));
}

PgError ExtractPgError(const PGresult* result, const PGconn* conn) {
  PgError error;
  if (result != nullptr) {
    error.sqlstate = Field(result, PG_DIAG_SQLSTATE);
    error.message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
    error.detail = Field(result, PG_DIAG_MESSAGE_DETAIL);
    error.hint = Field(result, PG_DIAG_MESSAGE_HINT);
    error.context = Field(result, PG_DIAG_CONTEXT);
    std::string position = Field(result, PG_DIAG_STATEMENT_POSITION);
    if (!position.empty()) error.position = std::atoi(position.c_str());
  }
  if (error.message.empty()) error.message = TrimmedConnError(conn);
  return error;
}

std::string FormatPgError(const PgError& error) {
  std::string text = error.message;
  if (!error.sqlstate.empty()) text += " (SQLSTATE " + error.sqlstate + ")";
  if (!error.detail.empty()) text += "\nDETAIL: " + error.detail;
  if (!error.hint.empty()) text += "\nHINT: " + error.hint;
  if (!error.context.empty()) text += "\nCONTEXT: " + error.context;
  return text;
}

Result<PgResult> PgConnection::Check(PGresult* raw, std::string_view sql, PgError* error) {
  PgResultHandle result(raw);
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
      status == PGRES_COPY_OUT || status == PGRES_EMPTY_QUERY) {
    return PgResult(std::move(result));
  }
  PgError e = ExtractPgError(result.get(), conn_.get());
  if (error != nullptr) *error = e;
  if (IsBroken()) {
    return Status::Connection("lost the connection to " + redacted_url_ + ": " + FormatPgError(e));
  }
  return Status::DataError(FormatPgError(e));
}

Result<PgResult> PgConnection::Exec(std::string_view sql, PgError* error) {
  std::string text(sql);
  return Check(PQexec(conn_.get(), text.c_str()), sql, error);
}

Result<PgResult> PgConnection::ExecParams(std::string_view sql,
                                          std::span<const std::optional<std::string>> params,
                                          PgError* error) {
  std::string text(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return Check(PQexecParams(conn_.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0),
               sql, error);
}

Status PgConnection::Run(std::string_view sql, PgError* error) { return Exec(sql, error).status(); }

Status PgConnection::StartCopy(std::string_view sql, PgError* error) {
  FERRY_ASSIGN_OR_RETURN(PgResult result, Exec(sql, error));
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) {
    return Status::Internal("not a COPY FROM STDIN statement: " + std::string(sql));
  }
  return Status::OK();
}

Status PgConnection::PutCopyData(std::string_view data) {
  if (PQputCopyData(conn_.get(), data.data(), static_cast<int>(data.size())) == 1) {
    return Status::OK();
  }
  return Status::Connection("lost the connection to " + redacted_url_ +
                            " while sending COPY data: " + TrimmedConnError(conn_.get()));
}

Result<long long> PgConnection::EndCopy(PgError* error) {
  if (PQputCopyEnd(conn_.get(), nullptr) != 1) {
    return Status::Connection("lost the connection to " + redacted_url_ +
                              " while ending COPY: " + TrimmedConnError(conn_.get()));
  }
  Result<long long> rows = Status::Internal("COPY returned no result");
  // The COPY's own result, then a null one; errors arrive as the COPY's result.
  while (PGresult* raw = PQgetResult(conn_.get())) {
    Result<PgResult> result = Check(raw, "COPY", error);
    rows = result.ok() ? Result<long long>(result->AffectedRows())
                       : Result<long long>(result.status());
  }
  return rows;
}

void PgConnection::AbortCopy(std::string_view reason) {
  std::string text(reason);
  if (PQputCopyEnd(conn_.get(), text.c_str()) != 1) return;
  while (PGresult* raw = PQgetResult(conn_.get())) PQclear(raw);
}

std::string PgConnection::QuoteIdentifier(std::string_view name) const {
  CHandle<char, &PQfreemem> quoted(PQescapeIdentifier(conn_.get(), name.data(), name.size()));
  return quoted ? std::string(quoted.get()) : std::string();
}

std::string PgConnection::QuoteLiteral(std::string_view value) const {
  CHandle<char, &PQfreemem> quoted(PQescapeLiteral(conn_.get(), value.data(), value.size()));
  return quoted ? std::string(quoted.get()) : std::string();
}

Result<std::string> PgConnection::ServerVersionText() {
  FERRY_ASSIGN_OR_RETURN(PgResult r, Exec("SELECT version()"));
  return std::string(r.Get(0, 0));
}

Result<PgTransaction> PgTransaction::Begin(PgConnection& conn, std::string_view begin_sql) {
  FERRY_RETURN_IF_ERROR(conn.Run(begin_sql));
  return PgTransaction(&conn);
}

PgTransaction::~PgTransaction() { Rollback(); }

Status PgTransaction::Commit(PgError* error) {
  if (conn_ == nullptr) return Status::Internal("transaction already finished");
  PgConnection* conn = conn_;
  conn_ = nullptr;
  FERRY_ASSIGN_OR_RETURN(PgResult result, conn->Exec("COMMIT", error));
  // COMMIT of a transaction that already failed answers "ROLLBACK", not an error.
  if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
    return Status::DataError("the transaction was rolled back by the server");
  }
  return Status::OK();
}

void PgTransaction::Rollback() {
  if (conn_ == nullptr) return;
  if (!conn_->IsBroken()) (void)conn_->Run("ROLLBACK");
  conn_ = nullptr;
}

}  // namespace ferry
