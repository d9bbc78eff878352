#include "mapping/target_type.h"

#include <string>

#include "mapping/type_name.h"

namespace ferry {
namespace {

struct SimpleType {
  std::string_view name;  // upper case, as SplitTypeName gives it
  LogicalType type;
  std::string_view pg_type;
};

// Types without parameters, by every accepted spelling.
constexpr SimpleType kSimpleTypes[] = {
    {"SMALLINT", LogicalType::kInt16, "smallint"},
    {"INT2", LogicalType::kInt16, "smallint"},
    {"INT16", LogicalType::kInt16, "smallint"},
    {"INTEGER", LogicalType::kInt32, "integer"},
    {"INT", LogicalType::kInt32, "integer"},
    {"INT4", LogicalType::kInt32, "integer"},
    {"INT32", LogicalType::kInt32, "integer"},
    {"BIGINT", LogicalType::kInt64, "bigint"},
    {"INT8", LogicalType::kInt64, "bigint"},
    {"INT64", LogicalType::kInt64, "bigint"},
    {"REAL", LogicalType::kFloat32, "real"},
    {"FLOAT4", LogicalType::kFloat32, "real"},
    {"FLOAT32", LogicalType::kFloat32, "real"},
    {"DOUBLE PRECISION", LogicalType::kFloat64, "double precision"},
    {"FLOAT8", LogicalType::kFloat64, "double precision"},
    {"FLOAT64", LogicalType::kFloat64, "double precision"},
    {"TEXT", LogicalType::kText, "text"},
    {"BYTEA", LogicalType::kBytes, "bytea"},
    {"BYTES", LogicalType::kBytes, "bytea"},
    {"BOOLEAN", LogicalType::kBool, "boolean"},
    {"BOOL", LogicalType::kBool, "boolean"},
    {"DATE", LogicalType::kDate, "date"},
    {"TIME", LogicalType::kTime, "time"},
    {"TIME WITHOUT TIME ZONE", LogicalType::kTime, "time"},
    {"TIMESTAMP", LogicalType::kTimestamp, "timestamp"},
    {"TIMESTAMP WITHOUT TIME ZONE", LogicalType::kTimestamp, "timestamp"},
    {"TIMESTAMPTZ", LogicalType::kTimestampTz, "timestamptz"},
    {"TIMESTAMP WITH TIME ZONE", LogicalType::kTimestampTz, "timestamptz"},
    {"UUID", LogicalType::kUuid, "uuid"},
    {"JSON", LogicalType::kJson, "jsonb"},
    {"JSONB", LogicalType::kJson, "jsonb"},
};

constexpr std::string_view kAccepted =
    "smallint, integer, bigint, real, double precision, numeric(p,s), text, varchar(n), "
    "char(n), bytea, boolean, date, time, timestamp, timestamptz, uuid, jsonb";

Status Unknown(std::string_view text, std::string_view why) {
  return Status::InvalidArgument("type '" + std::string(text) + "' " + std::string(why) +
                                 "; ferry creates: " + std::string(kAccepted));
}

Result<TargetType> ParseNumeric(std::string_view text, const TypeName& name) {
  TargetType t{LogicalType::kNumeric, "numeric"};
  if (!name.has_args) return t;
  if (name.args.empty() || name.args.size() > 2) return Unknown(text, "takes (precision[,scale])");
  t.precision = name.args[0];
  t.scale = name.args.size() == 2 ? name.args[1] : 0;
  if (t.precision < 1 || t.precision > 1000 || t.scale < 0 || t.scale > t.precision) {
    return Unknown(text, "needs 1 <= precision <= 1000 and 0 <= scale <= precision");
  }
  t.pg_type = "numeric(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
  return t;
}

Result<TargetType> ParseCharacter(std::string_view text, const TypeName& name, bool fixed) {
  TargetType t{LogicalType::kText, fixed ? "char" : "varchar"};
  t.fixed_length = fixed;
  if (!name.has_args) {
    // PostgreSQL's bare char is char(1); varchar without a length is unlimited.
    if (fixed) t.length = 1;
  } else if (name.args.size() != 1 || name.args[0] < 1 || name.args[0] > 10485760) {
    return Unknown(text, "takes one length between 1 and 10485760");
  } else {
    t.length = name.args[0];
  }
  if (t.length > 0) t.pg_type += "(" + std::to_string(t.length) + ")";
  return t;
}

}  // namespace

Result<TargetType> ParseTargetType(std::string_view text) {
  TypeName name = SplitTypeName(text);
  if (!name.valid) return Unknown(text, "has malformed parameters");
  const std::string& base = name.base;
  if (base == "NUMERIC" || base == "DECIMAL") return ParseNumeric(text, name);
  if (base == "VARCHAR" || base == "CHARACTER VARYING") return ParseCharacter(text, name, false);
  if (base == "CHAR" || base == "CHARACTER" || base == "BPCHAR") {
    return ParseCharacter(text, name, true);
  }
  if (base == "FLOAT" && !name.has_args) return ParseTargetType("double precision");
  for (const SimpleType& simple : kSimpleTypes) {
    if (simple.name != base) continue;
    if (name.has_args) return Unknown(text, "takes no parameters");
    return TargetType{simple.type, std::string(simple.pg_type)};
  }
  return Unknown(text, "is not one ferry knows");
}

}  // namespace ferry
