#include "mapping/plan_constraints.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "mapping/identifiers.h"
#include "mapping/sqlite_expression.h"

namespace ferry {
namespace {

using Names = std::vector<std::string>;

std::string Join(const Names& names, std::string_view separator) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : std::string(separator)) + n;
  return out;
}

// SQLite compares names without regard to ASCII case (REFERENCES artist(artistid) is fine).
std::string Lower(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  return out;
}

// The target name of a source column of `table`, or nullopt when it is not copied.
std::optional<std::string> TargetColumn(const TablePlan& table, const std::string& source) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (Lower(table.source.columns[table.columns[i].source_column].name) == Lower(source)) {
      return table.target.columns[i].name;
    }
  }
  return std::nullopt;
}

// Maps every name; an entry may end in " ASC"/" DESC", which is kept.
// Sets *missing to the first column that is not copied.
std::optional<Names> TargetColumns(const TablePlan& table, const Names& sources,
                                   std::string* missing) {
  Names out;
  for (const std::string& entry : sources) {
    std::string column = entry, order;
    for (std::string suffix : {" DESC", " ASC"}) {
      if (column.size() > suffix.size() && column.ends_with(suffix)) {
        order = suffix;
        column.resize(column.size() - suffix.size());
      }
    }
    std::optional<std::string> name = TargetColumn(table, column);
    if (!name) {
      *missing = column;
      return std::nullopt;
    }
    out.push_back(*name + order);
  }
  return out;
}

// "<base>", else "<base>1", "<base>2", ... whichever is not in `used`; then marks it used.
std::string UniqueName(const std::string& base, std::set<std::string>* used) {
  std::string name = ShortenIdentifier(base);
  for (int n = 1; used->count(name) != 0; ++n) name = ShortenIdentifier(base + std::to_string(n));
  used->insert(name);
  return name;
}

std::string Plain(const std::string& entry) {
  size_t space = entry.rfind(' ');
  return space == std::string::npos ? entry : entry.substr(0, space);
}

class ConstraintMapper {
 public:
  ConstraintMapper(Plan* plan, SourceTypes source)
      : plan_(plan), sqlite_source_(source == SourceTypes::kSqlite) {
    for (const TablePlan& table : plan->tables) {
      by_source_[Lower(table.source.name)] = &table;
      relation_names_.insert(table.target.name);
      relation_names_.insert(ShortenIdentifier(table.target.name + "_pkey"));
    }
  }

  void Run() {
    for (TablePlan& table : plan_->tables) MapKeys(&table);
    for (TablePlan& table : plan_->tables) MapIndexes(&table);
    for (TablePlan& table : plan_->tables) MapChecks(&table);
    for (TablePlan& table : plan_->tables) MapForeignKeys(&table);
    OrderByDependencies();
  }

 private:
  void MapKeys(TablePlan* table) {
    std::string missing;
    const TableSchema& source = table->source;
    if (auto key = TargetColumns(*table, source.primary_key, &missing)) {
      table->target.primary_key = *key;
    } else {
      table->warnings.push_back("primary key (" + Join(source.primary_key, ", ") +
                                ") left out: column " + missing + " is excluded");
    }
    for (const Names& unique : source.unique_keys) {
      if (auto key = TargetColumns(*table, unique, &missing)) {
        table->target.unique_keys.push_back(*key);
      } else {
        table->warnings.push_back("unique key (" + Join(unique, ", ") + ") left out: column " +
                                  missing + " is excluded");
      }
    }
  }

  // True when every source column is copied under its own name, so SQL
  // written against the source table (an index expression) fits the target.
  static bool KeepsSourceNames(const TablePlan& table) {
    if (table.columns.size() != table.source.columns.size()) return false;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (table.target.columns[i].name !=
          table.source.columns[table.columns[i].source_column].name) {
        return false;
      }
    }
    return true;
  }

  // SQLite expressions name source columns; the target's are found as SQLite would.
  static ExpressionColumns TargetColumnsOf(const TablePlan& table) {
    return [&table](std::string_view source) -> std::optional<ExpressionColumn> {
      for (size_t i = 0; i < table.columns.size(); ++i) {
        if (Lower(table.source.columns[table.columns[i].source_column].name) == Lower(source)) {
          return ExpressionColumn{table.target.columns[i].name, table.target.columns[i].type};
        }
      }
      return std::nullopt;
    };
  }

  // SQL written against the source table, for the target: SQLite's translated,
  // PostgreSQL's kept as written when the table keeps its column names.
  Result<std::string> SourceSql(const TablePlan& table, const std::string& sql,
                                bool condition) const {
    if (sqlite_source_) {
      ExpressionColumns columns = TargetColumnsOf(table);
      return condition ? TranslateSqliteCondition(sql, columns)
                       : TranslateSqliteValue(sql, columns);
    }
    if (!KeepsSourceNames(table)) {
      return Status::InvalidArgument("it names source columns that are renamed or excluded");
    }
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const Column& source = table.source.columns[table.columns[i].source_column];
      if (source.custom_type && table.target.columns[i].native_type != source.native_type) {
        return Status::InvalidArgument("column " + source.name + " is created as " +
                                       table.target.columns[i].native_type + ", not " +
                                       source.native_type);
      }
    }
    return sql;
  }

  // Index entries that are expressions ("lower(title)", SQLite's "(lower(title)) DESC")
  // go through SourceSql; the others are columns.
  std::optional<Names> IndexColumns(const TablePlan& table, const Names& entries,
                                    std::string* why) const {
    Names out;
    for (const std::string& entry : entries) {
      if (entry.find('(') == std::string::npos) {
        std::string missing;
        std::optional<Names> column = TargetColumns(table, {entry}, &missing);
        if (!column) {
          *why = "column " + missing + " is excluded";
          return std::nullopt;
        }
        out.push_back(column->front());
        continue;
      }
      std::string expression = entry, order;
      if (sqlite_source_ && entry.ends_with(" DESC")) {
        expression.resize(entry.size() - 5);
        order = " DESC";
      }
      if (sqlite_source_) expression = expression.substr(1, expression.size() - 2);  // (...)
      Result<std::string> sql = SourceSql(table, expression, false);
      if (!sql.ok()) {
        *why = "expression " + expression + ": " + sql.status().message();
        return std::nullopt;
      }
      out.push_back((sqlite_source_ ? "(" + *sql + ")" : *sql) + order);
    }
    return out;
  }

  // The target index for `index`, or nullopt (and *why) when it does not translate.
  std::optional<Index> MapIndex(const TablePlan& table, const Index& index, std::string* why) {
    std::optional<Names> columns = IndexColumns(table, index.columns, why);
    if (!columns) return std::nullopt;
    Index target = index;
    target.columns = *columns;
    if (!index.where.empty()) {
      Result<std::string> where = SourceSql(table, index.where, true);
      if (!where.ok()) {
        *why = "WHERE " + index.where + ": " + where.status().message();
        return std::nullopt;
      }
      target.where = *where;
    }
    std::string missing;
    std::optional<Names> include = TargetColumns(table, index.include, &missing);
    if (!include) {
      *why = "included column " + missing + " is excluded";
      return std::nullopt;
    }
    target.include = *include;
    return target;
  }

  // The index's own name when the target schema has no relation of that name
  // and it fits in 63 bytes; otherwise a new one, which the plan warns of.
  std::string IndexName(TablePlan* table, const Index& index, const Names& columns) {
    if (index.name.empty()) {
      Names plain;
      for (const std::string& c : columns) {
        plain.push_back(c.find('(') != std::string::npos ? "expr" : Plain(c));
      }
      return UniqueName(table->target.name + "_" + Join(plain, "_") + "_idx", &relation_names_);
    }
    std::string name = UniqueName(index.name, &relation_names_);
    if (name != index.name) {
      table->warnings.push_back(
          "index " + index.name + " is created as " + name +
          (ShortenIdentifier(index.name) != index.name
               ? ": its name is longer than PostgreSQL's 63 bytes"
               : ": another table, index or key of the target schema has its name"));
    }
    return name;
  }

  void MapIndexes(TablePlan* table) {
    for (const Index& index : table->source.indexes) {
      std::string why;
      std::optional<Index> target = MapIndex(*table, index, &why);
      if (!target) {
        plan_->skipped.push_back({"index", table->source.name + "." + index.name,
                                  "not translated (" + why + "): " + IndexText(*table, index) +
                                      "; recreate it by hand"});
        continue;
      }
      target->name = IndexName(table, index, target->columns);
      table->target.indexes.push_back(std::move(*target));
    }
  }

  // The source index as SQL, for the plan's list of what is not copied.
  static std::string IndexText(const TablePlan& table, const Index& index) {
    std::string text = std::string(index.unique ? "UNIQUE " : "") + "INDEX " + index.name + " ON " +
                       table.source.name;
    if (!index.method.empty()) text += " USING " + index.method;
    Names entries = index.columns;
    for (size_t i = 0; i < entries.size() && i < index.options.size(); ++i) {
      if (!index.options[i].empty()) entries[i] += " " + index.options[i];
    }
    text += " (" + Join(entries, ", ") + ")";
    if (!index.include.empty()) text += " INCLUDE (" + Join(index.include, ", ") + ")";
    if (!index.where.empty()) text += " WHERE " + index.where;
    return text;
  }

  void MapChecks(TablePlan* table) {
    std::set<std::string> used;
    for (const CheckConstraint& check : table->source.checks) {
      Result<std::string> expression = SourceSql(*table, check.expression, true);
      if (!expression.ok()) {
        plan_->skipped.push_back(
            {"check constraint",
             table->source.name + "." + (check.name.empty() ? "(unnamed)" : check.name),
             "not translated (" + expression.status().message() + "): CHECK (" + check.expression +
                 "); add it by hand"});
        continue;
      }
      CheckConstraint target{check.name, *expression};
      if (!target.name.empty()) target.name = UniqueName(target.name, &used);
      table->target.checks.push_back(std::move(target));
    }
  }

  // True when `columns` (source names) are the primary key or a unique key or
  // unique index of `table`, as PostgreSQL requires of a foreign key's target.
  static bool IsUniqueKey(const TableSchema& table, const Names& columns) {
    auto same = [&](const Names& key) {
      auto equal = [](const std::string& a, const std::string& b) { return Lower(a) == Lower(b); };
      return std::is_permutation(key.begin(), key.end(), columns.begin(), columns.end(), equal);
    };
    if (same(table.primary_key)) return true;
    if (std::any_of(table.unique_keys.begin(), table.unique_keys.end(), same)) return true;
    return std::any_of(table.indexes.begin(), table.indexes.end(), [&](const Index& index) {
      return index.unique && index.where.empty() && index.method.empty() && same(index.columns);
    });
  }

  void MapForeignKeys(TablePlan* table) {
    std::set<std::string> used;
    for (const ForeignKey& fk : table->source.foreign_keys) {
      std::string what = "foreign key (" + Join(fk.columns, ", ") + ") → " + fk.referenced_table;
      auto found = by_source_.find(Lower(fk.referenced_table));
      if (found == by_source_.end()) {
        table->warnings.push_back(what + " left out: table " + fk.referenced_table +
                                  " is not copied");
        continue;
      }
      const TablePlan& referenced = *found->second;
      Names referenced_columns =
          fk.referenced_columns.empty() ? referenced.source.primary_key : fk.referenced_columns;
      if (!IsUniqueKey(referenced.source, referenced_columns)) {
        table->warnings.push_back(what + "(" + Join(referenced_columns, ", ") +
                                  ") left out: PostgreSQL requires a primary key or unique "
                                  "constraint on the referenced columns");
        continue;
      }
      std::string missing;
      auto columns = TargetColumns(*table, fk.columns, &missing);
      auto targets = TargetColumns(referenced, referenced_columns, &missing);
      if (!columns || !targets) {
        table->warnings.push_back(what + " left out: column " + missing + " is excluded");
        continue;
      }
      ForeignKey target = fk;
      target.columns = *columns;
      target.referenced_table = referenced.target.name;
      target.referenced_columns = *targets;
      target.name = UniqueName(table->target.name + "_" + Join(*columns, "_") + "_fkey", &used);
      table->target.foreign_keys.push_back(std::move(target));
    }
  }

  // Referenced tables first (stable; self-references and cycles keep source order).
  void OrderByDependencies() {
    std::vector<TablePlan> ordered;
    std::set<std::string> placed;
    std::vector<TablePlan>& tables = plan_->tables;
    while (!tables.empty()) {
      auto ready = std::find_if(tables.begin(), tables.end(), [&](const TablePlan& t) {
        return std::all_of(
            t.target.foreign_keys.begin(), t.target.foreign_keys.end(), [&](const ForeignKey& fk) {
              return fk.referenced_table == t.target.name || placed.count(fk.referenced_table) != 0;
            });
      });
      if (ready == tables.end()) ready = tables.begin();  // a cycle: FKs come after the data
      placed.insert(ready->target.name);
      ordered.push_back(std::move(*ready));
      tables.erase(ready);
    }
    tables = std::move(ordered);
  }

  Plan* plan_;
  bool sqlite_source_;
  std::map<std::string, const TablePlan*> by_source_;
  std::set<std::string> relation_names_;
};

}  // namespace

void MapConstraints(SourceTypes source, Plan* plan) { ConstraintMapper(plan, source).Run(); }

}  // namespace ferry
