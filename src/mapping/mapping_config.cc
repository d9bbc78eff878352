#include "mapping/mapping_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <span>
#include <sstream>

#include "mapping/target_type.h"

namespace ferry {
namespace {

constexpr std::string_view kModes[] = {"flatten", "jsonb", "normalize"};
constexpr std::string_view kObjectIdModes[] = {"uuid", "text", "bytea"};

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// Parsing context: the config being filled, for messages.
class ConfigReader {
 public:
  explicit ConfigReader(MappingConfig* config) : config_(config) {}

  Status Read(const toml::table& root) {
    for (auto&& [key, node] : root) {
      if (key == "defaults") {
        FERRY_RETURN_IF_ERROR(ReadDefaults(node));
      } else if (key == "tables") {
        FERRY_RETURN_IF_ERROR(ReadTables(node));
      } else {
        return Error(node, "unknown section [" + std::string(key.str()) +
                               "] (expected [defaults] or [tables.NAME])");
      }
    }
    return Status::OK();
  }

 private:
  Status Error(const toml::node& node, const std::string& what) const {
    return Status::InvalidArgument(config_->Where(LineOf(node)) + ": " + what);
  }

  const toml::table* AsTable(const toml::node& node, const std::string& what, Status* error) {
    const toml::table* table = node.as_table();
    if (table == nullptr) *error = Error(node, what + " must be a table");
    return table;
  }

  Status ReadString(const toml::node& node, std::string_view key, std::optional<std::string>* out) {
    if (!node.is_string()) return Error(node, std::string(key) + " must be a string");
    *out = node.as_string()->get();
    if ((*out)->empty()) return Error(node, std::string(key) + " must not be empty");
    return Status::OK();
  }

  Status ReadBool(const toml::node& node, std::string_view key, bool* out) {
    if (!node.is_boolean()) return Error(node, std::string(key) + " must be true or false");
    *out = node.as_boolean()->get();
    return Status::OK();
  }

  // Document-source settings: a string from `choices`.
  Status ReadChoice(const toml::node& node, std::string_view key,
                    std::span<const std::string_view> choices, std::optional<std::string>* out) {
    FERRY_RETURN_IF_ERROR(ReadString(node, key, out));
    std::string list;
    for (std::string_view choice : choices) {
      if (**out == choice) return Status::OK();
      list += (list.empty() ? "" : ", ") + std::string(choice);
    }
    return Error(node, std::string(key) + " must be one of " + list);
  }

  Status ReadDepth(const toml::node& node, std::optional<int>* out) {
    if (!node.is_integer() || node.as_integer()->get() < 1 || node.as_integer()->get() > 100) {
      return Error(node, "depth must be a whole number from 1 to 100");
    }
    *out = static_cast<int>(node.as_integer()->get());
    return Status::OK();
  }

  Status ReadDefaults(const toml::node& node) {
    Status error;
    const toml::table* table = AsTable(node, "[defaults]", &error);
    if (table == nullptr) return error;
    for (auto&& [key, value] : *table) {
      if (key == "snake_case") {
        bool snake = false;
        FERRY_RETURN_IF_ERROR(ReadBool(value, "snake_case", &snake));
        config_->snake_case = snake;
      } else if (key == "objectid") {
        FERRY_RETURN_IF_ERROR(ReadChoice(value, "objectid", kObjectIdModes, &config_->objectid));
      } else if (key == "mode") {
        FERRY_RETURN_IF_ERROR(ReadChoice(value, "mode", kModes, &config_->mode));
      } else if (key == "depth") {
        FERRY_RETURN_IF_ERROR(ReadDepth(value, &config_->depth));
      } else {
        return Error(value, "unknown key '" + std::string(key.str()) +
                                "' in [defaults] (expected snake_case, objectid, mode, depth)");
      }
    }
    return Status::OK();
  }

  Status ReadTables(const toml::node& node) {
    Status error;
    const toml::table* tables = AsTable(node, "[tables]", &error);
    if (tables == nullptr) return error;
    for (auto&& [name, value] : *tables) {
      TableConfig& table = config_->tables[std::string(name.str())];
      table.line = LineOf(value);
      FERRY_RETURN_IF_ERROR(ReadTable(std::string(name.str()), value, &table));
    }
    return Status::OK();
  }

  Status ReadTable(const std::string& name, const toml::node& node, TableConfig* table) {
    Status error;
    const toml::table* entries = AsTable(node, "[tables." + name + "]", &error);
    if (entries == nullptr) return error;
    for (auto&& [key, value] : *entries) {
      if (key == "name") {
        FERRY_RETURN_IF_ERROR(ReadString(value, "name", &table->name));
      } else if (key == "exclude") {
        FERRY_RETURN_IF_ERROR(ReadBool(value, "exclude", &table->exclude));
      } else if (key == "columns") {
        FERRY_RETURN_IF_ERROR(ReadColumns(name, value, table));
      } else if (key == "mode") {
        FERRY_RETURN_IF_ERROR(ReadChoice(value, "mode", kModes, &table->mode));
      } else if (key == "depth") {
        FERRY_RETURN_IF_ERROR(ReadDepth(value, &table->depth));
      } else {
        return Error(value, "unknown key '" + std::string(key.str()) + "' in [tables." + name +
                                "] (expected name, exclude, columns, mode, depth)");
      }
    }
    return Status::OK();
  }

  Status ReadColumns(const std::string& table_name, const toml::node& node, TableConfig* table) {
    Status error;
    const toml::table* columns = AsTable(node, "[tables." + table_name + ".columns]", &error);
    if (columns == nullptr) return error;
    for (auto&& [name, value] : *columns) {
      ColumnConfig& column = table->columns[std::string(name.str())];
      column.line = LineOf(value);
      FERRY_RETURN_IF_ERROR(
          ReadColumn(table_name + ".columns." + std::string(name.str()), value, &column));
    }
    return Status::OK();
  }

  Status ReadColumn(const std::string& path, const toml::node& node, ColumnConfig* column) {
    Status error;
    const toml::table* entries = AsTable(node, "[tables." + path + "]", &error);
    if (entries == nullptr) return error;
    for (auto&& [key, value] : *entries) {
      if (key == "name") {
        FERRY_RETURN_IF_ERROR(ReadString(value, "name", &column->name));
      } else if (key == "type") {
        FERRY_RETURN_IF_ERROR(ReadString(value, "type", &column->type));
        Result<TargetType> type = ParseTargetType(*column->type);
        if (!type.ok()) return Error(value, type.status().message());
      } else if (key == "exclude") {
        FERRY_RETURN_IF_ERROR(ReadBool(value, "exclude", &column->exclude));
      } else {
        return Error(value, "unknown key '" + std::string(key.str()) + "' in [tables." + path +
                                "] (expected name, type, exclude)");
      }
    }
    return Status::OK();
  }

  MappingConfig* config_;
};

}  // namespace

std::string MappingConfig::Where(int line) const {
  std::string file = origin.empty() ? "ferry.toml" : origin;
  return line > 0 ? file + " line " + std::to_string(line) : file;
}

Result<MappingConfig> ParseMappingConfig(std::string_view text, std::string origin) {
  MappingConfig config;
  config.origin = std::move(origin);
  toml::table root;
  try {
    root = toml::parse(text, config.origin);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(config.Where(static_cast<int>(e.source().begin.line)) + ": " +
                                   std::string(e.description()));
  }
  FERRY_RETURN_IF_ERROR(ConfigReader(&config).Read(root));
  return config;
}

Result<MappingConfig> LoadMappingConfig(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("mapping file '" + path.string() + "' cannot be read (check --config)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseMappingConfig(text.str(), path.string());
}

}  // namespace ferry
