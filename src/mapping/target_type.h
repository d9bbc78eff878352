// TargetType: a PostgreSQL column type as ferry creates it, with its parameters.
//
// One parser for every spelling ferry accepts: the type mapping produces these
// strings, ferry.toml may name them (`type = "varchar(20)"`), and the
// RowTransform reads the parameters back (length, precision, scale) to check
// values against them. Plain data; the functions are pure and thread-safe.
#ifndef FERRY_MAPPING_TARGET_TYPE_H_
#define FERRY_MAPPING_TARGET_TYPE_H_

#include <string>
#include <string_view>

#include "ferry/logical_type.h"
#include "ferry/status.h"

namespace ferry {

struct TargetType {
  LogicalType type = LogicalType::kText;
  std::string pg_type;        // canonical spelling: "bigint", "varchar(40)", "numeric(10,2)"
  int length = -1;            // varchar(n)/char(n): n characters; -1 when unlimited
  bool fixed_length = false;  // char(n): PostgreSQL pads with spaces
  int precision = -1;         // numeric(p,s): p; -1 when unconstrained
  int scale = -1;             // numeric(p,s): s; -1 when unconstrained
};

// Parses a PostgreSQL type name, case-insensitively: smallint/int2, integer/int/int4,
// bigint/int8, real/float4, double precision/float8, numeric/decimal[(p[,s])],
// text, varchar(n)/character varying(n), char(n)/character(n), bytea, boolean/bool,
// date, time, timestamp, timestamptz (and the "with/without time zone" spellings),
// uuid, json, jsonb; also ferry's logical type names (int64, float64, ...).
// Fails with InvalidArgument listing these when `text` is none of them.
Result<TargetType> ParseTargetType(std::string_view text);

}  // namespace ferry

#endif  // FERRY_MAPPING_TARGET_TYPE_H_
