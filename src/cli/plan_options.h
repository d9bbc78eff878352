// The PlanOptions of the flags `ferry plan`, `ferry copy` and `ferry verify`
// share (--config, --tables, --exclude, --snake-case, --schema), built in one
// place so the three commands always plan the same tables the same way.
#ifndef FERRY_CLI_PLAN_OPTIONS_H_
#define FERRY_CLI_PLAN_OPTIONS_H_

#include <string>
#include <vector>

#include "ferry/run_store.h"
#include "ferry/status.h"
#include "mapping/plan_builder.h"

namespace ferry::cli {

// Reads ferry.toml when `config_path` is not empty (its errors name the file and line).
// InvalidArgument when `schema` is ferry's own state schema (_ferry).
Result<PlanOptions> MakePlanOptions(const std::string& config_path,
                                    const std::vector<std::string>& tables,
                                    const std::vector<std::string>& exclude, bool snake_case,
                                    const std::string& schema);

// The run options (ferry/run_store.h) these flags stand for, as `ferry copy`
// records them in a run: --schema, --tables, --exclude, --config (and a hash of
// its content), --snake-case. Copy adds its own; verify compares these with a
// run's to know whether the run's digests are of the tables it compares.
// Values are effective, not as typed: the table lists as sorted sets, the
// config file as an absolute path, so that spellings of the same options give
// the same run.
RunOptions PlanRunOptions(const std::string& config_path, const std::vector<std::string>& tables,
                          const std::vector<std::string>& exclude, bool snake_case,
                          const std::string& schema);

}  // namespace ferry::cli

#endif  // FERRY_CLI_PLAN_OPTIONS_H_
