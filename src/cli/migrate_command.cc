// `ferry migrate` and its subcommands: options and help. The work is in migrate_actions.cc.
#include <memory>

#include "cli/command.h"
#include "cli/migrate_actions.h"

namespace ferry::cli {
namespace {

using Options = std::shared_ptr<MigrateOptions>;

void AddCommonOptions(CLI::App* sub, MigrateOptions& o) {
  sub->add_option("-D,--database-url", o.database_url,
                  "Database URL: postgres://… or sqlite:PATH (default: $DATABASE_URL, then the "
                  "PG* variables)");
  sub->add_option("--source", o.source,
                  "Migrations folder (default: sqlx.toml's migrations-dir, else 'migrations')");
  sub->add_option("--config", o.config, "sqlx.toml to read (default: ./sqlx.toml when present)");
  sub->add_flag("--json", o.json, "Machine-readable output");
}

void AddLockOptions(CLI::App* sub, MigrateOptions& o) {
  sub->add_option("--lock-timeout", o.lock_timeout_seconds,
                  "Seconds to wait for another deployer's migration lock (default 0: no limit)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--lock", o.lock,
                  "How to lock: auto (advisory lock on PostgreSQL, a lock table on CockroachDB, "
                  "BEGIN IMMEDIATE on SQLite), advisory, or table")
      ->check(CLI::IsMember({"auto", "advisory", "table"}));
}

// Adds subcommand `name` whose callback runs `action` with its options.
CLI::App* AddSub(CLI::App* migrate, Invocation& invocation, const char* name,
                 const std::string& help, int (*action)(const MigrateOptions&), Options o) {
  CLI::App* sub = migrate->add_subcommand(name, help);
  AddCommonOptions(sub, *o);
  sub->callback([&invocation, action, o] { invocation.run = [action, o] { return action(*o); }; });
  return sub;
}

void AddRunAndRevert(CLI::App* migrate, Invocation& invocation) {
  auto o = std::make_shared<MigrateOptions>();
  CLI::App* run = AddSub(migrate, invocation, "run",
                         "Apply pending migrations in version order, each in its own transaction "
                         "(unless its first line is `-- no-transaction`)",
                         &RunRun, o);
  run->add_option("--target-version", o->target_version, "Apply up to and including this version");
  run->add_flag("--dry-run", o->dry_run, "Print the SQL that would run; change nothing");
  run->add_flag("--out-of-order", o->out_of_order,
                "Also apply pending migrations older than the newest applied one");
  run->add_flag("--ignore-missing", o->ignore_missing,
                "Go on when applied migrations have no file any more");
  run->add_flag("--ignore-other-history", o->ignore_other_history,
                "Run from the start although another tool's history (golang-migrate, Flyway, "
                "dbmate, Diesel) is found and ferry's is empty");
  AddLockOptions(run, *o);

  auto r = std::make_shared<MigrateOptions>();
  CLI::App* revert = AddSub(migrate, invocation, "revert",
                            "Run down scripts newest first: the newest applied migration, or all "
                            "above --target-version",
                            &RunRevert, r);
  revert->add_option("--target-version", r->target_version,
                     "Revert every applied migration above this version (0: all but a version 0)");
  revert->add_flag("--dry-run", r->dry_run, "Print the SQL that would run; change nothing");
  AddLockOptions(revert, *r);
}

void AddHistoryCommands(CLI::App* migrate, Invocation& invocation) {
  AddSub(migrate, invocation, "info",
         "List every migration with its state (applied, pending, changed, missing, failed), "
         "installed_on and time taken",
         &RunInfo, std::make_shared<MigrateOptions>());
  AddSub(migrate, invocation, "validate",
         "Exit 1 when an applied migration's file changed or is gone, or a migration failed; "
         "0 otherwise",
         &RunValidate, std::make_shared<MigrateOptions>());
  auto repair_options = std::make_shared<MigrateOptions>();
  CLI::App* repair = AddSub(migrate, invocation, "repair",
                            "After review: record the current checksum of changed files and "
                            "remove failed records; prints each change",
                            &RunRepair, repair_options);
  AddLockOptions(repair, *repair_options);
  auto b = std::make_shared<MigrateOptions>();
  CLI::App* baseline = AddSub(migrate, invocation, "baseline",
                              "Mark an existing schema as migrated without running anything: "
                              "up to --version, or as another tool's history records it",
                              &RunBaseline, b);
  CLI::Option_group* what = baseline->add_option_group("what to record");
  what->add_option("--version", b->baseline_version, "The newest version the schema has");
  what->add_option("--from-history", b->from_history,
                   "Take over from another tool: record the versions its history table holds "
                   "(checked against the files)")
      ->check(CLI::IsMember({"golang-migrate", "flyway", "dbmate", "diesel"}));
  what->require_option(1);
  AddLockOptions(baseline, *b);
}

void AddAdd(CLI::App* migrate, Invocation& invocation) {
  auto o = std::make_shared<MigrateOptions>();
  CLI::App* add = migrate->add_subcommand(
      "add", "Create the next migration file(s): a timestamp or the next number as version");
  add->add_option("description", o->description, "What the migration does, e.g. create users")
      ->required();
  add->add_option("-D,--database-url", o->database_url,
                  "Accepted like every subcommand's, but `add` only writes files");
  add->add_option("--source", o->source,
                  "Migrations folder (default: sqlx.toml's migrations-dir, else 'migrations')");
  add->add_option("--config", o->config, "sqlx.toml to read (default: ./sqlx.toml when present)");
  add->add_flag("--json", o->json, "Machine-readable output");
  add->add_flag("-r,--reversible", o->add.reversible, "Create an up and a down script");
  add->add_flag("--directory", o->add.directory,
                "Use the directory layout <VERSION>_<DESC>/up.sql + down.sql");
  auto* sequential =
      add->add_flag("-s,--sequential", o->add.sequential, "Version = newest version + 1");
  add->add_flag("-t,--timestamp", o->add.timestamp, "Version = current UTC time, YYYYMMDDHHMMSS")
      ->excludes(sequential);
  add->callback([&invocation, o] { invocation.run = [o] { return RunAdd(*o); }; });
}

}  // namespace

void AddMigrateCommand(CLI::App& app, Invocation& invocation) {
  CLI::App* migrate = app.add_subcommand(
      "migrate",
      "Run versioned schema migrations (sqlx layout, history in _sqlx_migrations) on PostgreSQL "
      "or SQLite");
  migrate->require_subcommand(1);
  AddRunAndRevert(migrate, invocation);
  AddHistoryCommands(migrate, invocation);
  AddAdd(migrate, invocation);
}

}  // namespace ferry::cli
