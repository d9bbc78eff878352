#include "cli/plan_options.h"

#include "mapping/mapping_config.h"

namespace ferry::cli {

Result<PlanOptions> MakePlanOptions(const std::string& config_path,
                                    const std::vector<std::string>& tables,
                                    const std::vector<std::string>& exclude, bool snake_case,
                                    const std::string& schema) {
  PlanOptions options;
  if (!config_path.empty()) {
    FERRY_ASSIGN_OR_RETURN(options.config, LoadMappingConfig(config_path));
  }
  options.tables = tables;
  options.exclude = exclude;
  options.snake_case = snake_case;
  options.target_schema = schema;
  return options;
}

}  // namespace ferry::cli
