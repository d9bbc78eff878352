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
  FERRY_ASSIGN_OR_RETURN(
      PgResult r, conn.ExecParams("SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON "
                                  "n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
                                  params));
  if (r.rows() == 0) {
    return Status::NotFound("table \"" + std::string(schema) + "\".\"" + std::string(table) +
                            "\" does not exist in the database (check --schema and the table "
                            "name)");
  }
  return PgRowSourceFor(schema, table, r.Get(0, 0) == "p");
}

std::string_view PgRowSourceRelation(std::string_view row_source) {
  if (row_source.starts_with(kOnly)) row_source.remove_prefix(kOnly.size());
  return row_source;
}

}  // namespace ferry
