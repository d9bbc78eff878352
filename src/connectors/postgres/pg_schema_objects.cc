#include "connectors/postgres/pg_schema_objects.h"

#include <optional>
#include <string_view>

namespace ferry {
namespace {

// Objects that are part of an extension come and go with it (CREATE EXTENSION);
// those internal to another object (a range type's constructor functions) with that.
constexpr const char* kNotInExtension =
    " NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = {oid} AND e.deptype IN ('e', 'i'))";

std::string NotInExtension(std::string_view oid) {
  std::string out = kNotInExtension;
  out.replace(out.find("{oid}"), 5, oid);
  return out;
}

// (kind, name, detail) per object; detail is what the reason quotes.
std::string ObjectsSql() {
  return R"sql(
SELECT 'inheritance', c.relname, pn.nspname || '.' || p.relname
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE n.nspname = $1 AND NOT c.relispartition
UNION ALL
SELECT 'partition', c.relname, r.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class r ON r.oid = pg_partition_root(c.oid)
WHERE n.nspname = $1 AND c.relispartition
UNION ALL
SELECT 'generated column', c.relname || '.' || a.attname, pg_get_expr(d.adbin, d.adrelid)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND a.attgenerated <> '' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                      WHEN 'w' THEN 'window function' ELSE 'function' END,
       p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', ''
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("p.oid") + R"sql(
UNION ALL
SELECT 'rule', c.relname || '.' || r.rulename, ''
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND r.rulename <> '_RETURN'
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'e' THEN 'enum type'
                      WHEN 'r' THEN 'range type' ELSE 'composite type' END,
       t.typname, CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1 AND (t.typtype IN ('d', 'e', 'r') OR (t.typtype = 'c' AND
      (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')) AND )sql" +
         NotInExtension("t.oid") + R"sql(
UNION ALL
SELECT 'statistics', s.stxname, ''
FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE n.nspname = $1
UNION ALL
SELECT 'collation', co.collname, ''
FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("co.oid") + R"sql(
UNION ALL
SELECT 'operator', o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' ||
       format_type(o.oprright, NULL) || ')', ''
FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("o.oid") + R"sql(
UNION ALL
SELECT 'operator class', oc.opcname || ' USING ' || am.amname, ''
FROM pg_opclass oc JOIN pg_namespace n ON n.oid = oc.opcnamespace
JOIN pg_am am ON am.oid = oc.opcmethod
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("oc.oid") + R"sql(
UNION ALL
SELECT 'operator family', f.opfname || ' USING ' || am.amname, ''
FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("f.oid") + R"sql(
UNION ALL
SELECT 'text search configuration', t.cfgname, ''
FROM pg_ts_config t JOIN pg_namespace n ON n.oid = t.cfgnamespace
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("t.oid") + R"sql(
UNION ALL
SELECT 'text search dictionary', t.dictname, ''
FROM pg_ts_dict t JOIN pg_namespace n ON n.oid = t.dictnamespace
WHERE n.nspname = $1 AND )sql" +
         NotInExtension("t.oid") + R"sql(
UNION ALL
SELECT 'comment', c.relname || coalesce('.' || a.attname, ''), d.description
FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
UNION ALL
SELECT 'grant', c.relname, c.relacl::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
UNION ALL
SELECT 'grant', c.relname || '.' || a.attname, a.attacl::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND a.attacl IS NOT NULL AND a.attnum > 0
UNION ALL
SELECT 'grant', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       p.proacl::text
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.proacl IS NOT NULL
UNION ALL
SELECT 'default privileges', pg_get_userbyid(d.defaclrole) || ' ' || d.defaclobjtype::text,
       d.defaclacl::text
FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
WHERE n.nspname = $1 OR d.defaclnamespace = 0
UNION ALL
SELECT 'extension', extname, extversion FROM pg_extension WHERE extname <> 'plpgsql'
UNION ALL
SELECT 'event trigger', evtname, evtevent FROM pg_event_trigger
UNION ALL
SELECT 'publication', pubname, '' FROM pg_publication
UNION ALL
SELECT 'foreign data wrapper', w.fdwname, ''
FROM pg_foreign_data_wrapper w WHERE )sql" +
         NotInExtension("w.oid") + R"sql(
UNION ALL
SELECT 'foreign server', srvname, '' FROM pg_foreign_server
UNION ALL
SELECT 'subscription', subname, '' FROM pg_subscription WHERE subdbid =
  (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY 1, 2)sql";
}

std::string Reason(std::string_view kind, const std::string& name, const std::string& detail) {
  if (kind == "inheritance") {
    return "inherits from " + detail +
           ": copied as a table of its own holding only its own rows "
           "(and the parent only its own); the link is not recreated (ALTER TABLE " +
           name + " INHERIT ... in the target, once both are copied)";
  }
  if (kind == "partition") {
    size_t space = detail.find(' ');
    return "its rows are copied into table " + detail.substr(0, space) +
           " (read through it, as one plain table); the partition " + detail.substr(space + 1) +
           " is not recreated";
  }
  if (kind == "generated column") {
    return "its values are copied into a plain column; GENERATED ALWAYS AS (" + detail +
           ") STORED is not recreated";
  }
  if (kind == "domain") {
    return "columns of it are created with its base type " + detail +
           "; the domain and its constraints are not created";
  }
  if (kind == "enum type" || kind == "range type" || kind == "composite type") {
    return "not created in the target; columns of it keep it where the target has it, "
           "else they are text";
  }
  if (kind == "comment") return "comments are not copied (COMMENT ON ... in the target)";
  if (kind == "grant" || kind == "default privileges") {
    return "privileges " + detail + " are not copied; GRANT them in the target";
  }
  if (kind == "extension") {
    return "version " + detail + "; create it in the target (CREATE EXTENSION " + name + ")";
  }
  if (kind == "event trigger") return "on " + detail + "; not copied, recreate it in the target";
  return "not copied; recreate it in the target (pg_dump --schema-only has its definition)";
}

// The catalog gives a generated column's expression as its default, which no
// target accepts as one (it names other columns): the column keeps its values only.
void ForgetGenerationExpression(const std::string& table_dot_column, DatabaseSchema* database) {
  for (TableSchema& table : database->tables) {
    if (!table_dot_column.starts_with(table.name + ".")) continue;
    int index = table.ColumnIndex(table_dot_column.substr(table.name.size() + 1));
    if (index >= 0) table.columns[index].default_expression = std::nullopt;
  }
}

}  // namespace

Status ReadPgSchemaObjects(PgConnection& conn, const std::string& schema,
                           DatabaseSchema* database) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(ObjectsSql(), params));
  for (int i = 0; i < r.rows(); ++i) {
    std::string kind(r.Get(i, 0)), name(r.Get(i, 1)), detail(r.Get(i, 2));
    if (kind == "generated column") ForgetGenerationExpression(name, database);
    database->skipped.push_back({kind, name, Reason(kind, name, detail)});
  }
  return Status::OK();
}

}  // namespace ferry
