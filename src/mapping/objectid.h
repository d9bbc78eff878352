// ObjectId → uuid: one fixed, reversible rule, the same for `_id` and for every
// field holding an ObjectId, so references between collections still join.
//
//   uuid bytes = the 12 ObjectId bytes, then 4 zero bytes
//   ObjectId 55f14312c7447c3da7051b26 → uuid 55f14312-c744-7c3d-a705-1b2600000000
//
// The uuid's first 24 hex digits are the ObjectId, so in SQL:
//   to uuid:      (oid_hex || '00000000')::uuid
//   back:         left(replace(id::text, '-', ''), 24)
// Byte order is kept, so uuids sort as the ObjectIds did (by creation time first).
// The result is not an RFC 4122 uuid (no version bits); PostgreSQL's uuid type
// stores any 128 bits. `--objectid text` gives the 24 hex digits, `bytea` the 12 bytes.
#ifndef FERRY_MAPPING_OBJECTID_H_
#define FERRY_MAPPING_OBJECTID_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/logical_type.h"

namespace ferry {

enum class ObjectIdMode { kUuid, kText, kBytes };

// "uuid", "text", "bytea".
std::string_view ObjectIdModeName(ObjectIdMode mode);
// Accepts "uuid", "text", "bytea" (and "bytes"); nullopt otherwise.
std::optional<ObjectIdMode> ParseObjectIdMode(std::string_view name);
// The column type ObjectIds get under `mode`.
LogicalType ObjectIdLogicalType(ObjectIdMode mode);

// The 16 uuid bytes for the 12 ObjectId bytes at `oid`.
std::array<uint8_t, 16> ObjectIdToUuid(const uint8_t* oid);
// The inverse: nullopt when the last 4 bytes are not zero (not made by this rule).
std::optional<std::array<uint8_t, 12>> UuidToObjectId(const uint8_t* uuid);

}  // namespace ferry

#endif  // FERRY_MAPPING_OBJECTID_H_
