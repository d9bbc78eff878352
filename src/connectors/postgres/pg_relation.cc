#include "connectors/postgres/pg_relation.h"

#include <optional>

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

constexpr std::string_view kOnly = "ONLY ";

}  // namespace

std::string PgRowSourceFor(std::string_view schema, std::string_view table, bool partitioned) {
  std::string qualified = QualifiedPgName(schema, table);
  return partitioned ? qualified : std::string(kOnly) + qualified;
}

Result<std::string> PgRowSource(PgConnection& conn, std::string_view schema,
                                std::string_view table) {
  std::optional<std::string> params[] = {std::string(schema), std::string(table)};
  // Whether its inheritance children live in its schema (listed as tables of
  // their own) or elsewhere (TimescaleDB's hypertable chunks in
  // _timescaledb_internal, say: read through the parent, or never).
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(R"sql(
    SELECT c.relkind,
           string_agg(k.relname, ', ' ORDER BY k.relname)
             FILTER (WHERE k.relnamespace = c.relnamespace),
           string_agg(kn.nspname || '.' || k.relname, ', ' ORDER BY kn.nspname, k.relname)
             FILTER (WHERE k.relnamespace <> c.relnamespace)
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_inherits i ON i.inhparent = c.oid
      LEFT JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
      LEFT JOIN pg_catalog.pg_namespace kn ON kn.oid = k.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2
     GROUP BY c.oid, c.relkind)sql",
                                                     params));
  if (r.rows() == 0) {
    return Status::NotFound("table \"" + std::string(schema) + "\".\"" + std::string(table) +
                            "\" does not exist in the database (check --schema and the table "
                            "name)");
  }
  bool partitioned = r.Get(0, 0) == "p";
  if (!partitioned && !r.IsNull(0, 2)) {
    if (!r.IsNull(0, 1)) {
      return Status::FailedPrecondition(
          "table " + QualifiedPgName(schema, table) + " has inheritance children in its schema (" +
          std::string(r.Get(0, 1)) + ") and outside it (" + std::string(r.Get(0, 2)) +
          "): its rows cannot be read each once (copy the schemas apart, or detach the children)");
    }
    return QualifiedPgName(schema, table);  // every child's rows come through it
  }
  return PgRowSourceFor(schema, table, partitioned);
}

std::string_view PgRowSourceRelation(std::string_view row_source) {
  if (row_source.starts_with(kOnly)) row_source.remove_prefix(kOnly.size());
  return row_source;
}

}  // namespace ferry
