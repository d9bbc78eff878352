// FormatMappingConfig: a Plan as the ferry.toml that reproduces it
// (`ferry plan --write-mapping FILE`), for the user to edit and pass back with --config.
#ifndef FERRY_MAPPING_MAPPING_WRITER_H_
#define FERRY_MAPPING_MAPPING_WRITER_H_

#include <string>

#include "ferry/schema.h"
#include "mapping/plan.h"

namespace ferry {

// Every table of `schema`: planned ones with their target name and, per
// column, its target name and PostgreSQL type (excluded columns with
// exclude = true); the others with exclude = true. Names are written as
// created, so reading the file back needs no snake_case. TOML text, written
// with toml++.
std::string FormatMappingConfig(const DatabaseSchema& schema, const Plan& plan);

}  // namespace ferry

#endif  // FERRY_MAPPING_MAPPING_WRITER_H_
