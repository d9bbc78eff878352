#include "mapping/pg_types.h"

namespace ferry {

TypeChoice MapPgType(const Column& source, const TargetHasType& has_type) {
  TypeChoice choice;
  choice.target.type = source.type;
  choice.target.pg_type = source.native_type;
  if (!source.custom_type) {
    bool text_form = source.type == LogicalType::kText && source.native_type != "text" &&
                     source.native_type.rfind("character", 0) != 0 && source.native_type != "name";
    choice.reason = text_form ? "same type (" + std::string(kTextFormNote) + ")" : "same type";
    return choice;
  }
  if (!has_type) {
    choice.reason = source.native_type +
                    " is not built in: kept when the target has it, else text (ferry copy "
                    "checks the target)";
  } else if (has_type(source.native_type)) {
    choice.reason =
        "same type (not built in; the target has it; " + std::string(kTextFormNote) + ")";
  } else {
    choice.target.pg_type = "text";
    choice.reason = "the target has no type " + source.native_type +
                    ": text (create the type there and copy again with --mode replace to keep it)";
  }
  return choice;
}

std::string WithoutTextFormNote(std::string reason) {
  for (std::string note :
       {" (" + std::string(kTextFormNote) + ")", "; " + std::string(kTextFormNote)}) {
    size_t at = reason.find(note);
    if (at != std::string::npos) return reason.erase(at, note.size());
  }
  return reason;
}

std::optional<std::string> TranslatePgDefault(const Column& source, const TypeChoice& choice) {
  if (!source.default_expression || source.auto_increment) return std::nullopt;
  if (choice.target.pg_type != source.native_type) return std::nullopt;
  return source.default_expression;
}

}  // namespace ferry
