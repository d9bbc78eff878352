// How `ferry plan` shows a document plan, and the ferry.toml it writes
// (--write-mapping) for the user to edit and pass to `ferry copy --config`.
#ifndef FERRY_MAPPING_DOCUMENT_PLAN_TEXT_H_
#define FERRY_MAPPING_DOCUMENT_PLAN_TEXT_H_

#include <string>

#include "mapping/document_plan.h"

namespace ferry {

// Per collection: the sample, the mode, each table with its columns (name,
// type, the field path it comes from, what the sample held, why the type),
// keys, indexes; then what is not translated or skipped, and warnings.
std::string FormatDocumentPlan(const DocumentPlan& plan);

// A readable ferry.toml: [defaults] with objectid, mode and depth; per
// collection its table name and mode, and per field (keyed by dotted path) its
// column name and type, with what the sample held as a comment.
std::string WriteDocumentMappingToml(const DocumentPlan& plan, const std::string& source_text);

// `text` as a TOML basic string, quotes included ("a \"b\"", "\uFEFFkey").
std::string TomlQuote(std::string_view text);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_PLAN_TEXT_H_
