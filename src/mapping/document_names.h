// Column and table names for document fields.
//
// MongoDB keys may start with `$`, hold dots, spaces or a byte-order mark, or be
// anything UTF-8; PostgreSQL names are at most 63 bytes. A field path becomes a
// name by: dropping a byte-order mark, turning each key into snake_case with
// the project's rule (identifiers.h: "firstName" → "first_name", "address line 2"
// → "address_line_2", "$exists" → "exists") unless snake_case is off, joining
// the keys of a path with '_' ("shipping.zip" → "shipping_zip"), and shortening
// past 63 bytes (ShortenIdentifier). NameSet makes names unique within a table
// by appending _2, _3, ...; the plan shows every name against its path, so
// nothing is renamed silently.
#ifndef FERRY_MAPPING_DOCUMENT_NAMES_H_
#define FERRY_MAPPING_DOCUMENT_NAMES_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mapping/identifiers.h"

namespace ferry {

// One key as a name part ("" when nothing usable is left, e.g. "$").
std::string KeyToNamePart(std::string_view key, bool snake_case = true);
// A whole path as a name ("field" when nothing usable is left).
std::string PathToName(const std::vector<std::string>& path, bool snake_case = true,
                       size_t max_bytes = kPgMaxIdentifierBytes);
// The path as users write it in ferry.toml and the plan: keys joined by '.'.
std::string PathToText(const std::vector<std::string>& path);

// Unique names within one table.
class NameSet {
 public:
  // Names of at most `max_bytes` (ShortenIdentifier; 0: no limit).
  explicit NameSet(size_t max_bytes = kPgMaxIdentifierBytes) : max_bytes_(max_bytes) {}
  // `name`, or name_2, name_3... when taken; records the result.
  std::string Claim(const std::string& name);

 private:
  size_t max_bytes_;
  std::set<std::string> taken_;
};

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_NAMES_H_
