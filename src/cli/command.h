// How commands plug into the `ferry` command line.
//
// Each command lives in its own file (migrate_command.cc, copy_command.cc, ...)
// and exposes one Add*Command function that adds its CLI11 subcommand to the
// app. When the user picks it, its callback stores the work in
// `Invocation::run`; Main() runs it after parsing and returns its exit code.
#ifndef FERRY_CLI_COMMAND_H_
#define FERRY_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>

namespace ferry::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitDifferences = 3;

struct Invocation {
  std::function<int()> run;  // set by the chosen subcommand's callback
};

// Every command the binary offers; defined in the command's own file.
void AddMigrateCommand(CLI::App& app, Invocation& invocation);
void AddPlanCommand(CLI::App& app, Invocation& invocation);
void AddCopyCommand(CLI::App& app, Invocation& invocation);
void AddStatusCommand(CLI::App& app, Invocation& invocation);
void AddVerifyCommand(CLI::App& app, Invocation& invocation);

}  // namespace ferry::cli

#endif  // FERRY_CLI_COMMAND_H_
