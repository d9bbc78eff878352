// The ferry.toml `ferry plan --write-mapping` writes for a document source, for
// the user to edit and pass to `ferry copy --config` (mapping_config.h reads it).
#ifndef FERRY_MAPPING_DOCUMENT_MAPPING_FILE_H_
#define FERRY_MAPPING_DOCUMENT_MAPPING_FILE_H_

#include <string>

#include "mapping/document_plan.h"

namespace ferry {

// A readable ferry.toml: [defaults] with objectid, mode and depth; per
// collection its table name and mode, and per field (keyed by dotted path) its
// column name and type, with what the sample held as a comment.
std::string WriteDocumentMappingToml(const DocumentPlan& plan, const std::string& source_text);

// `text` as a TOML basic string, quotes included ("a \"b\"", "\uFEFFkey").
std::string TomlQuote(std::string_view text);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_MAPPING_FILE_H_
