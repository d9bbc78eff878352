// ferry.toml: the user's overrides of the mapping (DESIGN.md shows the format).
//
//   [defaults]                      snake_case = true
//   [tables.Customer]               name = "clients"   exclude = false
//   [tables.Customer.columns.Fax]   name = "fax_number"  type = "text"  exclude = true
//
// Table and column keys are source names, exactly as the source spells them.
// Plain data; LoadMappingConfig is thread-safe.
#ifndef FERRY_MAPPING_MAPPING_CONFIG_H_
#define FERRY_MAPPING_MAPPING_CONFIG_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/status.h"

namespace ferry {

struct ColumnConfig {
  std::optional<std::string> name;  // target name, used as given (no snake_case)
  std::optional<std::string> type;  // a PostgreSQL type ParseTargetType accepts
  bool exclude = false;
  int line = 0;  // where the [tables.T.columns.C] table starts, for messages
};

struct TableConfig {
  std::optional<std::string> name;
  bool exclude = false;
  // Document sources only: "flatten" | "jsonb" | "normalize", and the flatten depth (>= 1).
  std::optional<std::string> mode;
  std::optional<int> depth;
  std::map<std::string, ColumnConfig> columns;  // by source column name (document field path)
  int line = 0;
};

struct MappingConfig {
  std::string origin;  // the file name, for messages ("" when none was given)
  std::optional<bool> snake_case;
  // Document sources only ([defaults] objectid, mode, depth): "uuid" | "text" | "bytea",
  // "flatten" | "jsonb" | "normalize", depth >= 1. SQLite sources ignore them.
  std::optional<std::string> objectid;
  std::optional<std::string> mode;
  std::optional<int> depth;
  std::map<std::string, TableConfig> tables;  // by source table name

  // "ferry.toml line 12" (or "ferry.toml" when line is 0).
  std::string Where(int line) const;
};

// Parses TOML text. Unknown keys, wrong value types and type names ferry does
// not know are errors that name the file, the line and the key.
Result<MappingConfig> ParseMappingConfig(std::string_view text, std::string origin);
// Reads and parses a file; NotFound when it does not exist.
Result<MappingConfig> LoadMappingConfig(const std::filesystem::path& path);

}  // namespace ferry

#endif  // FERRY_MAPPING_MAPPING_CONFIG_H_
