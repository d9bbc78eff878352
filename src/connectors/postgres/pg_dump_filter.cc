#include "connectors/postgres/pg_dump_filter.h"

namespace ferry {
namespace {

Status CheckTable(const PgTableName& table, std::string_view list) {
  if (table.schema.empty() || table.name.empty()) {
    return Status::InvalidArgument("the " + std::string(list) + " table '" + table.schema + "." +
                                   table.name +
                                   "' lacks its schema or its name: give both, exactly as the "
                                   "catalog spells them");
  }
  return Status::OK();
}

}  // namespace

std::string PgDumpNamePattern(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string PgDumpTablePattern(const PgTableName& table) {
  return PgDumpNamePattern(table.schema) + "." + PgDumpNamePattern(table.name);
}

Result<std::vector<std::string>> PgDumpFilterArgs(const PgDumpFilter& filter) {
  std::vector<std::string> args;
  for (const std::string& schema : filter.schemas) {
    if (schema.empty()) {
      return Status::InvalidArgument("an empty schema name in the schemas to dump");
    }
    args.push_back("--schema=" + PgDumpNamePattern(schema));
  }
  for (const PgTableName& table : filter.include_tables) {
    FERRY_RETURN_IF_ERROR(CheckTable(table, "included"));
    args.push_back("--table=" + PgDumpTablePattern(table));
  }
  for (const PgTableName& table : filter.exclude_tables) {
    FERRY_RETURN_IF_ERROR(CheckTable(table, "excluded"));
    args.push_back("--exclude-table=" + PgDumpTablePattern(table));
  }
  return args;
}

}  // namespace ferry
