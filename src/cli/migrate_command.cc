#include "cli/command.h"

namespace ferry::cli {

// Placeholder registration so the binary links while `ferry migrate` is being built;
// the migrate work replaces this file.
void AddMigrateCommand(CLI::App& app, Invocation& invocation) {
  app.add_subcommand("migrate", "Run versioned schema migrations (sqlx layout)")->require_subcommand(1);
}

}  // namespace ferry::cli
