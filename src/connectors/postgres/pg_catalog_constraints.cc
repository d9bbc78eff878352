#include "connectors/postgres/pg_catalog_constraints.h"

#include <algorithm>
#include <optional>

namespace ferry {
namespace {

// One row per index column (key columns, then INCLUDE ones), ordered by index
// name then position: the table, the index's name, primary, unique, backs a
// unique constraint, predicate, access method (non-btree), an exclusion
// constraint's definition, then the column or expression, its options
// (collation and operator class when not the default, order) and whether it
// is a key column; last, whether it is an index of one partition alone (not
// a part of its parent's), the table's name, and (PostgreSQL 15 on) whether
// NULLs count as equal in a unique index.
constexpr const char* kIndexesSql = R"sql(
SELECT i.indrelid, ic.relname, i.indisprimary, i.indisunique,
       EXISTS (SELECT 1 FROM pg_constraint co
               WHERE co.conindid = i.indexrelid AND co.contype = 'u'),
       coalesce(pg_get_expr(i.indpred, i.indrelid, true), ''),
       CASE WHEN am.amname = 'btree' THEN '' ELSE am.amname END,
       (SELECT pg_get_constraintdef(co.oid, true) FROM pg_constraint co
        WHERE co.conindid = i.indexrelid AND co.contype = 'x'),
       CASE WHEN i.indkey[k - 1] <> 0
            THEN (SELECT attname FROM pg_attribute
                  WHERE attrelid = i.indrelid AND attnum = i.indkey[k - 1])
            ELSE pg_get_indexdef(i.indexrelid, k, true) END,
       concat_ws(' ',
         (SELECT 'COLLATE ' || quote_ident(cn.nspname) || '.' || quote_ident(cl.collname)
          FROM pg_collation cl JOIN pg_namespace cn ON cn.oid = cl.collnamespace
          WHERE k <= i.indnkeyatts AND cl.oid = i.indcollation[k - 1]
            AND cl.oid <> coalesce(
              (SELECT attcollation FROM pg_attribute
               WHERE attrelid = i.indrelid AND attnum = i.indkey[k - 1]),
              (SELECT t.typcollation FROM pg_attribute ia JOIN pg_type t ON t.oid = ia.atttypid
               WHERE ia.attrelid = i.indexrelid AND ia.attnum = k))),
         (SELECT quote_ident(oc.opcname) FROM pg_opclass oc
          WHERE k <= i.indnkeyatts AND oc.oid = i.indclass[k - 1] AND NOT oc.opcdefault),
         CASE WHEN k > i.indnkeyatts THEN NULL
              WHEN i.indoption[k - 1] & 1 = 1
              THEN 'DESC' || CASE WHEN i.indoption[k - 1] & 2 = 0 THEN ' NULLS LAST' ELSE '' END
              WHEN i.indoption[k - 1] & 2 = 2 THEN 'NULLS FIRST' END),
       k <= i.indnkeyatts,
       c.relispartition AND NOT EXISTS (SELECT 1 FROM pg_inherits h
                                        WHERE h.inhrelid = i.indexrelid),
       c.relname,
       coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN generate_series(1, i.indnatts) AS k
WHERE n.nspname = $1
ORDER BY ic.relname, k)sql";

// CHECK constraints: the table, name, condition, whether rows were checked
// (NOT VALID ones were not), and the functions outside pg_catalog it calls.
constexpr const char* kChecksSql = R"sql(
SELECT co.conrelid, co.conname, pg_get_expr(co.conbin, co.conrelid, true), co.convalidated,
       (SELECT string_agg(p.oid::regprocedure::text, ', ')
        FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid
        WHERE d.classid = 'pg_constraint'::regclass AND d.objid = co.oid
          AND d.refclassid = 'pg_proc'::regclass
          AND p.pronamespace <> 'pg_catalog'::regnamespace)
FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND co.contype = 'c' AND c.relkind IN ('r', 'p')
ORDER BY co.conrelid, co.conname)sql";

// Files one index as the table's primary key, a unique key, a secondary index
// or (an exclusion constraint's) a skipped object.
void AddIndex(TableSchema* table, const PgResult& r, int row, Index index,
              DatabaseSchema* database) {
  if (table == nullptr) return;  // an index of a table of another kind (e.g. a materialized view)
  if (r.Get(row, 13) == "t") {
    database->skipped.push_back(
        {"index option", table->name + "." + index.name,
         "NULLS NOT DISTINCT is not kept: the target's unique key lets several rows hold NULL in "
         "its columns; recreate it with NULLS NOT DISTINCT by hand"});
  }
  if (!r.IsNull(row, 7)) {
    database->skipped.push_back(
        {"exclusion constraint", table->name + "." + index.name,
         std::string(r.Get(row, 7)) + " is not recreated; add it to the target by hand"});
  } else if (r.Get(row, 2) == "t") {
    table->primary_key = std::move(index.columns);
  } else if (r.Get(row, 4) == "t") {
    table->unique_keys.push_back(std::move(index.columns));
  } else {
    index.unique = r.Get(row, 3) == "t";
    index.where = r.Get(row, 5);
    index.method = r.Get(row, 6);
    bool any_options = std::any_of(index.options.begin(), index.options.end(),
                                   [](const std::string& o) { return !o.empty(); });
    if (!any_options) index.options.clear();
    table->indexes.push_back(std::move(index));
  }
}

}  // namespace

// Rows come one per index column, ordered by index name then position.
Status ReadPgIndexes(PgConnection& conn, const std::string& schema, PgTablesByOid& tables,
                     DatabaseSchema* database) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kIndexesSql, params));
  Index index;
  for (int i = 0; i < r.rows(); ++i) {
    if (r.Get(i, 10) == "t") {
      index.columns.emplace_back(r.Get(i, 8));
      index.options.emplace_back(r.Get(i, 9));
    } else {
      index.include.emplace_back(r.Get(i, 8));
    }
    bool last_column = i + 1 == r.rows() || r.Get(i + 1, 1) != r.Get(i, 1);
    if (!last_column) continue;
    index.name = r.Get(i, 1);
    if (r.Get(i, 11) == "t") {
      // Partitions are copied into their parent's table, which this index is not on.
      database->skipped.push_back(
          {"index", std::string(r.Get(i, 12)) + "." + index.name,
           "an index of partition " + std::string(r.Get(i, 12)) +
               " alone, which is copied into its parent table; create it there by hand"});
    } else {
      AddIndex(tables[std::string(r.Get(i, 0))], r, i, std::move(index), database);
    }
    index = Index();
  }
  return Status::OK();
}

Status ReadPgChecks(PgConnection& conn, const std::string& schema, PgTablesByOid& tables,
                    DatabaseSchema* database) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kChecksSql, params));
  for (int i = 0; i < r.rows(); ++i) {
    TableSchema* table = tables[std::string(r.Get(i, 0))];
    if (table == nullptr) continue;
    CheckConstraint check{std::string(r.Get(i, 1)), std::string(r.Get(i, 2))};
    std::string why;
    if (r.Get(i, 3) != "t") {
      why = "it is NOT VALID in the source, so rows there may break it";
    } else if (!r.IsNull(i, 4)) {
      why = "it calls " + std::string(r.Get(i, 4)) + ", which ferry does not copy";
    }
    if (why.empty()) {
      table->checks.push_back(std::move(check));
    } else {
      database->skipped.push_back({"check constraint", table->name + "." + check.name,
                                   "CHECK (" + check.expression + ") is not recreated: " + why +
                                       "; add it to the target by hand"});
    }
  }
  return Status::OK();
}

}  // namespace ferry
