// The PlanOptions of the flags `ferry plan`, `ferry copy` and `ferry verify`
// share (--config, --tables, --exclude, --snake-case, --schema), built in one
// place so the three commands always plan the same tables the same way.
#ifndef FERRY_CLI_PLAN_OPTIONS_H_
#define FERRY_CLI_PLAN_OPTIONS_H_

#include <string>
#include <vector>

#include "ferry/status.h"
#include "mapping/plan_builder.h"

namespace ferry::cli {

// Reads ferry.toml when `config_path` is not empty (its errors name the file and line).
Result<PlanOptions> MakePlanOptions(const std::string& config_path,
                                    const std::vector<std::string>& tables,
                                    const std::vector<std::string>& exclude, bool snake_case,
                                    const std::string& schema);

}  // namespace ferry::cli

#endif  // FERRY_CLI_PLAN_OPTIONS_H_
