#include "mapping/mapping_writer.h"

#include <toml++/toml.h>

#include <set>
#include <sstream>

namespace ferry {
namespace {

toml::table TableEntry(const TablePlan& table) {
  toml::table columns;
  std::set<int> copied;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const Column& target = table.target.columns[i];
    int source = table.columns[i].source_column;
    copied.insert(source);
    columns.insert(table.source.columns[source].name,
                   toml::table{{"name", target.name}, {"type", target.native_type}});
  }
  for (size_t i = 0; i < table.source.columns.size(); ++i) {
    if (copied.count(static_cast<int>(i)) == 0) {
      columns.insert(table.source.columns[i].name, toml::table{{"exclude", true}});
    }
  }
  return toml::table{{"name", table.target.name}, {"columns", std::move(columns)}};
}

}  // namespace

std::string FormatMappingConfig(const DatabaseSchema& schema, const Plan& plan) {
  toml::table tables;
  for (const TableSchema& source : schema.tables) {
    const TablePlan* planned = nullptr;
    for (const TablePlan& table : plan.tables) {
      if (table.source.name == source.name) planned = &table;
    }
    tables.insert(source.name,
                  planned != nullptr ? TableEntry(*planned) : toml::table{{"exclude", true}});
  }
  toml::table root{{"defaults", toml::table{{"snake_case", false}}}, {"tables", std::move(tables)}};
  std::ostringstream out;
  out << "# ferry.toml written by `ferry plan --write-mapping`: edit names, types and\n"
         "# exclude = true, then pass it back with --config.\n\n"
      << toml::toml_formatter(root) << "\n";
  return out.str();
}

}  // namespace ferry
