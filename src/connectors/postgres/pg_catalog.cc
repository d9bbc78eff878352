#include "connectors/postgres/pg_catalog.h"

#include <cstdlib>
#include <optional>
#include <vector>

#include "connectors/postgres/pg_binary_values.h"

namespace ferry {
namespace {

// Domains resolve to their base type (one level; deeper ones read as text).
constexpr const char* kBaseType =
    "CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END";

constexpr const char* kTablesSql = R"sql(
SELECT c.oid, c.relname, c.relkind, GREATEST(c.reltuples, -1)::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
ORDER BY c.relname)sql";

constexpr const char* kIndexesSql = R"sql(
SELECT i.indrelid, ic.relname, i.indisprimary, i.indisunique,
       EXISTS (SELECT 1 FROM pg_constraint co
               WHERE co.conindid = i.indexrelid AND co.contype = 'u'),
       coalesce(pg_get_expr(i.indpred, i.indrelid, true), ''),
       CASE WHEN i.indkey[k - 1] <> 0
            THEN (SELECT attname FROM pg_attribute
                  WHERE attrelid = i.indrelid AND attnum = i.indkey[k - 1])
            ELSE pg_get_indexdef(i.indexrelid, k, true) END
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN generate_series(1, i.indnkeyatts) AS k
WHERE n.nspname = $1
ORDER BY ic.relname, k)sql";

constexpr const char* kForeignKeysSql = R"sql(
SELECT co.conrelid, co.conname, rc.relname, co.confdeltype, co.confupdtype, a.attname, fa.attname
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class rc ON rc.oid = co.confrelid
CROSS JOIN LATERAL unnest(co.conkey, co.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
JOIN pg_attribute fa ON fa.attrelid = co.confrelid AND fa.attnum = k.fattnum
WHERE n.nspname = $1 AND co.contype = 'f'
ORDER BY co.conrelid, co.conname, k.ord)sql";

std::string ColumnsSql(const char* filter) {
  return std::string("SELECT a.attrelid, a.attname, ") + kBaseType +
         ", format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),"
         " a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)"
         " FROM pg_attribute a"
         " JOIN pg_class c ON c.oid = a.attrelid"
         " JOIN pg_namespace n ON n.oid = c.relnamespace"
         " JOIN pg_type t ON t.oid = a.atttypid"
         " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
         " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND " +
         filter + " ORDER BY a.attrelid, a.attnum";
}

std::string ReferentialAction(std::string_view code) {
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  if (code == "r") return "RESTRICT";
  return "";  // "a": no action
}

using TableByOid = std::map<std::string, TableSchema*>;

Status ReadColumns(PgConnection& conn, const std::string& schema, TableByOid& tables) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(ColumnsSql("n.nspname = $1"), params));
  for (int i = 0; i < r.rows(); ++i) {
    auto it = tables.find(std::string(r.Get(i, 0)));
    if (it == tables.end()) continue;
    Column column;
    column.name = r.Get(i, 1);
    column.type = LogicalTypeForPgOid(static_cast<uint32_t>(std::atoll(r.Get(i, 2).data())));
    column.native_type = r.Get(i, 3);
    column.nullable = r.Get(i, 4) != "t";
    column.default_expression = r.GetOptional(i, 5);
    column.auto_increment = r.Get(i, 6) == "t";
    it->second->columns.push_back(std::move(column));
  }
  return Status::OK();
}

// Files one index (its key columns) as the table's primary key, a unique key or a secondary index.
void AddIndex(TableSchema* table, const PgResult& r, int row, std::vector<std::string> columns) {
  if (table == nullptr) return;  // an index of a table of another kind (e.g. a materialized view)
  if (r.Get(row, 2) == "t") {
    table->primary_key = std::move(columns);
  } else if (r.Get(row, 4) == "t") {
    table->unique_keys.push_back(std::move(columns));
  } else {
    table->indexes.push_back(Index{std::string(r.Get(row, 1)), std::move(columns),
                                   r.Get(row, 3) == "t", std::string(r.Get(row, 5))});
  }
}

// Rows come one per key column, ordered by index name then position.
Status ReadIndexes(PgConnection& conn, const std::string& schema, TableByOid& tables) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kIndexesSql, params));
  std::vector<std::string> columns;
  for (int i = 0; i < r.rows(); ++i) {
    columns.emplace_back(r.Get(i, 6));
    bool last_column = i + 1 == r.rows() || r.Get(i + 1, 1) != r.Get(i, 1);
    if (last_column) {
      AddIndex(tables[std::string(r.Get(i, 0))], r, i, std::move(columns));
      columns.clear();
    }
  }
  return Status::OK();
}

Status ReadForeignKeys(PgConnection& conn, const std::string& schema, TableByOid& tables) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kForeignKeysSql, params));
  for (int i = 0; i < r.rows(); ++i) {
    TableSchema* table = tables[std::string(r.Get(i, 0))];
    if (table == nullptr) continue;
    bool continues = i > 0 && r.Get(i, 0) == r.Get(i - 1, 0) && r.Get(i, 1) == r.Get(i - 1, 1);
    if (!continues) {
      ForeignKey key;
      key.name = r.Get(i, 1);
      key.referenced_table = r.Get(i, 2);
      key.on_delete = ReferentialAction(r.Get(i, 3));
      key.on_update = ReferentialAction(r.Get(i, 4));
      table->foreign_keys.push_back(std::move(key));
    }
    table->foreign_keys.back().columns.emplace_back(r.Get(i, 5));
    table->foreign_keys.back().referenced_columns.emplace_back(r.Get(i, 6));
  }
  return Status::OK();
}

SkippedObject Skipped(std::string_view relkind, std::string name) {
  if (relkind == "v") return {"view", std::move(name), "views are not copied; recreate them"};
  if (relkind == "m") {
    return {"materialized view", std::move(name), "refresh it in the target after the copy"};
  }
  return {"foreign table", std::move(name), "its data lives on another server"};
}

}  // namespace

Result<DatabaseSchema> ReadPgCatalog(PgConnection& conn, const std::string& schema) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kTablesSql, params));
  DatabaseSchema database;
  std::vector<std::string> oids;
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view kind = r.Get(i, 2);
    if (kind != "r" && kind != "p") {
      database.skipped.push_back(Skipped(kind, std::string(r.Get(i, 1))));
      continue;
    }
    TableSchema table;
    table.name = r.Get(i, 1);
    table.estimated_rows = std::atoll(r.Get(i, 3).data());
    database.tables.push_back(std::move(table));
    oids.emplace_back(r.Get(i, 0));
  }
  TableByOid by_oid;
  for (size_t i = 0; i < oids.size(); ++i) by_oid[oids[i]] = &database.tables[i];
  FERRY_RETURN_IF_ERROR(ReadColumns(conn, schema, by_oid));
  FERRY_RETURN_IF_ERROR(ReadIndexes(conn, schema, by_oid));
  FERRY_RETURN_IF_ERROR(ReadForeignKeys(conn, schema, by_oid));
  return database;
}

Result<std::map<std::string, uint32_t>> ReadPgColumnTypes(PgConnection& conn,
                                                          const std::string& schema,
                                                          const std::string& table) {
  std::optional<std::string> params[] = {schema, table};
  FERRY_ASSIGN_OR_RETURN(PgResult r,
                         conn.ExecParams(ColumnsSql("n.nspname = $1 AND c.relname = $2"), params));
  if (r.rows() == 0) {
    return Status::NotFound(
        "table \"" + schema + "\".\"" + table +
        "\" does not exist in the database (check --schema and the table name)");
  }
  std::map<std::string, uint32_t> types;
  for (int i = 0; i < r.rows(); ++i) {
    types[std::string(r.Get(i, 1))] = static_cast<uint32_t>(std::atoll(r.Get(i, 2).data()));
  }
  return types;
}

}  // namespace ferry
