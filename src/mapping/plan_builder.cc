#include "mapping/plan_builder.h"

#include <algorithm>
#include <map>
#include <set>

#include "mapping/identifiers.h"
#include "mapping/pg_types.h"
#include "mapping/plan_constraints.h"
#include "mapping/sqlite_defaults.h"
#include "mapping/sqlite_types.h"
#include "mapping/target_type.h"

namespace ferry {
namespace {

bool SameNameNoCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

// The name in `names` that `wanted` means: exactly, else the one equal without
// regard to ASCII case (SQLite's rule). nullopt when none.
template <typename T, typename NameOf>
std::optional<std::string> Resolve(const std::vector<T>& items, NameOf name_of,
                                   const std::string& wanted) {
  std::optional<std::string> match;
  for (const T& item : items) {
    if (name_of(item) == wanted) return wanted;
    if (SameNameNoCase(name_of(item), wanted)) match = name_of(item);
  }
  return match;
}

template <typename T, typename NameOf>
std::string NameList(const std::vector<T>& items, NameOf name_of) {
  std::string out;
  for (const T& item : items) out += (out.empty() ? "" : ", ") + name_of(item);
  return out;
}

const std::string& TableName(const TableSchema& t) { return t.name; }
const std::string& ColumnName(const Column& c) { return c.name; }

class PlanBuilder {
 public:
  PlanBuilder(const DatabaseSchema& schema, const PlanOptions& options)
      : schema_(schema),
        options_(options),
        snake_case_(options.snake_case || options.config.snake_case.value_or(false)) {}

  Result<Plan> Build() {
    FERRY_RETURN_IF_ERROR(ResolveSelection());
    FERRY_RETURN_IF_ERROR(ResolveConfig());
    plan_.target_schema = options_.target_schema;
    plan_.skipped = schema_.skipped;
    plan_.sequences = schema_.sequences;
    for (const TableSchema& table : schema_.tables) {
      std::string why;
      if (!Selected(table, &why)) {
        plan_.skipped.push_back({"table", table.name, why});
        continue;
      }
      FERRY_ASSIGN_OR_RETURN(TablePlan mapped, MapTable(table));
      if (options_.native_schema) ChooseSchemaPath(&mapped);
      mapped.rows_changed = RowsChangedBecause(mapped);
      plan_.tables.push_back(std::move(mapped));
    }
    FERRY_RETURN_IF_ERROR(CheckDistinctTableNames());
    MapConstraints(options_.source_types, &plan_);
    if (!options_.dialect.runs_sql_expressions) ListExpressionsLeftOut();
    MoveCarriedObjects(options_.native_carried_kinds, &plan_);
    return std::move(plan_);
  }

 private:
  // A target that does not run PostgreSQL's SQL (SQLite) gets its tables
  // without the defaults and CHECK constraints: say so for each.
  void ListExpressionsLeftOut() {
    std::string where = "not created in the " + options_.dialect.name;
    for (const TablePlan& t : plan_.tables) {
      for (const Column& c : t.target.columns) {
        if (!c.default_expression) continue;
        plan_.skipped.push_back({"default", t.target.name + "." + c.name,
                                 "DEFAULT " + *c.default_expression + ": " + where});
      }
      for (const CheckConstraint& check : t.target.checks) {
        plan_.skipped.push_back(
            {"check constraint",
             t.target.name + "." + (check.name.empty() ? "(unnamed)" : check.name),
             "CHECK (" + check.expression + "): " + where});
      }
    }
  }

  Status ResolveSelection() {
    for (auto [list, flag] :
         {std::pair{&options_.tables, "--tables"}, std::pair{&options_.exclude, "--exclude"}}) {
      for (const std::string& wanted : *list) {
        std::optional<std::string> name = Resolve(schema_.tables, TableName, wanted);
        if (!name) {
          return Status::InvalidArgument(
              "table '" + wanted + "' (from " + flag +
              ") is not in the source; its tables are: " + NameList(schema_.tables, TableName));
        }
        (list == &options_.tables ? included_ : excluded_).insert(*name);
      }
    }
    return Status::OK();
  }

  // Re-keys ferry.toml's tables and columns by the source's own spelling.
  Status ResolveConfig() {
    for (const auto& [wanted, table_config] : options_.config.tables) {
      std::optional<std::string> found = Resolve(schema_.tables, TableName, wanted);
      if (!found) {
        return Status::InvalidArgument(
            options_.config.Where(table_config.line) + ": table '" + wanted +
            "' is not in the source; its tables are: " + NameList(schema_.tables, TableName));
      }
      const std::string& name = *found;
      TableConfig& resolved = tables_config_[name];
      resolved = table_config;
      resolved.columns.clear();
      const TableSchema& table = *schema_.FindTable(name);
      for (const auto& [wanted_column, column_config] : table_config.columns) {
        std::optional<std::string> column = Resolve(table.columns, ColumnName, wanted_column);
        if (!column) {
          return Status::InvalidArgument(
              options_.config.Where(column_config.line) + ": table '" + name + "' has no column '" +
              wanted_column + "'; its columns are: " + NameList(table.columns, ColumnName));
        }
        resolved.columns[*column] = column_config;
      }
    }
    return Status::OK();
  }

  bool Selected(const TableSchema& table, std::string* why) const {
    auto config = tables_config_.find(table.name);
    if (config != tables_config_.end() && config->second.exclude) {
      *why = "excluded in " + options_.config.Where(config->second.line);
    } else if (excluded_.count(table.name) != 0) {
      *why = "excluded by --exclude";
    } else if (!included_.empty() && included_.count(table.name) == 0) {
      *why = "not named in --tables";
    }
    return why->empty();
  }

  // The target name for a source name: ferry.toml's, else snake_case'd when
  // asked, then shortened to PostgreSQL's limit (with a warning when it was).
  Result<std::string> TargetName(const std::string& source,
                                 const std::optional<std::string>& configured,
                                 const std::string& what,
                                 std::vector<std::string>* warnings) const {
    std::string name = configured ? *configured : snake_case_ ? SnakeCase(source) : source;
    if (name.empty()) {
      return Status::InvalidArgument(what +
                                     " has an empty name, which PostgreSQL cannot create; "
                                     "give it one in ferry.toml (name = \"...\")");
    }
    if (options_.dialect.max_identifier_bytes == 0) return name;  // e.g. SQLite: no limit
    std::string shortened = ShortenIdentifier(name);
    if (shortened != name) {
      warnings->push_back(what + ": name '" + name + "' is longer than 63 bytes; created as '" +
                          shortened + "'");
    }
    return shortened;
  }

  // A table the mapping leaves as it is takes the source's own schema; its
  // generated columns are then computed by the target, not copied.
  void ChooseSchemaPath(TablePlan* plan) {
    const TableSchema& source = plan->source;
    std::string why = ChangedBecause(*plan);
    if (!why.empty()) {
      plan->schema_path = "ferry's DDL: " + why;
      return;
    }
    plan->native_schema = true;
    plan->schema_path = "the source's own schema (pg_dump), as it is";
    std::vector<Column> kept;
    std::vector<ColumnPlan> kept_plans;
    for (size_t i = 0; i < plan->target.columns.size(); ++i) {
      if (source.columns[plan->columns[i].source_column].generated) {
        plan->warnings.push_back("column " + plan->target.columns[i].name +
                                 ": generated by the target, as in the source (not copied)");
        continue;
      }
      kept.push_back(plan->target.columns[i]);
      kept_plans.push_back(plan->columns[i]);
    }
    plan->target.columns = std::move(kept);
    plan->columns = std::move(kept_plans);
  }

  // Why a target row is not its source row as it is (TablePlan::rows_changed).
  // Renames change no value, so they do not count.
  static std::string RowsChangedBecause(const TablePlan& plan) {
    const TableSchema& source = plan.source;
    for (size_t i = 0; i < plan.target.columns.size(); ++i) {
      if (plan.columns[i].source_column != static_cast<int>(i)) return "columns are reordered";
      const Column& from = source.columns[i];
      const Column& to = plan.target.columns[i];
      if (from.type != to.type || from.native_type != to.native_type) {
        return "column " + from.name + ": " + from.native_type + " becomes " + to.native_type;
      }
    }
    if (plan.target.columns.size() == source.columns.size()) return "";
    for (const Column& column : source.columns) {
      if (column.generated && plan.native_schema) {
        return "column " + column.name + " is generated by the target, not copied";
      }
    }
    return "columns are left out";
  }

  // Why the mapping changes `plan`'s table, or "" when it does not.
  std::string ChangedBecause(const TablePlan& plan) const {
    const TableSchema& source = plan.source;
    if (plan.target.name != source.name) return "renamed to " + plan.target.name;
    if (plan.target.columns.size() != source.columns.size()) return "columns are left out";
    for (size_t i = 0; i < plan.target.columns.size(); ++i) {
      const Column& column = plan.target.columns[i];
      if (column.name != source.columns[plan.columns[i].source_column].name) {
        return "column " + source.columns[plan.columns[i].source_column].name + " is renamed";
      }
    }
    auto found = tables_config_.find(source.name);
    if (found != tables_config_.end()) {
      for (const auto& [name, column] : found->second.columns) {
        if (column.type) return "column " + name + " gets type " + *column.type;
      }
    }
    return "";
  }

  Result<TablePlan> MapTable(const TableSchema& source) {
    static const TableConfig kNoConfig;
    auto found = tables_config_.find(source.name);
    const TableConfig& config = found == tables_config_.end() ? kNoConfig : found->second;
    TablePlan plan;
    plan.source = source;
    FERRY_ASSIGN_OR_RETURN(
        plan.target.name,
        TargetName(source.name, config.name, "table '" + source.name + "'", &plan.warnings));
    plan.target.estimated_rows = source.estimated_rows;
    plan.text_may_hold_nul = options_.dialect.text_may_hold_nul;
    for (size_t i = 0; i < source.columns.size(); ++i) {
      auto column_config = config.columns.find(source.columns[i].name);
      const ColumnConfig* cc =
          column_config == config.columns.end() ? nullptr : &column_config->second;
      if (cc != nullptr && cc->exclude) {
        plan_.skipped.push_back({"column", source.name + "." + source.columns[i].name,
                                 "excluded in " + options_.config.Where(cc->line)});
        continue;
      }
      FERRY_RETURN_IF_ERROR(MapColumn(source, static_cast<int>(i), cc, &plan));
    }
    if (plan.target.columns.empty()) {
      return Status::InvalidArgument("table '" + source.name +
                                     "' has no columns left to copy; exclude the table instead");
    }
    FERRY_RETURN_IF_ERROR(CheckDistinctColumnNames(plan));
    return plan;
  }

  Status MapColumn(const TableSchema& table, int index, const ColumnConfig* config,
                   TablePlan* plan) {
    const Column& source = table.columns[index];
    TypeChoice choice;
    if (config != nullptr && config->type) {
      Result<TargetType> type = ParseTargetType(*config->type);
      if (!type.ok()) return type.status().WithContext(options_.config.Where(config->line));
      choice = {*type, "set in " + options_.config.Where(config->line) + ": " + type->pg_type};
    } else if (options_.source_types == SourceTypes::kPostgres) {
      choice = MapPgType(source, options_.target_has_type);
      if (source.custom_type && choice.target.pg_type == "text") {
        plan->warnings.push_back("column " + source.name + ": the target has no type " +
                                 source.native_type + ", so it is created as text");
      }
    } else {
      choice = MapSqliteType(source.native_type);
    }
    Column target;
    FERRY_ASSIGN_OR_RETURN(
        target.name,
        TargetName(source.name, config ? config->name : std::nullopt,
                   "column '" + table.name + "." + source.name + "'", &plan->warnings));
    target.type = choice.target.type;
    target.native_type = choice.target.pg_type;
    bool in_key = std::count(table.primary_key.begin(), table.primary_key.end(), source.name);
    target.nullable = source.nullable && !in_key;
    bool integer = target.type == LogicalType::kInt16 || target.type == LogicalType::kInt32 ||
                   target.type == LogicalType::kInt64;
    target.auto_increment = source.auto_increment && integer;
    if (target.auto_increment) target.next_value = source.next_value;
    // A default from a sequence copied as one is set after the data (pg_sequence_ddl.h).
    target.sequence = source.sequence;
    target.owns_sequence = source.owns_sequence;
    if (source.default_expression && !target.auto_increment && source.sequence.empty()) {
      bool is_null = false;
      target.default_expression =
          options_.source_types == SourceTypes::kPostgres
              ? TranslatePgDefault(source, choice)
              : TranslateSqliteDefault(*source.default_expression, choice.target, &is_null);
      if (!target.default_expression && !is_null) {
        plan->warnings.push_back("column " + source.name + ": default " +
                                 *source.default_expression + " does not translate to " +
                                 choice.target.pg_type + "; it is left out (add it by hand)");
      }
    }
    if (options_.dialect.storage_rule) {
      choice.reason += "; " + options_.dialect.name + ": " + options_.dialect.storage_rule(target);
    }
    plan->target.columns.push_back(std::move(target));
    plan->columns.push_back({index, std::move(choice.reason)});
    return Status::OK();
  }

  Status CheckDistinctColumnNames(const TablePlan& plan) const {
    std::map<std::string, int> seen;
    for (size_t i = 0; i < plan.target.columns.size(); ++i) {
      auto [it, fresh] = seen.emplace(plan.target.columns[i].name, plan.columns[i].source_column);
      if (fresh) continue;
      return Status::InvalidArgument(
          "table '" + plan.source.name + "': columns '" + plan.source.columns[it->second].name +
          "' and '" + plan.source.columns[plan.columns[i].source_column].name +
          "' would both be created as '" + it->first + "'; rename one in ferry.toml ([tables." +
          plan.source.name + ".columns.NAME] name = \"...\")");
    }
    return Status::OK();
  }

  Status CheckDistinctTableNames() const {
    std::map<std::string, std::string> seen;
    for (const TablePlan& table : plan_.tables) {
      auto [it, fresh] = seen.emplace(table.target.name, table.source.name);
      if (fresh) continue;
      return Status::InvalidArgument("tables '" + it->second + "' and '" + table.source.name +
                                     "' would both be created as '" + it->first +
                                     "'; rename one in ferry.toml ([tables.NAME] name = \"...\")");
    }
    return Status::OK();
  }

  const DatabaseSchema& schema_;
  const PlanOptions& options_;
  const bool snake_case_;
  std::set<std::string> included_;
  std::set<std::string> excluded_;
  std::map<std::string, TableConfig> tables_config_;  // by the source's spelling
  Plan plan_;
};

}  // namespace

void MoveCarriedObjects(const std::vector<std::string>& kinds, Plan* plan) {
  if (kinds.empty() || plan->tables.empty()) return;
  for (const TablePlan& t : plan->tables) {
    if (!t.native_schema) return;
  }
  std::vector<SkippedObject> skipped;
  for (SkippedObject& s : plan->skipped) {
    bool carried = std::find(kinds.begin(), kinds.end(), s.kind) != kinds.end();
    (carried ? plan->carried : skipped).push_back(std::move(s));
  }
  plan->skipped = std::move(skipped);
}

Result<Plan> BuildPlan(const DatabaseSchema& schema, const PlanOptions& options) {
  return PlanBuilder(schema, options).Build();
}

}  // namespace ferry
