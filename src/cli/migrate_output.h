// How `ferry migrate` prints: text for people, --json for programs.
#ifndef FERRY_CLI_MIGRATE_OUTPUT_H_
#define FERRY_CLI_MIGRATE_OUTPUT_H_

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/migrator.h"

namespace ferry::cli {

// A JSON string literal for `text` (quotes included).
std::string JsonString(std::string_view text);

// "Applied 3/migrate comment (12.4 ms)"; in a dry run, a comment line naming the
// migration and its file followed by the SQL that would run.
void PrintStepText(const migrate::Step& step, std::ostream& out);
// {"action": "apply", "version": 3, ...} for --json.
std::string StepJson(const migrate::Step& step);

// The `info` table: version, description, state, installed_on (UTC), time.
void PrintInfoText(const std::vector<migrate::MigrationStatus>& statuses, std::ostream& out);
// {"migrations": [...]} with the same fields, for `info --json`.
std::string InfoJson(const std::vector<migrate::MigrationStatus>& statuses);

}  // namespace ferry::cli

#endif  // FERRY_CLI_MIGRATE_OUTPUT_H_
