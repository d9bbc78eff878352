#include "connectors/mongo/mongo_client.h"

#include <mutex>

#include "core/log.h"

namespace ferry {

Status MongoError(const bson_error_t& error, const std::string& context) {
  std::string message = context + ": " + RedactSecrets(error.message);
  switch (error.domain) {
    case MONGOC_ERROR_SERVER_SELECTION:
    case MONGOC_ERROR_STREAM:
      return Status::Connection(message + " (is the server running and reachable?)");
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
    return Status::InvalidArgument(
        "'" + pool->redacted_ +
        "' is not a MongoDB URL libmongoc accepts: " + RedactSecrets(error.message));
  }
  pool->pool_.reset(mongoc_client_pool_new_with_error(pool->uri_.get(), &error));
  if (pool->pool_ == nullptr) return MongoError(error, pool->redacted_);
  mongoc_client_pool_set_error_api(pool->pool_.get(), MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_set_appname(pool->pool_.get(), "ferry");
  return pool;
}

PooledClient MongoPool::Pop() {
  return PooledClient(pool_.get(), mongoc_client_pool_pop(pool_.get()));
}

std::string MongoPool::database() const {
  const char* db = mongoc_uri_get_database(uri_.get());
  return db == nullptr ? "" : db;
}

}  // namespace ferry
