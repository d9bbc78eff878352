// What each `ferry migrate` subcommand does once its options are parsed.
// Each returns the process exit code and prints errors through the log.
#ifndef FERRY_CLI_MIGRATE_ACTIONS_H_
#define FERRY_CLI_MIGRATE_ACTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrate/migration_add.h"

namespace ferry::cli {

// The options of every subcommand; each uses the ones it registers.
struct MigrateOptions {
  std::optional<std::string> database_url;
  std::optional<std::string> source;
  std::optional<std::string> config;
  bool json = false;
  double lock_timeout_seconds = 0;  // 0: wait without limit
  std::string lock = "auto";
  std::optional<int64_t> target_version;
  bool dry_run = false;
  bool out_of_order = false;
  bool ignore_missing = false;
  bool ignore_other_history = false;
  std::optional<int64_t> baseline_version;
  std::optional<std::string> from_history;  // baseline: golang-migrate, flyway, dbmate, diesel
  std::vector<std::string> description;     // words of `add`'s description
  migrate::AddOptions add;
};

int RunRun(const MigrateOptions& o);
int RunRevert(const MigrateOptions& o);
int RunInfo(const MigrateOptions& o);
int RunValidate(const MigrateOptions& o);
int RunRepair(const MigrateOptions& o);
int RunBaseline(const MigrateOptions& o);
int RunAdd(MigrateOptions o);

}  // namespace ferry::cli

#endif  // FERRY_CLI_MIGRATE_ACTIONS_H_
