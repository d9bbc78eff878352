// The type mapping PostgreSQL → PostgreSQL: a column keeps its own type.
//
// A PostgreSQL source column is created in the target as format_type prints
// it ("varchar(40)", "numeric(10,2)", "timestamp(3) with time zone",
// "integer[]", "interval"); a domain as its base type. Types that are not
// built in (enums, composites, extension types, arrays of them) keep their
// name when the target has a type of that name, else become text (their text
// form) with a note. docs/type-mapping.md lists the rules. Pure functions.
#ifndef FERRY_MAPPING_PG_TYPES_H_
#define FERRY_MAPPING_PG_TYPES_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/schema.h"
#include "mapping/sqlite_types.h"

namespace ferry {

// Whether the target has a type of this name (as format_type prints it).
// Empty when the target is not known (ferry plan does not contact it).
using TargetHasType = std::function<bool(const std::string& type_name)>;

// The target type of a PostgreSQL source column and why.
TypeChoice MapPgType(const Column& source, const TargetHasType& has_type);

// What a column's reason adds when its values are read and written in their
// text form ("same type (values move in their text form)").
inline constexpr std::string_view kTextFormNote = "values move in their text form";

// `reason` without kTextFormNote, for a table whose rows pass through as
// the source sends them: "same type", "same type (not built in; the target has it)".
std::string WithoutTextFormNote(std::string reason);

// The source column's default, kept as PostgreSQL SQL when the target type is
// the source's own; nullopt when it is left out (identity and serial columns
// get theirs from the target's identity; a column turned into text drops it).
std::optional<std::string> TranslatePgDefault(const Column& source, const TypeChoice& choice);

}  // namespace ferry

#endif  // FERRY_MAPPING_PG_TYPES_H_
