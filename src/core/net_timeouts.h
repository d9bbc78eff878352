// How long ferry waits on a database server: one process-wide setting.
//
// The CLI sets it once from --connect-timeout and --read-timeout before any
// connection is made; connectors read it when they connect (PgConnection,
// MongoPool). Options in a URL win over it (connect_timeout=, keepalives_*=,
// tcp_user_timeout= for libpq; connectTimeoutMS=, serverSelectionTimeoutMS=,
// socketTimeoutMS= for MongoDB).
//
// Thread-safety: set before threads start; read from any thread afterwards.
#ifndef FERRY_CORE_NET_TIMEOUTS_H_
#define FERRY_CORE_NET_TIMEOUTS_H_

namespace ferry {

struct NetTimeouts {
  // Connecting, including the server's first answer (TLS, authentication).
  int connect_seconds = 10;
  // A connection whose peer stops acknowledging (dead host or network) fails
  // as kConnection after this long; 0 leaves the operating system's defaults.
  // PostgreSQL: TCP keepalives and tcp_user_timeout, so a server busy on a long
  // statement (CREATE INDEX) still answers them and is never interrupted.
  // MongoDB: socketTimeoutMS, the longest wait for one reply (ferry reads in
  // batches, each a short reply).
  int read_seconds = 120;
};

const NetTimeouts& GetNetTimeouts();
void SetNetTimeouts(const NetTimeouts& timeouts);

}  // namespace ferry

#endif  // FERRY_CORE_NET_TIMEOUTS_H_
