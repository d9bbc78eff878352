// Target identifiers: snake_case renaming and PostgreSQL's 63-byte limit.
//
// PostgreSQL silently truncates identifiers longer than 63 bytes, so two long
// names could collide after creation. ferry shortens them itself, by a rule the
// plan prints. Quoting is left to the DDL writer (pg_ddl.h), which quotes any
// name that needs it. Pure functions, thread-safe.
#ifndef FERRY_MAPPING_IDENTIFIERS_H_
#define FERRY_MAPPING_IDENTIFIERS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ferry {

inline constexpr size_t kPgMaxIdentifierBytes = 63;
inline constexpr size_t kNoIdentifierLimit = 0;  // ShortenIdentifier keeps any length

// "InvoiceLineId" → "invoice_line_id", "HTTPServer" → "http_server",
// "userID" → "user_id", "Track2Id" → "track2_id", "Unit Price" → "unit_price".
// A word starts at an upper-case letter after a lower-case letter or digit, and
// at the last capital of a run followed by a lower-case letter. ASCII letters
// are lower-cased; other ASCII characters become '_' (runs collapsed, none at
// either end); non-ASCII characters are kept. A name with nothing left is kept.
std::string SnakeCase(std::string_view name);

// `name` unchanged when it fits in `max_bytes` (0: no limit, as SQLite's);
// otherwise its first max_bytes - 9 bytes (cut back to a whole UTF-8
// character), '_' and 8 hex digits of the XXH64 hash of the whole name, so that
// the result is deterministic and distinct names stay distinct.
// REQUIRES: max_bytes == 0 or max_bytes > 9.
std::string ShortenIdentifier(std::string_view name, size_t max_bytes = kPgMaxIdentifierBytes);

}  // namespace ferry

#endif  // FERRY_MAPPING_IDENTIFIERS_H_
