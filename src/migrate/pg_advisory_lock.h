// The migration lock on PostgreSQL: a session-level advisory lock.
//
// The key is sqlx's (sqlx-postgres/src/migrate.rs, `generate_lock_id`):
//   0x3d32ad9e * crc32(current_database())   (CRC-32/ISO-HDLC, as zlib's crc32)
// so ferry and sqlx-cli never migrate the same database at once.
#ifndef FERRY_MIGRATE_PG_ADVISORY_LOCK_H_
#define FERRY_MIGRATE_PG_ADVISORY_LOCK_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "connectors/postgres/pg_connection.h"
#include "migrate/migration_lock.h"

namespace ferry::migrate {

// CRC-32 (ISO-HDLC: reflected 0xEDB88320, init and final xor 0xFFFFFFFF).
uint32_t Crc32(std::string_view bytes);

// sqlx's advisory lock key for a database name.
int64_t SqlxAdvisoryLockKey(std::string_view database_name);

class PgAdvisoryLock : public MigrationLock {
 public:
  // `conn` must outlive the lock; the migrations run on the same connection.
  PgAdvisoryLock(PgConnection& conn, LockOptions options)
      : conn_(conn), options_(std::move(options)) {}

  Status Acquire() override;
  Status Release() override;

 private:
  // "pid 123 (application 'ferry migrate', from 10.0.0.5, since …)" or "" when gone.
  std::string DescribeHolder(int64_t key);
  Status Wait(int64_t key, const std::string& database, const std::string& holder);

  PgConnection& conn_;
  LockOptions options_;
  bool held_ = false;
  int64_t key_ = 0;
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_PG_ADVISORY_LOCK_H_
