// RAII for libmongoc, and the one client pool a live MongoSource reads through.
//
// MongoPool parses the URL (TLS, auth, readPreference=secondary and every
// other option pass through to libmongoc unchanged) and owns a
// mongoc_client_pool_t; PooledClient borrows one client and gives it back.
// Errors name the server by its redacted URL. MongoPool is thread-safe (as
// the libmongoc pool is); a PooledClient belongs to one thread.
#ifndef FERRY_CONNECTORS_MONGO_MONGO_CLIENT_H_
#define FERRY_CONNECTORS_MONGO_MONGO_CLIENT_H_

#include <mongoc/mongoc.h>

#include <memory>
#include <string>

#include "core/c_handle.h"
#include "ferry/endpoint.h"
#include "ferry/status.h"

namespace ferry {

using MongoUriHandle = CHandle<mongoc_uri_t, &mongoc_uri_destroy>;
using MongoPoolHandle = CHandle<mongoc_client_pool_t, &mongoc_client_pool_destroy>;
using MongoDatabaseHandle = CHandle<mongoc_database_t, &mongoc_database_destroy>;
using MongoCollectionHandle = CHandle<mongoc_collection_t, &mongoc_collection_destroy>;
using MongoCursorHandle = CHandle<mongoc_cursor_t, &mongoc_cursor_destroy>;

// A libmongoc error as a Status: server selection and network failures are
// Connection (retryable), authentication is InvalidArgument, the rest DataError.
Status MongoError(const bson_error_t& error, const std::string& context);

class MongoPool;

class PooledClient {
 public:
  PooledClient(PooledClient&& other) noexcept : pool_(other.pool_), client_(other.client_) {
    other.client_ = nullptr;
  }
  PooledClient(const PooledClient&) = delete;
  PooledClient& operator=(const PooledClient&) = delete;
  ~PooledClient();
  mongoc_client_t* get() const { return client_; }

 private:
  friend class MongoPool;
  PooledClient(mongoc_client_pool_t* pool, mongoc_client_t* client)
      : pool_(pool), client_(client) {}
  mongoc_client_pool_t* pool_;
  mongoc_client_t* client_;
};

class MongoPool {
 public:
  // Parses the URL and creates the pool (no connection yet). InvalidArgument for a bad URL.
  static Result<std::unique_ptr<MongoPool>> Create(const Endpoint& endpoint);

  // Runs `ping` on a pooled client: Connection when no server answers within
  // serverSelectionTimeoutMS (--connect-timeout unless the URL sets it),
  // saying what it waits for after a few seconds.
  Status Ping();
  // Borrows a client (waits when all are in use).
  PooledClient Pop();
  // The database the URL names ("" when none).
  std::string database() const;
  const std::string& redacted() const { return redacted_; }

 private:
  MongoPool() = default;
  MongoUriHandle uri_;
  MongoPoolHandle pool_;
  std::string redacted_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_MONGO_CLIENT_H_
