#include "mapping/sqlite_types.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "mapping/type_name.h"

namespace ferry {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TargetType Parsed(std::string_view pg_type) { return ParseTargetType(pg_type).value(); }

// Declared names that say more than their affinity: matched on the base name.
struct NamedRule {
  std::string_view base;
  std::string_view pg_type;
  std::string_view why;
};

constexpr NamedRule kNamedRules[] = {
    {"BOOLEAN", "boolean", "SQLite stores booleans as 0/1"},
    {"BOOL", "boolean", "SQLite stores booleans as 0/1"},
    {"DATE", "date", "ISO-8601 text, unix seconds or Julian day numbers are read as dates"},
    {"DATETIME", "timestamp", "ISO-8601 text, unix seconds or Julian days; SQLite keeps no zone"},
    {"TIMESTAMP", "timestamp", "ISO-8601 text, unix seconds or Julian days; SQLite keeps no zone"},
    {"TIMESTAMPTZ", "timestamptz", "values without an offset are UTC, as in SQLite"},
    {"TIMESTAMP WITH TIME ZONE", "timestamptz", "values without an offset are UTC, as in SQLite"},
    {"TIME", "time", "HH:MM[:SS[.SSS]] text"},
    {"JSON", "jsonb", "JSON text, validated"},
    {"JSONB", "jsonb", "JSON text, validated"},
    {"UUID", "uuid", "36-character text or 16-byte blobs"},
    {"ANY", "text", "STRICT tables' ANY keeps values as stored, like no declared type"},
    {"GUID", "uuid", "36-character text or 16-byte blobs"},
    // The names a ferry SQLite target writes (connectors/sqlite/sqlite_ddl.h),
    // each with the affinity that keeps its values as bound.
    {"INT2", "smallint", "a ferry SQLite target's int16"},
    {"INT4", "integer", "a ferry SQLite target's int32"},
    {"FLOAT4_BLOB", "real", "REAL values kept bit for bit (BLOB affinity keeps -0.0)"},
    {"FLOAT8_BLOB", "double precision", "REAL values kept bit for bit (BLOB affinity keeps -0.0)"},
    {"JSON_TEXT", "json", "JSON text in a TEXT-affinity column, validated"},
    {"JSONB_TEXT", "jsonb", "JSON text in a TEXT-affinity column, validated"},
    {"UNIQUEIDENTIFIER", "uuid", "36-character text or 16-byte blobs"},
};

bool IsVaryingText(const std::string& base) {
  return base == "VARCHAR" || base == "NVARCHAR" || base == "VARCHAR2" || base == "NVARCHAR2" ||
         base == "CHARACTER VARYING" || base == "VARYING CHARACTER" || base == "NCHAR VARYING" ||
         base == "NATIVE CHARACTER";
}

bool IsFixedText(const std::string& base) {
  return base == "CHAR" || base == "NCHAR" || base == "CHARACTER";
}

std::string Declared(std::string_view declared, SqliteAffinity affinity) {
  return "declared " + std::string(declared) + ", " + std::string(SqliteAffinityName(affinity)) +
         " affinity: ";
}

TypeChoice MapByAffinity(std::string_view declared, const TypeName& name, SqliteAffinity affinity) {
  std::string prefix = Declared(declared, affinity);
  switch (affinity) {
    case SqliteAffinity::kInteger:
      return {Parsed("bigint"),
              prefix + "bigint (SQLite integers are 64-bit whatever size is declared)"};
    case SqliteAffinity::kText: {
      bool sized = name.valid && name.args.size() == 1 && name.args[0] > 0;
      if (sized && IsVaryingText(name.base)) {
        std::string t = "varchar(" + std::to_string(name.args[0]) + ")";
        return {Parsed(t), prefix + t + " keeps the declared length (SQLite does not enforce it)"};
      }
      if (sized && IsFixedText(name.base)) {
        std::string t = "char(" + std::to_string(name.args[0]) + ")";
        return {Parsed(t), prefix + t + " keeps the declared length (PostgreSQL pads with spaces)"};
      }
      return {Parsed("text"), prefix + "text"};
    }
    case SqliteAffinity::kBlob:
      return {Parsed("bytea"), prefix + "bytea"};
    case SqliteAffinity::kReal:
      return {Parsed("double precision"), prefix + "double precision (SQLite REAL is 8 bytes)"};
    case SqliteAffinity::kNumeric:
      break;
  }
  return {Parsed("numeric"), prefix + "numeric (exact; no declared name said more)"};
}

TypeChoice MapNumeric(std::string_view declared, const TypeName& name) {
  std::string prefix = Declared(declared, AffinityOf(declared));
  if (name.has_args) {
    std::string spelled = "numeric(" + std::to_string(name.args.empty() ? 0 : name.args[0]);
    if (name.args.size() > 1) spelled += "," + std::to_string(name.args[1]);
    spelled += ")";
    Result<TargetType> t = ParseTargetType(spelled);
    if (name.valid && t.ok()) return {*t, prefix + t->pg_type + " keeps precision and scale"};
    return {Parsed("numeric"), prefix +
                                   "numeric (the declared precision is not valid in "
                                   "PostgreSQL, so it is left unconstrained)"};
  }
  return {Parsed("numeric"), prefix + "numeric"};
}

}  // namespace

std::string_view SqliteAffinityName(SqliteAffinity affinity) {
  switch (affinity) {
    case SqliteAffinity::kInteger:
      return "INTEGER";
    case SqliteAffinity::kText:
      return "TEXT";
    case SqliteAffinity::kBlob:
      return "BLOB";
    case SqliteAffinity::kReal:
      return "REAL";
    case SqliteAffinity::kNumeric:
      return "NUMERIC";
  }
  return "NUMERIC";
}

SqliteAffinity AffinityOf(std::string_view declared_type) {
  std::string upper = Upper(declared_type);
  if (Contains(upper, "INT")) return SqliteAffinity::kInteger;
  if (Contains(upper, "CHAR") || Contains(upper, "CLOB") || Contains(upper, "TEXT")) {
    return SqliteAffinity::kText;
  }
  if (Contains(upper, "BLOB") || upper.find_first_not_of(" \t\r\n") == std::string::npos) {
    return SqliteAffinity::kBlob;
  }
  if (Contains(upper, "REAL") || Contains(upper, "FLOA") || Contains(upper, "DOUB")) {
    return SqliteAffinity::kReal;
  }
  return SqliteAffinity::kNumeric;
}

TypeChoice MapSqliteType(std::string_view declared_type) {
  TypeName name = SplitTypeName(declared_type);
  if (name.base.empty()) {
    return {Parsed("text"), "no declared type: text (set a type in ferry.toml for another)"};
  }
  SqliteAffinity affinity = AffinityOf(declared_type);
  for (const NamedRule& rule : kNamedRules) {
    if (rule.base != name.base) continue;
    return {Parsed(rule.pg_type), Declared(declared_type, affinity) + std::string(rule.pg_type) +
                                      " (" + std::string(rule.why) + ")"};
  }
  // NUMERIC_TEXT: a ferry SQLite target's numeric, digits as text (TEXT affinity).
  if (name.base == "NUMERIC" || name.base == "DECIMAL" || name.base == "NUMERIC_TEXT") {
    return MapNumeric(declared_type, name);
  }
  return MapByAffinity(declared_type, name, affinity);
}

}  // namespace ferry
