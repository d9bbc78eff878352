#include "cli/plan_options.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/postgres/pg_run_schema.h"
#include "mapping/mapping_config.h"
#include "pipeline/run_identity.h"

namespace ferry::cli {

Result<PlanOptions> MakePlanOptions(const std::string& config_path,
                                    const std::vector<std::string>& tables,
                                    const std::vector<std::string>& exclude, bool snake_case,
                                    const std::string& schema) {
  FERRY_RETURN_IF_ERROR(RefuseStateSchema(schema));
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

namespace {

// A table list as the plan uses it: a set (order and repeats change nothing).
std::string TableSet(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The file, however it is spelled (./a.toml, a.toml, /abs/a.toml).
std::string ConfigPath(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : absolute.string();
}

}  // namespace

RunOptions PlanRunOptions(const std::string& config_path, const std::vector<std::string>& tables,
                          const std::vector<std::string>& exclude, bool snake_case,
                          const std::string& schema) {
  RunOptions options = {{"--schema", schema},
                        {"--tables", TableSet(tables)},
                        {"--exclude", TableSet(exclude)},
                        {"--config", ConfigPath(config_path)},
                        {"--snake-case", snake_case ? "true" : "false"}};
  if (!config_path.empty()) {
    // [defaults] snake_case = true is --snake-case (as in PlanBuilder).
    Result<MappingConfig> config = LoadMappingConfig(config_path);
    if (config.ok() && config->snake_case.value_or(false)) options["--snake-case"] = "true";
    std::ifstream in(config_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    options["--config content"] = MakeRunId(text.str(), "", {});
  }
  return options;
}

}  // namespace ferry::cli
