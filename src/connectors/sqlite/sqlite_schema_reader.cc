#include "connectors/sqlite/sqlite_schema_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "connectors/sqlite/sqlite_key_spread.h"
#include "connectors/sqlite/sqlite_source.h"
#include "connectors/sqlite/sqlite_sql_text.h"

namespace ferry {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Runs `sql` with `argument` (when given) bound to ?1 and calls `row` for every result row.
template <typename RowFn>
Status ForEachRow(SqliteDatabase& db, std::string_view sql,
                  const std::optional<std::string>& argument, RowFn row) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  if (argument) FERRY_RETURN_IF_ERROR(stmt.BindText(1, *argument));
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
    if (!has_row) return Status::OK();
    row(stmt);
  }
}

struct TableEntry {
  std::string name;
  std::string type;       // table, view, trigger
  std::string list_type;  // pragma_table_list: table, virtual, shadow
  bool without_rowid = false;
  std::string sql;  // CREATE TABLE ...
};

Status ReadColumns(SqliteDatabase& db, bool without_rowid, TableSchema* table,
                   DatabaseSchema* schema) {
  std::vector<std::pair<int, std::string>> key;
  Status status = ForEachRow(
      db,
      "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) "
      "ORDER BY cid",
      table->name, [&](SqliteStatement& s) {
        Column column;
        column.name = std::string(s.ColumnText(0));
        column.native_type = std::string(s.ColumnText(1));
        column.nullable = s.ColumnInt64(2) == 0;
        if (s.ColumnType(3) != SQLITE_NULL)
          column.default_expression = std::string(s.ColumnText(3));
        if (s.ColumnInt64(4) > 0) key.emplace_back(static_cast<int>(s.ColumnInt64(4)), column.name);
        if (s.ColumnInt64(5) >= 2) {
          schema->skipped.push_back({"generated column", table->name + "." + column.name,
                                     "copied as a plain column holding its values; the "
                                     "expression is not recreated"});
        }
        table->columns.push_back(std::move(column));
      });
  FERRY_RETURN_IF_ERROR(status);
  std::sort(key.begin(), key.end());
  for (auto& [position, name] : key) table->primary_key.push_back(name);
  // A single INTEGER PRIMARY KEY of a rowid table is the rowid: SQLite assigns it.
  if (key.size() == 1 && !without_rowid) {
    Column& column = table->columns[table->ColumnIndex(key[0].second)];
    column.auto_increment = Upper(column.native_type) == "INTEGER";
  }
  return Status::OK();
}

Status ReadForeignKeys(SqliteDatabase& db, TableSchema* table) {
  std::map<int64_t, ForeignKey> by_id;
  FERRY_RETURN_IF_ERROR(ForEachRow(db,
                                   "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                                   "FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                                   table->name, [&](SqliteStatement& s) {
                                     ForeignKey& fk = by_id[s.ColumnInt64(0)];
                                     fk.referenced_table = std::string(s.ColumnText(1));
                                     fk.columns.emplace_back(s.ColumnText(2));
                                     if (s.ColumnType(3) != SQLITE_NULL)
                                       fk.referenced_columns.emplace_back(s.ColumnText(3));
                                     fk.on_update = std::string(s.ColumnText(4));
                                     fk.on_delete = std::string(s.ColumnText(5));
                                   }));
  for (auto& [id, fk] : by_id) {
    // "REFERENCES t" without columns names t's primary key: leave the list empty.
    if (fk.referenced_columns.size() != fk.columns.size()) fk.referenced_columns.clear();
    table->foreign_keys.push_back(std::move(fk));
  }
  return Status::OK();
}

// The SQL an object was created with ("" when SQLite made it, as for a UNIQUE constraint's index).
Result<std::string> ObjectSql(SqliteDatabase& db, const std::string& name) {
  std::string sql;
  FERRY_RETURN_IF_ERROR(
      ForEachRow(db, "SELECT sql FROM sqlite_schema WHERE name = ?1", name,
                 [&](SqliteStatement& s) { sql = std::string(s.ColumnText(0)); }));
  return sql;
}

// The index's key entries: column names (with " DESC"), and, as "(expression)",
// expressions and columns under a collation other than BINARY, whose text
// comes from the CREATE INDEX statement; its WHERE clause too.
Status ReadIndex(SqliteDatabase& db, const std::string& name, bool partial, Index* index) {
  struct Key {
    int64_t cid;
    std::string name, collation;
    bool desc;
  };
  std::vector<Key> keys;
  FERRY_RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno",
      name, [&](SqliteStatement& s) {
        keys.push_back({s.ColumnInt64(0), std::string(s.ColumnText(1)),
                        std::string(s.ColumnText(3)), s.ColumnInt64(2) != 0});
      }));
  bool plain = !partial && std::all_of(keys.begin(), keys.end(), [](const Key& k) {
    return k.cid >= 0 && Upper(k.collation) == "BINARY";
  });
  SqliteIndexText text;
  if (!plain) {
    FERRY_ASSIGN_OR_RETURN(std::string sql, ObjectSql(db, name));
    text = ParseSqliteIndex(sql);
    index->where = text.where;
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string entry = keys[i].name;
    if (keys[i].cid >= 0 && Upper(keys[i].collation) != "BINARY") {
      entry = "(" + QuoteSqliteIdentifier(keys[i].name) + " COLLATE " + keys[i].collation + ")";
    } else if (keys[i].cid < 0) {
      // The expression as written, without its ASC/DESC (kept apart, as for columns).
      entry = i < text.entries.size() ? text.entries[i] : "?";
      for (std::string_view order : {" DESC", " ASC"}) {
        if (Upper(entry).ends_with(order)) entry.resize(entry.size() - order.size());
      }
      entry = "(" + entry + ")";
    }
    if (keys[i].desc) entry += " DESC";
    index->columns.push_back(std::move(entry));
  }
  return Status::OK();
}

Status ReadIndexes(SqliteDatabase& db, TableSchema* table) {
  struct Entry {
    std::string name, origin;
    bool unique, partial;
  };
  std::vector<Entry> entries;
  FERRY_RETURN_IF_ERROR(ForEachRow(
      db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY seq DESC",
      table->name, [&](SqliteStatement& s) {
        entries.push_back({std::string(s.ColumnText(0)), std::string(s.ColumnText(2)),
                           s.ColumnInt64(1) != 0, s.ColumnInt64(3) != 0});
      }));
  for (const Entry& entry : entries) {
    if (entry.origin == "pk") continue;  // the primary key itself
    Index index;
    index.name = entry.name;
    index.unique = entry.unique;
    FERRY_RETURN_IF_ERROR(ReadIndex(db, entry.name, entry.partial, &index));
    bool plain = index.where.empty() &&
                 std::none_of(index.columns.begin(), index.columns.end(),
                              [](const std::string& c) { return c.starts_with("("); });
    if (entry.origin == "u" && plain) {
      table->unique_keys.push_back(index.columns);
    } else {
      table->indexes.push_back(std::move(index));  // the mapping translates or lists it
    }
  }
  return Status::OK();
}

Result<int64_t> FirstInteger(SqliteDatabase& db, const std::string& sql,
                             const std::optional<std::string>& arg) {
  int64_t value = -1;
  FERRY_RETURN_IF_ERROR(ForEachRow(db, sql, arg, [&](SqliteStatement& s) {
    if (value < 0 && s.ColumnType(0) != SQLITE_NULL) value = s.ColumnInt64(0);
  }));
  return value;
}

Result<int64_t> EstimateRows(SqliteDatabase& db, const std::string& table, bool has_stat1,
                             bool without_rowid) {
  if (has_stat1) {
    // sqlite_stat1.stat starts with the row count ("4000 2 1").
    FERRY_ASSIGN_OR_RETURN(int64_t rows, FirstInteger(db,
                                                      "SELECT CAST(stat AS INTEGER) FROM "
                                                      "sqlite_stat1 WHERE tbl = ?1 LIMIT 1",
                                                      table));
    if (rows >= 0) return rows;
  }
  std::string quoted = QuoteSqliteIdentifier(table);
  if (!without_rowid) {
    // A few short walks of the rowid b-tree: exact for dense rowids, without
    // a scan. Not max - min + 1, which random 63-bit ids or gaps make far
    // more than the rows; keys that spread unevenly are counted.
    FERRY_ASSIGN_OR_RETURN(IntegerKeySpread spread, SampleIntegerKey(db, quoted, "rowid"));
    if (spread.kind != IntegerKeySpread::Kind::kIntegers) return int64_t{0};
    if (spread.even) return spread.estimated_rows;
  }
  return FirstInteger(db, "SELECT count(*) FROM " + quoted, std::nullopt);
}

// The table's size in bytes, estimated from its first rows: their values'
// lengths (text in characters, numbers as written), times the row count.
// length() reads a blob's size without its content, so this stays cheap when
// rows are large. -1 when the table is empty.
Result<int64_t> EstimateBytes(SqliteDatabase& db, const TableSchema& table, int64_t rows) {
  if (rows <= 0 || table.columns.empty()) return int64_t{-1};
  std::string lengths;
  for (const Column& column : table.columns) {
    lengths += (lengths.empty() ? "" : " + ") +
               ("ifnull(length(" + QuoteSqliteIdentifier(column.name) + "), 0)");
  }
  constexpr int kSampleRows = 100;
  FERRY_ASSIGN_OR_RETURN(SqliteStatement statement,
                         db.Prepare("SELECT avg(bytes) FROM (SELECT " + lengths +
                                    " AS bytes FROM " + QuoteSqliteIdentifier(table.name) +
                                    " LIMIT " + std::to_string(kSampleRows) + ")"));
  FERRY_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row || statement.ColumnType(0) == SQLITE_NULL) return int64_t{-1};
  double per_row = statement.ColumnDouble(0) + static_cast<double>(table.columns.size());
  return static_cast<int64_t>(per_row * static_cast<double>(rows));
}

Result<std::vector<TableEntry>> ListEntries(SqliteDatabase& db) {
  std::vector<TableEntry> entries;
  FERRY_RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT s.name, s.type, coalesce(l.type, ''), coalesce(l.wr, 0), coalesce(s.sql, '') "
      "FROM sqlite_schema s "
      "LEFT JOIN pragma_table_list l ON l.schema = 'main' AND l.name = s.name "
      "WHERE s.type IN ('table', 'view', 'trigger') ORDER BY s.rowid",
      std::nullopt, [&](SqliteStatement& s) {
        entries.push_back({std::string(s.ColumnText(0)), std::string(s.ColumnText(1)),
                           std::string(s.ColumnText(2)), s.ColumnInt64(3) != 0,
                           std::string(s.ColumnText(4))});
      }));
  return entries;
}

// Objects that are not plain tables: listed with why they are skipped. False for tables.
bool Skip(const TableEntry& entry, DatabaseSchema* schema) {
  if (entry.type == "view") {
    schema->skipped.push_back({"view", entry.name, "views are not copied; recreate it by hand"});
  } else if (entry.type == "trigger") {
    schema->skipped.push_back(
        {"trigger", entry.name, "triggers are not copied; rewrite it for PostgreSQL"});
  } else if (entry.list_type == "virtual" || entry.list_type == "shadow") {
    schema->skipped.push_back({entry.list_type + " table", entry.name,
                               "virtual tables (FTS, R*Tree, ...) and their shadow tables are "
                               "not copied"});
  } else if (entry.name.rfind("sqlite_", 0) == 0) {
    schema->skipped.push_back({"table", entry.name, "SQLite's internal bookkeeping"});
  } else if (entry.name.rfind("_ferry_", 0) == 0) {
    schema->skipped.push_back(
        {"table", entry.name, "ferry's own run state (this file was the target of a ferry copy)"});
  } else {
    return false;
  }
  return true;
}

}  // namespace

Result<DatabaseSchema> ReadSqliteSchema(SqliteDatabase& db) {
  DatabaseSchema schema;
  FERRY_ASSIGN_OR_RETURN(std::vector<TableEntry> entries, ListEntries(db));
  bool has_stat1 = std::any_of(entries.begin(), entries.end(),
                               [](const TableEntry& e) { return e.name == "sqlite_stat1"; });
  for (const TableEntry& entry : entries) {
    if (Skip(entry, &schema)) continue;
    TableSchema table;
    table.name = entry.name;
    Status status = ReadColumns(db, entry.without_rowid, &table, &schema);
    if (status.ok()) status = ReadForeignKeys(db, &table);
    if (status.ok()) status = ReadIndexes(db, &table);
    if (status.ok()) table.checks = SqliteCheckConstraints(entry.sql);
    if (!status.ok()) return status.WithContext("reading the schema of table '" + entry.name + "'");
    FERRY_ASSIGN_OR_RETURN(table.estimated_rows,
                           EstimateRows(db, entry.name, has_stat1, entry.without_rowid));
    FERRY_ASSIGN_OR_RETURN(table.estimated_bytes, EstimateBytes(db, table, table.estimated_rows));
    schema.tables.push_back(std::move(table));
  }
  return schema;
}

}  // namespace ferry
