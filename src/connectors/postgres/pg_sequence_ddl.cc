#include "connectors/postgres/pg_sequence_ddl.h"

#include "connectors/postgres/pg_ddl.h"

namespace ferry {

std::string CreateSequenceSql(const Sequence& s, std::string_view schema) {
  return "CREATE SEQUENCE IF NOT EXISTS " + QualifiedPgName(schema, s.name) + " AS " + s.type +
         " INCREMENT BY " + std::to_string(s.increment) + " MINVALUE " +
         std::to_string(s.min_value) + " MAXVALUE " + std::to_string(s.max_value) + " START WITH " +
         std::to_string(s.start) + " CACHE " + std::to_string(s.cache) +
         (s.cycle ? " CYCLE;" : " NO CYCLE;");
}

std::vector<std::string> SequenceDefaultSql(const TableSchema& table, std::string_view schema) {
  std::vector<std::string> out;
  std::string qualified = QualifiedPgName(schema, table.name);
  for (const Column& column : table.columns) {
    if (column.sequence.empty()) continue;
    std::string sequence = QualifiedPgName(schema, column.sequence);
    std::string name = QuotePgIdentifier(column.name);
    std::string sql = "ALTER TABLE " + qualified + " ALTER COLUMN " + name +
                      " SET DEFAULT nextval(" + QuotePgLiteral(sequence) + "::regclass);";
    if (column.owns_sequence) {
      sql += " ALTER SEQUENCE " + sequence + " OWNED BY " + qualified + "." + name + ";";
    }
    // A table that existed before the copy (--mode append) may have made the
    // column an identity, which takes no default: it keeps its own.
    out.push_back("DO $ferry$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = " +
                  QuotePgLiteral(qualified) +
                  "::regclass AND attname = " + QuotePgLiteral(column.name) +
                  " AND attidentity <> '') THEN " + sql + " END IF; END$ferry$;");
  }
  return out;
}

std::string SetSequenceSql(const Sequence& s, const std::vector<TableSchema>& tables,
                           std::string_view schema) {
  bool up = s.increment > 0;
  std::string sequence = QualifiedPgName(schema, s.name);
  // Its own next value: a later run never moves it back.
  std::string terms = "(SELECT CASE WHEN is_called THEN last_value::numeric + " +
                      std::to_string(s.increment) + " ELSE last_value END FROM " + sequence + ")";
  if (s.next_value) terms += ", " + std::to_string(*s.next_value);
  for (const TableSchema& table : tables) {
    for (const Column& column : table.columns) {
      if (column.sequence != s.name) continue;
      terms += std::string(", (SELECT ") + (up ? "max(" : "min(") + QuotePgIdentifier(column.name) +
               ")::numeric " + (up ? "+ 1" : "- 1") + " FROM " +
               QualifiedPgName(schema, table.name) + ")";
    }
  }
  std::string value = up ? "LEAST(GREATEST(" + terms + "), " + std::to_string(s.max_value) + ")"
                         : "GREATEST(LEAST(" + terms + "), " + std::to_string(s.min_value) + ")";
  return "SELECT setval(" + QuotePgLiteral(sequence) + ", " + value + "::bigint, false);";
}

std::vector<std::string> SequencesSql(const std::vector<Sequence>& sequences,
                                      const std::vector<TableSchema>& tables,
                                      std::string_view schema) {
  std::vector<std::string> out;
  for (const Sequence& s : sequences) out.push_back(CreateSequenceSql(s, schema));
  for (const TableSchema& table : tables) {
    for (std::string& sql : SequenceDefaultSql(table, schema)) out.push_back(std::move(sql));
  }
  for (const Sequence& s : sequences) out.push_back(SetSequenceSql(s, tables, schema));
  return out;
}

}  // namespace ferry
