#include "migrate/sqlx_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>

#include "connectors/postgres/pg_run_schema.h"

namespace ferry::migrate {
namespace {

// The single code point of a one-character UTF-8 string, or nullopt.
std::optional<char32_t> SingleCodePoint(std::string_view s) {
  if (s.empty()) return std::nullopt;
  auto lead = static_cast<unsigned char>(s[0]);
  size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (s.size() != length) return std::nullopt;
  if (length == 1) return lead;
  char32_t cp = lead & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return cp;
}

Status ReadIgnoredChars(const toml::array& array, const std::string& file, SqlxConfig& config) {
  for (const toml::node& node : array) {
    std::optional<std::string> text = node.value<std::string>();
    std::optional<char32_t> cp = text ? SingleCodePoint(*text) : std::nullopt;
    if (!cp) {
      return Status::InvalidArgument(file +
                                     ": [migrate] ignored-chars must list one-character strings, "
                                     "e.g. [\"\\r\", \"\\uFEFF\"]");
    }
    config.ignored_chars.insert(*cp);
  }
  return Status::OK();
}

}  // namespace

Result<SqlxConfig> LoadSqlxConfig(const std::filesystem::path& path) {
  std::string file = path.string();
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument("cannot read " + file + ": " + std::string(e.description()) +
                                   " (line " + std::to_string(e.source().begin.line) + ")");
  }
  SqlxConfig config;
  const toml::table* migrate = root["migrate"].as_table();
  if (migrate == nullptr) return config;
  if (const toml::array* chars = (*migrate)["ignored-chars"].as_array()) {
    FERRY_RETURN_IF_ERROR(ReadIgnoredChars(*chars, file, config));
  }
  config.migrations_dir = (*migrate)["migrations-dir"].value<std::string>();
  if (std::optional<std::string> table = (*migrate)["table-name"].value<std::string>()) {
    std::string folded = *table;  // unquoted names fold to lower case
    std::transform(folded.begin(), folded.end(), folded.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (folded.starts_with(std::string(kPgStateSchema) + ".")) {
      return Status::InvalidArgument(file + ": [migrate] table-name " + *table + ": the " +
                                     std::string(kPgStateSchema) +
                                     " schema holds ferry's copy runs; keep the migration "
                                     "history in another schema");
    }
    config.history.table = *table;
  }
  if (const toml::array* schemas = (*migrate)["create-schemas"].as_array()) {
    for (const toml::node& node : *schemas) {
      std::optional<std::string> schema = node.value<std::string>();
      if (!schema) {
        return Status::InvalidArgument(file + ": [migrate] create-schemas must list strings");
      }
      config.history.create_schemas.push_back(*schema);
    }
  }
  return config;
}

}  // namespace ferry::migrate
