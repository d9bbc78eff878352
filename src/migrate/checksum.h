// Migration checksums, exactly as sqlx computes them.
//
// sqlx stores SHA-384 of the migration's SQL text (sqlx-core/src/migrate/migration.rs,
// `checksum`). When sqlx.toml sets `[migrate] ignored-chars`, the listed characters
// are removed before hashing (sqlx-core/src/migrate/source.rs, `checksum_with`).
#ifndef FERRY_MIGRATE_CHECKSUM_H_
#define FERRY_MIGRATE_CHECKSUM_H_

#include <set>
#include <string>
#include <string_view>

namespace ferry::migrate {

// Unicode code points left out of the checksum (sqlx.toml `ignored-chars`).
using IgnoredChars = std::set<char32_t>;

// SHA-384 of `bytes`: 48 raw bytes.
std::string Sha384(std::string_view bytes);

// The checksum sqlx records for a migration whose file holds `sql`. With a
// non-empty `ignored`, `sql` is read as UTF-8 and those code points are skipped.
std::string MigrationChecksum(std::string_view sql, const IgnoredChars& ignored = {});

// Lower-case hexadecimal, e.g. for printing checksums.
std::string HexEncode(std::string_view bytes);
// Inverse of HexEncode; returns "" on malformed input.
std::string HexDecode(std::string_view hex);

// Why a file that now holds `sql` no longer hashes to `recorded`, in words:
// "only line endings differ (file has CRLF, applied had LF)",
// "only a byte-order mark differs (added)", ... or "content changed".
std::string DescribeChecksumMismatch(std::string_view sql, std::string_view recorded,
                                     const IgnoredChars& ignored = {});

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_CHECKSUM_H_
