// ferry.toml (mapping_config.h) → the options of a document plan.
//
// [defaults] objectid, mode, depth and snake_case become DocumentOptions;
// [tables.C] name, mode, depth, exclude and [tables.C.columns."a.b"] name,
// type, exclude become the collection's overrides, keyed by collection and
// dotted field path. Settings already in `base` that came from command-line
// flags win over the file (`flags_set`).
#ifndef FERRY_MAPPING_DOCUMENT_CONFIG_H_
#define FERRY_MAPPING_DOCUMENT_CONFIG_H_

#include "mapping/document_plan.h"
#include "mapping/mapping_config.h"

namespace ferry {

// Which DocumentOptions the command line set (they override ferry.toml).
struct DocumentFlagsSet {
  bool objectid = false;
  bool mode = false;
  bool depth = false;
};

// Fails with InvalidArgument naming the file and line for a column type that
// cannot hold document values.
Result<DocumentPlanOptions> ApplyMappingConfig(const MappingConfig& config,
                                               DocumentPlanOptions base,
                                               DocumentFlagsSet flags_set);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_CONFIG_H_
