#include "connectors/sqlite/sqlite_ddl.h"

#include <algorithm>

namespace ferry {
namespace {

// "(10,2)" of "numeric(10,2)", "(40)" of "varchar(40)"; "" when none.
std::string Parameters(const std::string& native_type) {
  size_t open = native_type.find('(');
  size_t close = native_type.find(')', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return "";
  std::string args;
  for (char c : native_type.substr(open, close - open + 1)) {
    if (c != ' ') args += c;
  }
  return args;
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string TextType(const std::string& native_type) {
  std::string args = Parameters(native_type);
  if (args.empty() || native_type.find('[') != std::string::npos) return "TEXT";
  if (StartsWith(native_type, "varchar") || StartsWith(native_type, "character varying")) {
    return "VARCHAR" + args;
  }
  if (StartsWith(native_type, "char") || StartsWith(native_type, "character")) {
    return "CHAR" + args;
  }
  return "TEXT";
}

std::string NameList(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + QuoteSqliteName(name);
  return list;
}

std::string ForeignKeyClause(const ForeignKey& fk) {
  std::string sql = "FOREIGN KEY (" + NameList(fk.columns) + ") REFERENCES " +
                    QuoteSqliteName(fk.referenced_table);
  if (!fk.referenced_columns.empty()) sql += " (" + NameList(fk.referenced_columns) + ")";
  if (!fk.on_delete.empty()) sql += " ON DELETE " + fk.on_delete;
  if (!fk.on_update.empty()) sql += " ON UPDATE " + fk.on_update;
  return sql;
}

bool IsPlainColumnIndex(const TableSchema& table, const Index& index) {
  if (!index.where.empty() || !index.include.empty()) return false;
  if (!index.method.empty() && index.method != "btree") return false;
  for (const std::string& option : index.options) {
    if (!option.empty() && option != "ASC" && option != "DESC") return false;
  }
  for (const std::string& column : index.columns) {
    if (table.ColumnIndex(column) < 0) return false;
  }
  return !index.columns.empty();
}

}  // namespace

std::string QuoteSqliteName(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string QuoteSqliteText(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::string SqliteDeclaredType(const Column& column) {
  switch (column.type) {
    case LogicalType::kBool:
      return "BOOLEAN";
    case LogicalType::kInt16:
      return "INT2";
    case LogicalType::kInt32:
      return "INT4";
    case LogicalType::kInt64:
      return "INTEGER";
    case LogicalType::kFloat32:
      return "FLOAT4_BLOB";
    case LogicalType::kFloat64:
      return "FLOAT8_BLOB";
    case LogicalType::kNumeric:
      return "NUMERIC_TEXT" + Parameters(column.native_type);
    case LogicalType::kText:
      return TextType(column.native_type);
    case LogicalType::kBytes:
      return "BLOB";
    case LogicalType::kDate:
      return "DATE";
    case LogicalType::kTime:
      return "TIME";
    case LogicalType::kTimestamp:
      return "TIMESTAMP";
    case LogicalType::kTimestampTz:
      return "TIMESTAMPTZ";
    case LogicalType::kUuid:
      return "UUID";
    case LogicalType::kJson:
      return column.native_type == "json" ? "JSON_TEXT" : "JSONB_TEXT";
  }
  return "TEXT";
}

std::string SqliteStorageRule(const Column& column) {
  std::string declared = SqliteDeclaredType(column) + ": ";
  switch (column.type) {
    case LogicalType::kBool:
      return declared + "0 or 1";
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
      return declared + "INTEGER affinity, 64-bit integers";
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      return declared +
             "REAL values bit for bit in a BLOB-affinity column (REAL affinity would turn -0.0 "
             "into 0); NaN is refused, SQLite stores it as NULL";
    case LogicalType::kNumeric:
      return declared + "TEXT affinity, the decimal's digits as text (never REAL)";
    case LogicalType::kText:
      if (column.native_type != "text" && declared == "TEXT: ") {
        return declared + "the text form of " + column.native_type;
      }
      return declared + "TEXT affinity, UTF-8";
    case LogicalType::kBytes:
      return declared + "bytes as a BLOB";
    case LogicalType::kDate:
      return declared + "ISO-8601 text YYYY-MM-DD";
    case LogicalType::kTime:
      return declared + "text HH:MM:SS[.ffffff]";
    case LogicalType::kTimestamp:
      return declared + "ISO-8601 text YYYY-MM-DD HH:MM:SS[.ffffff]";
    case LogicalType::kTimestampTz:
      return declared + "ISO-8601 text in UTC, YYYY-MM-DD HH:MM:SS[.ffffff]Z";
    case LogicalType::kUuid:
      return declared + "36-character text";
    case LogicalType::kJson:
      return declared + "JSON text in a TEXT-affinity column (JSON affinity is NUMERIC)";
  }
  return declared;
}

std::string SqliteCreateTableSql(const TableSchema& table) {
  std::string sql = "CREATE TABLE " + QuoteSqliteName(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const Column& c = table.columns[i];
    sql += (i ? ", " : "") + QuoteSqliteName(c.name) + " " + SqliteDeclaredType(c);
    if (!c.nullable) sql += " NOT NULL";
  }
  if (!table.primary_key.empty()) sql += ", PRIMARY KEY (" + NameList(table.primary_key) + ")";
  for (const std::vector<std::string>& key : table.unique_keys) {
    sql += ", UNIQUE (" + NameList(key) + ")";
  }
  for (const ForeignKey& fk : table.foreign_keys) sql += ", " + ForeignKeyClause(fk);
  return sql + ")";
}

std::vector<std::string> SqliteIndexSql(const TableSchema& table,
                                        std::vector<std::string>* skipped) {
  std::vector<std::string> statements;
  for (const Index& index : table.indexes) {
    if (!IsPlainColumnIndex(table, index)) {
      if (skipped != nullptr) skipped->push_back(index.name);
      continue;
    }
    std::string name =
        index.name.empty() ? table.name + "_" + index.columns[0] + "_idx" : index.name;
    std::string columns;
    for (size_t i = 0; i < index.columns.size(); ++i) {
      columns += (i ? ", " : "") + QuoteSqliteName(index.columns[i]);
      if (i < index.options.size() && !index.options[i].empty()) columns += " " + index.options[i];
    }
    statements.push_back(std::string("CREATE ") + (index.unique ? "UNIQUE " : "") +
                         "INDEX IF NOT EXISTS " + QuoteSqliteName(name) + " ON " +
                         QuoteSqliteName(table.name) + " (" + columns + ")");
  }
  return statements;
}

std::string SqliteDropTableSql(const std::string& table) {
  return "DROP TABLE IF EXISTS " + QuoteSqliteName(table);
}

}  // namespace ferry
