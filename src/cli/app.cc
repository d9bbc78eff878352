#include "cli/app.h"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "core/log.h"
#include "core/net_timeouts.h"

namespace ferry::cli {
namespace {

// `ferry help [COMMAND [SUBCOMMAND]]` prints the help of what it names.
void AddHelpCommand(CLI::App& app, Invocation& invocation) {
  auto* help = app.add_subcommand("help", "Show help for ferry or one of its commands");
  auto words = std::make_shared<std::vector<std::string>>();
  help->add_option("command", *words, "The command (and subcommand) to explain");
  help->callback([&app, &invocation, words] {
    invocation.run = [&app, words] {
      CLI::App* target = &app;
      std::string usage_name = "ferry";
      for (const std::string& word : *words) {
        CLI::App* next = nullptr;
        try {
          next = target->get_subcommand(word);
        } catch (const CLI::OptionNotFound&) {
        }
        if (next == nullptr) {
          std::cerr << "ferry: no command '" << word << "'; run 'ferry help' for the list\n";
          return kExitUsage;
        }
        target = next;
        usage_name += " " + word;
      }
      // App::help() would describe the parsed `help` subcommand; ask the formatter directly.
      std::cout << target->get_formatter()->make_help(target, usage_name,
                                                      CLI::AppFormatMode::Normal);
      return kExitOk;
    };
  });
}

// Flags of every command (they may follow the command's name): how long to
// wait on a database server. NetTimeouts documents what each one bounds.
void AddTimeoutFlags(CLI::App& app, NetTimeouts& timeouts) {
  app.add_option("--connect-timeout", timeouts.connect_seconds,
                 "Seconds to wait for a database server to accept and answer a connection "
                 "(default 10; a URL's connect_timeout / connectTimeoutMS wins)")
      ->type_name("SECONDS")
      ->check(CLI::Range(1, 86400));
  app.add_option("--read-timeout", timeouts.read_seconds,
                 "Seconds after which a connection whose server or network stopped answering "
                 "fails and is retried (default 120, 0 = system default; a long statement on a "
                 "live server is never cut)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0, 86400));
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{
      "ferry moves an application's data between databases and proves nothing was lost.\n"
      "It also runs versioned schema migrations (sqlx layout).",
      "ferry"};
  app.set_version_flag("--version", std::string("ferry ") + FERRY_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough();
  int verbose = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbose, "More log output (-vv for trace)");
  app.add_flag("-q,--quiet", quiet, "Only warnings and errors");
  NetTimeouts timeouts = GetNetTimeouts();  // a command running another keeps them
  AddTimeoutFlags(app, timeouts);

  Invocation invocation;
  AddHelpCommand(app, invocation);
  AddMigrateCommand(app, invocation);
  AddPlanCommand(app, invocation);
  AddCopyCommand(app, invocation);
  AddStatusCommand(app, invocation);
  AddVerifyCommand(app, invocation);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ferry: " << e.what()
              << "\nRun 'ferry help' or 'ferry <command> --help' for usage.\n";
    return kExitUsage;
  }
  InitLogging(quiet ? -1 : verbose);
  SetNetTimeouts(timeouts);
  if (!invocation.run) {
    std::cout << app.help();
    return argc > 1 ? kExitUsage : kExitOk;
  }
  try {
    return invocation.run();
  } catch (const std::exception& e) {
    spdlog::error("internal error: {} (please report this)", e.what());
    return kExitFailure;
  }
}

}  // namespace ferry::cli
