#include "cli/migrate_actions.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/migrate_output.h"
#include "core/log.h"
#include "ferry/endpoint.h"
#include "migrate/migration_add.h"
#include "migrate/migration_source.h"
#include "migrate/migration_target.h"
#include "migrate/migrator.h"
#include "migrate/sqlx_config.h"

namespace ferry::cli {

namespace fs = std::filesystem;

namespace {
using migrate::Migrator;

// Everything a command needs once options are read.
struct Context {
  migrate::SqlxConfig config;
  fs::path source;
  std::vector<migrate::Migration> migrations;
  std::unique_ptr<migrate::MigrationTarget> target;
};

int Fail(const Status& status) {
  spdlog::error("{}", RedactSecrets(status.message()));
  return kExitFailure;
}

// sqlx.toml from --config, else ./sqlx.toml when present (as sqlx-cli does).
Result<migrate::SqlxConfig> LoadConfig(const MigrateOptions& o) {
  if (o.config) return migrate::LoadSqlxConfig(*o.config);
  if (!fs::exists("sqlx.toml")) return migrate::SqlxConfig{};
  spdlog::info("reading sqlx.toml in the current directory");
  return migrate::LoadSqlxConfig("sqlx.toml");
}

// Reads sqlx.toml and the migrations, then opens the database.
Result<Context> OpenContext(const MigrateOptions& o, bool create) {
  Context c;
  FERRY_ASSIGN_OR_RETURN(c.config, LoadConfig(o));
  c.source = o.source ? *o.source : c.config.migrations_dir.value_or("migrations");
  FERRY_ASSIGN_OR_RETURN(c.migrations, migrate::LoadMigrations(c.source, c.config.ignored_chars));
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, ResolveDatabaseUrl(o.database_url));
  migrate::LockOptions lock;
  lock.timeout = std::chrono::milliseconds(static_cast<int64_t>(o.lock_timeout_seconds * 1000));
  lock.on_wait = [](const std::string& message) { spdlog::warn("{}", message); };
  FERRY_ASSIGN_OR_RETURN(migrate::LockKind kind, migrate::ParseLockKind(o.lock));
  FERRY_ASSIGN_OR_RETURN(
      c.target, migrate::OpenMigrationTarget(endpoint, kind, lock, c.config.history, create));
  return c;
}

// Prints steps as they happen (text) or collects them for one JSON document.
class StepPrinter {
 public:
  explicit StepPrinter(bool json) : json_(json) {}
  void operator()(const migrate::Step& step) {
    if (json_) {
      steps_.push_back(StepJson(step));
    } else {
      PrintStepText(step, std::cout);
      std::cout.flush();
    }
  }
  // Ends the output of a command that returned `count` steps or an error. In
  // JSON, the steps done before an error are listed with it.
  int Finish(bool dry_run, const Result<int>& count, std::string_view none_message) {
    if (!json_) {
      if (!count.ok()) return Fail(count.status());
      if (*count == 0) std::cout << none_message << "\n";
      return kExitOk;
    }
    std::cout << "{\"dry_run\": " << (dry_run ? "true" : "false") << ", \"steps\": [";
    for (size_t i = 0; i < steps_.size(); ++i) std::cout << (i ? ",\n  " : "\n  ") << steps_[i];
    std::cout << (steps_.empty() ? "]" : "\n]");
    if (!count.ok()) {
      std::cout << ", \"error\": " << JsonString(RedactSecrets(count.status().message()));
    }
    std::cout << "}\n";
    return count.ok() ? kExitOk : Fail(count.status());
  }

 private:
  bool json_;
  std::vector<std::string> steps_;
};

Migrator MakeMigrator(Context& c, StepPrinter& printer) {
  return Migrator(c.migrations, *c.target->db, *c.target->lock, c.config.ignored_chars,
                  [&printer](const migrate::Step& step) { printer(step); });
}

// The take-over advice when another tool manages the database and ferry's history is empty.
Result<std::optional<std::string>> OtherToolAdvice(Migrator& migrator) {
  FERRY_ASSIGN_OR_RETURN(std::vector<migrate::ForeignHistory> found, migrator.OtherHistories());
  if (found.empty()) return std::optional<std::string>();
  return std::optional<std::string>(migrate::TakeOverAdvice(found));
}

}  // namespace

int RunRun(const MigrateOptions& o) {
  Result<Context> c = OpenContext(o, /*create=*/!o.dry_run);
  if (!c.ok()) return Fail(c.status());
  StepPrinter printer(o.json);
  Migrator migrator = MakeMigrator(*c, printer);
  Result<int> count = migrator.Run(
      {o.target_version, o.dry_run, o.out_of_order, o.ignore_missing, o.ignore_other_history});
  return printer.Finish(o.dry_run, count, "Nothing to apply: the database is up to date");
}

int RunRevert(const MigrateOptions& o) {
  Result<Context> c = OpenContext(o, /*create=*/false);
  if (!c.ok()) return Fail(c.status());
  StepPrinter printer(o.json);
  Migrator migrator = MakeMigrator(*c, printer);
  Result<int> count = migrator.Revert({o.target_version, o.dry_run});
  if (count.ok() && *count == 0) {
    // Nothing in ferry's history, but perhaps in another tool's: say how to take it over.
    Result<std::optional<std::string>> advice = OtherToolAdvice(migrator);
    if (advice.ok() && *advice) spdlog::warn("{}", **advice);
  }
  // sqlx-cli's words; with --target-version 0 (everything) the same as without.
  std::string none = "No migrations available to revert";
  if (o.target_version.value_or(0) != 0) {
    none += ": none newer than version " + std::to_string(*o.target_version) + " is applied";
  }
  return printer.Finish(o.dry_run, count, none);
}

int RunInfo(const MigrateOptions& o) {
  Result<Context> c = OpenContext(o, /*create=*/false);
  if (!c.ok()) return Fail(c.status());
  StepPrinter printer(o.json);
  Migrator migrator = MakeMigrator(*c, printer);
  Result<std::vector<migrate::MigrationStatus>> statuses = migrator.Statuses();
  if (!statuses.ok()) return Fail(statuses.status());
  Result<std::optional<std::string>> advice = OtherToolAdvice(migrator);
  if (!advice.ok()) return Fail(advice.status());
  if (*advice) spdlog::warn("{}", **advice);
  if (o.json) {
    std::cout << InfoJson(*statuses);
  } else {
    PrintInfoText(*statuses, std::cout);
  }
  return kExitOk;
}

int RunValidate(const MigrateOptions& o) {
  Result<Context> c = OpenContext(o, /*create=*/false);
  if (!c.ok()) return Fail(c.status());
  StepPrinter printer(o.json);
  Migrator migrator = MakeMigrator(*c, printer);
  Result<std::vector<migrate::MigrationStatus>> statuses = migrator.Statuses();
  if (!statuses.ok()) return Fail(statuses.status());
  std::vector<std::string> problems;
  for (const migrate::MigrationStatus& s : *statuses) {
    if (s.IsProblem())
      problems.push_back(std::string(migrate::StateName(s.state)) + ": " +
                         migrate::DescribeProblem(s));
  }
  // `run` would refuse such a database: so does validate, with the way over.
  Result<std::optional<std::string>> advice = OtherToolAdvice(migrator);
  if (!advice.ok()) return Fail(advice.status());
  if (*advice) problems.push_back("other tool: " + **advice);
  if (o.json) {
    std::cout << "{\"ok\": " << (problems.empty() ? "true" : "false") << ", \"problems\": [";
    for (size_t i = 0; i < problems.size(); ++i)
      std::cout << (i ? ", " : "") << JsonString(problems[i]);
    std::cout << "]}\n";
  } else if (problems.empty()) {
    std::cout << "ok: every applied migration matches its file (" << statuses->size()
              << " migrations)\n";
  } else {
    for (const std::string& p : problems) std::cout << p << "\n";
    std::cout
        << problems.size() << " problem(s): restore the files, or after review run "
        << "`ferry migrate repair`; for a failed migration see `ferry migrate run`'s advice\n";
  }
  return problems.empty() ? kExitOk : kExitFailure;
}

int RunRepair(const MigrateOptions& o) {
  Result<Context> c = OpenContext(o, /*create=*/false);
  if (!c.ok()) return Fail(c.status());
  StepPrinter printer(o.json);
  Result<std::vector<migrate::RepairChange>> changes = MakeMigrator(*c, printer).Repair();
  if (!changes.ok()) return Fail(changes.status());
  if (o.json) {
    std::cout << "{\"changes\": [";
    for (size_t i = 0; i < changes->size(); ++i) {
      const auto& ch = (*changes)[i];
      std::cout << (i ? ", " : "") << "{\"version\": " << ch.version
                << ", \"description\": " << JsonString(ch.description)
                << ", \"change\": " << JsonString(ch.what) << "}";
    }
    std::cout << "]}\n";
    return kExitOk;
  }
  for (const auto& ch : *changes)
    std::cout << ch.version << " (" << ch.description << "): " << ch.what << "\n";
  if (changes->empty()) std::cout << "Nothing to repair: no changed or failed migrations\n";
  return kExitOk;
}

int RunBaseline(const MigrateOptions& o) {
  Result<Context> c = OpenContext(o, /*create=*/true);
  if (!c.ok()) return Fail(c.status());
  StepPrinter printer(o.json);
  Migrator migrator = MakeMigrator(*c, printer);
  if (!o.from_history) {
    return printer.Finish(false, migrator.Baseline(o.baseline_version.value_or(0)), "");
  }
  Result<migrate::HistoryTool> tool = migrate::ParseHistoryTool(*o.from_history);
  if (!tool.ok()) return Fail(tool.status());
  Result<int> count = migrator.BaselineFromHistory(*tool);
  if (count.ok()) {
    Result<std::optional<migrate::ForeignHistory>> h =
        migrate::ReadForeignHistory(*c->target->db, *tool);
    if (h.ok() && *h) {
      for (const std::string& note : (*h)->notes) spdlog::warn("{}", note);
    }
  }
  return printer.Finish(false, count,
                        "Nothing to record: " + *o.from_history + "'s history holds no version");
}

int RunAdd(MigrateOptions o) {
  for (const std::string& word : o.description) {
    o.add.description += (o.add.description.empty() ? "" : " ") + word;
  }
  Result<migrate::SqlxConfig> config = LoadConfig(o);
  if (!config.ok()) return Fail(config.status());
  fs::path source = o.source ? *o.source : config->migrations_dir.value_or("migrations");
  Result<std::vector<fs::path>> created = migrate::AddMigration(source, o.add);
  if (!created.ok()) return Fail(created.status());
  for (const fs::path& path : *created) {
    if (o.json) {
      std::cout << "{\"created\": " << JsonString(path.string()) << "}\n";
    } else {
      std::cout << "Creating " << path.string() << "\n";
    }
  }
  return kExitOk;
}

}  // namespace ferry::cli
