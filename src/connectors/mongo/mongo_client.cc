#include "connectors/mongo/mongo_client.h"

#include <mutex>

#include "core/bson_handles.h"
#include "core/log.h"
#include "core/net_timeouts.h"
#include "core/redact.h"
#include "core/wait_notice.h"

namespace ferry {

Status MongoError(const bson_error_t& error, const std::string& context) {
  std::string message = context + ": " + RedactSecrets(error.message);
  switch (error.domain) {
    case MONGOC_ERROR_SERVER_SELECTION:
    case MONGOC_ERROR_STREAM:
      return Status::Connection(message +
                                " (is the server running and reachable? --connect-timeout "
                                "SECONDS waits longer)");
    case MONGOC_ERROR_CLIENT:
      if (error.code == MONGOC_ERROR_CLIENT_AUTHENTICATE) {
        return Status::InvalidArgument(message + " (check the user, password and authSource)");
      }
      return Status::Connection(message);
    default:
      return Status::DataError(message);
  }
}

namespace {

// NetTimeouts as libmongoc options, unless the URL sets them itself. Server
// selection waits as long as the connect: a server that accepts and never
// answers fails after connectTimeoutMS instead of the 30 s default.
void ApplyTimeouts(mongoc_uri_t* uri, const NetTimeouts& t) {
  auto set = [uri](const char* option, int seconds) {
    if (seconds > 0 && !mongoc_uri_has_option(uri, option)) {
      mongoc_uri_set_option_as_int32(uri, option, seconds * 1000);
    }
  };
  set(MONGOC_URI_CONNECTTIMEOUTMS, t.connect_seconds);
  set(MONGOC_URI_SERVERSELECTIONTIMEOUTMS, t.connect_seconds);
  set(MONGOC_URI_SOCKETTIMEOUTMS, t.read_seconds);
}

// libmongoc's own log (server monitoring, retries) goes to ferry's log: warnings
// and errors as warnings, the rest only with -v. Messages may hold a URL: redacted.
void ForwardMongocLog(mongoc_log_level_t level, const char* domain, const char* message, void*) {
  std::string text = RedactSecrets(std::string(domain) + ": " + message);
  if (level <= MONGOC_LOG_LEVEL_WARNING) {
    spdlog::warn("libmongoc {}", text);
  } else {
    spdlog::debug("libmongoc {}", text);
  }
}

}  // namespace

PooledClient::~PooledClient() {
  if (client_ != nullptr) mongoc_client_pool_push(pool_, client_);
}

Result<std::unique_ptr<MongoPool>> MongoPool::Create(const Endpoint& endpoint) {
  static std::once_flag init;
  std::call_once(init, [] {
    mongoc_init();
    mongoc_log_set_handler(&ForwardMongocLog, nullptr);
  });
  std::unique_ptr<MongoPool> pool(new MongoPool());
  pool->redacted_ = endpoint.Redacted();
  bson_error_t error;
  pool->uri_.reset(mongoc_uri_new_with_error(endpoint.secret_text.c_str(), &error));
  if (pool->uri_ == nullptr) {
    return Status::InvalidArgument("'" + pool->redacted_ +
                                   "' is not a MongoDB URL libmongoc accepts: " +
                                   RedactSecretsOf(error.message, endpoint.secret_text) +
                                   " (percent-encode @ : / % in the user and password)");
  }
  ApplyTimeouts(pool->uri_.get(), GetNetTimeouts());
  pool->pool_.reset(mongoc_client_pool_new_with_error(pool->uri_.get(), &error));
  if (pool->pool_ == nullptr) return MongoError(error, pool->redacted_);
  mongoc_client_pool_set_error_api(pool->pool_.get(), MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_set_appname(pool->pool_.get(), "ferry");
  return pool;
}

Status MongoPool::Ping() {
  int limit =
      mongoc_uri_get_option_as_int32(uri_.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 30000) / 1000;
  PooledClient client = Pop();
  BsonHandle ping(BCON_NEW("ping", BCON_INT32(1)));
  bson_error_t error;
  WaitNotice notice(redacted_, "connect", limit);
  if (!mongoc_client_command_simple(client.get(), "admin", ping.get(), nullptr, nullptr, &error)) {
    return MongoError(error, "MongoDB at " + redacted_);
  }
  return Status::OK();
}

PooledClient MongoPool::Pop() {
  return PooledClient(pool_.get(), mongoc_client_pool_pop(pool_.get()));
}

std::string MongoPool::database() const {
  const char* db = mongoc_uri_get_database(uri_.get());
  return db == nullptr ? "" : db;
}

}  // namespace ferry
