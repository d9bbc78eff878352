// A PostgreSQL connection (libpq) with results as RAII values and errors as Status.
//
// Not thread-safe: one PgConnection per thread. Errors carry the server's
// message, SQLSTATE, detail, hint and position; connection failures have code
// kConnection (retryable), statement failures kDataError. Messages never
// include the password of the URL.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_CONNECTION_H_
#define FERRY_CONNECTORS_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/c_handle.h"
#include "ferry/endpoint.h"
#include "ferry/status.h"

namespace ferry {

using PgConnHandle = CHandle<PGconn, &PQfinish>;
using PgResultHandle = CHandle<PGresult, &PQclear>;

// What the server said about a failed statement.
struct PgError {
  std::string sqlstate;  // e.g. "42P01"
  std::string message;   // primary message
  std::string detail;
  std::string hint;
  std::string context;  // e.g. "COPY album, line 42"
  int position = 0;     // 1-based character offset into the statement, 0 if none
};

// A successful result. Values are text (or binary when asked for) owned by the result.
class PgResult {
 public:
  explicit PgResult(PgResultHandle result) : result_(std::move(result)) {}

  int rows() const { return PQntuples(result_.get()); }
  int columns() const { return PQnfields(result_.get()); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view Get(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<size_t>(PQgetlength(result_.get(), row, column))};
  }
  std::optional<std::string> GetOptional(int row, int column) const {
    if (IsNull(row, column)) return std::nullopt;
    return std::string(Get(row, column));
  }
  // Rows affected by INSERT/UPDATE/DELETE/COPY, 0 when not applicable.
  long long AffectedRows() const;
  PGresult* get() const { return result_.get(); }

 private:
  PgResultHandle result_;
};

class PgConnection {
 public:
  // Connects and sets application_name; the connection's client_encoding is UTF8.
  static Result<PgConnection> Connect(const Endpoint& endpoint,
                                      std::string_view application_name = "ferry");

  PgConnection(PgConnection&&) = default;
  PgConnection& operator=(PgConnection&&) = default;

  // Runs `sql` (may hold several statements) with the simple query protocol.
  // Returns the last statement's result. On failure fills *error when given.
  Result<PgResult> Exec(std::string_view sql, PgError* error = nullptr);

  // Runs one statement with text parameters ($1, $2, ...); nullopt is NULL.
  Result<PgResult> ExecParams(std::string_view sql,
                              std::span<const std::optional<std::string>> params,
                              PgError* error = nullptr);

  // Exec() for statements whose rows are not needed.
  Status Run(std::string_view sql, PgError* error = nullptr);

  // COPY FROM STDIN: StartCopy("COPY ... FROM STDIN ..."), PutCopyData as often
  // as needed, then EndCopy, which returns the rows the server took or its error.
  // Errors are noticed at EndCopy at the latest (the server answers only then).
  Status StartCopy(std::string_view sql, PgError* error = nullptr);
  Status PutCopyData(std::string_view data);
  Result<long long> EndCopy(PgError* error = nullptr);
  // Abandons a COPY in progress (the server rolls the statement back).
  void AbortCopy(std::string_view reason);

  // Quotes an identifier / literal for this connection (PQescapeIdentifier/Literal).
  std::string QuoteIdentifier(std::string_view name) const;
  std::string QuoteLiteral(std::string_view value) const;

  // "PostgreSQL 15.18 ..." (SELECT version()).
  Result<std::string> ServerVersionText();
  // The backend's process id (for pg_terminate_backend in tests, pg_locks in messages).
  int BackendPid() const { return PQbackendPID(conn_.get()); }
  bool IsBroken() const { return PQstatus(conn_.get()) == CONNECTION_BAD; }
  const std::string& redacted_url() const { return redacted_url_; }
  PGconn* get() const { return conn_.get(); }

 private:
  PgConnection(PgConnHandle conn, std::string redacted_url)
      : conn_(std::move(conn)), redacted_url_(std::move(redacted_url)) {}
  Result<PgResult> Check(PGresult* raw, std::string_view sql, PgError* error);

  PgConnHandle conn_;
  std::string redacted_url_;
};

// Turns a failed result into PgError (fields from PQresultErrorField).
PgError ExtractPgError(const PGresult* result, const PGconn* conn);

// "ERROR:  relation "x" does not exist (SQLSTATE 42P01)\nDETAIL: …\nHINT: …"
std::string FormatPgError(const PgError& error);

// A transaction that rolls back when destroyed unless Commit() succeeded.
class PgTransaction {
 public:
  // Starts a transaction with `begin_sql` (e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ").
  static Result<PgTransaction> Begin(PgConnection& conn, std::string_view begin_sql = "BEGIN");
  PgTransaction(PgTransaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  PgTransaction& operator=(PgTransaction&&) = delete;
  ~PgTransaction();

  Status Commit(PgError* error = nullptr);
  // Rolls back now; does nothing when already finished.
  void Rollback();

 private:
  explicit PgTransaction(PgConnection* conn) : conn_(conn) {}
  PgConnection* conn_;  // null once committed or rolled back
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_CONNECTION_H_
