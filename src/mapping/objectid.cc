#include "mapping/objectid.h"

#include <cstring>

namespace ferry {

std::string_view ObjectIdModeName(ObjectIdMode mode) {
  switch (mode) {
    case ObjectIdMode::kUuid:
      return "uuid";
    case ObjectIdMode::kText:
      return "text";
    case ObjectIdMode::kBytes:
      return "bytea";
  }
  return "uuid";
}

std::optional<ObjectIdMode> ParseObjectIdMode(std::string_view name) {
  if (name == "uuid") return ObjectIdMode::kUuid;
  if (name == "text") return ObjectIdMode::kText;
  if (name == "bytea" || name == "bytes") return ObjectIdMode::kBytes;
  return std::nullopt;
}

LogicalType ObjectIdLogicalType(ObjectIdMode mode) {
  switch (mode) {
    case ObjectIdMode::kUuid:
      return LogicalType::kUuid;
    case ObjectIdMode::kText:
      return LogicalType::kText;
    case ObjectIdMode::kBytes:
      return LogicalType::kBytes;
  }
  return LogicalType::kUuid;
}

std::array<uint8_t, 16> ObjectIdToUuid(const uint8_t* oid) {
  std::array<uint8_t, 16> uuid{};
  std::memcpy(uuid.data(), oid, 12);
  return uuid;
}

std::optional<std::array<uint8_t, 12>> UuidToObjectId(const uint8_t* uuid) {
  for (int i = 12; i < 16; ++i) {
    if (uuid[i] != 0) return std::nullopt;
  }
  std::array<uint8_t, 12> oid{};
  std::memcpy(oid.data(), uuid, 12);
  return oid;
}

}  // namespace ferry
