#include "cli/plan_options.h"

#include <fstream>
#include <sstream>

#include "mapping/mapping_config.h"
#include "pipeline/run_identity.h"

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

RunOptions PlanRunOptions(const std::string& config_path, const std::vector<std::string>& tables,
                          const std::vector<std::string>& exclude, bool snake_case,
                          const std::string& schema) {
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  RunOptions options = {{"--schema", schema},
                        {"--tables", join(tables)},
                        {"--exclude", join(exclude)},
                        {"--config", config_path},
                        {"--snake-case", snake_case ? "true" : "false"}};
  if (!config_path.empty()) {
    std::ifstream in(config_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    options["--config content"] = MakeRunId(text.str(), "", {});
  }
  return options;
}

}  // namespace ferry::cli
