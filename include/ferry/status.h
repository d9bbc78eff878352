// Status and Result<T>: every fallible call in ferry returns one of these.
//
// A Status is either OK or carries a code and a message. The code tells the
// caller what it may do next (retry a Connection error, skip a DataError row,
// stop on Corruption); the message tells the user what happened, naming the
// table, key or line and what to do. Messages never contain passwords.
#ifndef FERRY_STATUS_H_
#define FERRY_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ferry {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from the user: flags, files, URLs
  kNotFound,            // a file, table or migration that should exist does not
  kAlreadyExists,       // something to create exists already
  kFailedPrecondition,  // the state forbids the operation (e.g. a failed migration)
  kConnection,          // a server could not be reached or dropped us: retryable
  kDataError,           // a value or statement the server or a converter refused
  kCorruption,          // a file or record is damaged
  kIoError,             // the local filesystem failed
  kCancelled,           // stopped on request
  kTimeout,             // a wait ran out
  kInternal,            // a bug in ferry
};

// Returns a short lower-case name for `code`, e.g. "invalid argument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Connection(std::string m) { return {StatusCode::kConnection, std::move(m)}; }
  static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
  static Status Timeout(std::string m) { return {StatusCode::kTimeout, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsRetryable() const { return code_ == StatusCode::kConnection; }

  // "message" for errors, "OK" for success.
  std::string ToString() const { return ok() ? "OK" : message_; }

  // Returns a copy whose message is "context: message" (same code). OK stays OK.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  // REQUIRES: !ok() for a meaningful status; returns OK when a value is held.
  Status status() const { return ok() ? Status::OK() : std::get<Status>(data_); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace ferry

#define FERRY_STATUS_CONCAT_INNER_(a, b) a##b
#define FERRY_STATUS_CONCAT_(a, b) FERRY_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define FERRY_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::ferry::Status ferry_status_ = (expr);      \
    if (!ferry_status_.ok()) return ferry_status_; \
  } while (0)

// `lhs = value of expr` (a Result<T>), or returns its Status from the enclosing function.
#define FERRY_ASSIGN_OR_RETURN(lhs, expr)                                           \
  auto FERRY_STATUS_CONCAT_(ferry_result_, __LINE__) = (expr);                      \
  if (!FERRY_STATUS_CONCAT_(ferry_result_, __LINE__).ok())                          \
    return FERRY_STATUS_CONCAT_(ferry_result_, __LINE__).status();                  \
  lhs = std::move(FERRY_STATUS_CONCAT_(ferry_result_, __LINE__)).value()

#endif  // FERRY_STATUS_H_
