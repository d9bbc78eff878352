// The history tables other migration tools keep, read so that ferry can take a
// database over from them (`ferry migrate baseline --from-history TOOL`).
//
//   golang-migrate  schema_migrations(version BIGINT, dirty BOOLEAN): one row, the
//                   current version; every version up to it is applied
//   Flyway          flyway_schema_history(installed_rank, version, type, success, …):
//                   one row per step (SQL, BASELINE, UNDO_SQL, DELETE, SCHEMA, …)
//   dbmate          schema_migrations(version VARCHAR): one row per applied version
//   Diesel          __diesel_schema_migrations(version VARCHAR, run_on): the same
//
// golang-migrate and dbmate share the table name; a `dirty` column tells them apart.
// Tables are found as their unqualified name is (PostgreSQL: the search_path).
#ifndef FERRY_MIGRATE_FOREIGN_HISTORY_H_
#define FERRY_MIGRATE_FOREIGN_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/status.h"
#include "migrate/migration.h"
#include "migrate/migration_database.h"

namespace ferry::migrate {

enum class HistoryTool { kGolangMigrate, kFlyway, kDbmate, kDiesel };

inline constexpr HistoryTool kHistoryTools[] = {HistoryTool::kGolangMigrate, HistoryTool::kFlyway,
                                                HistoryTool::kDbmate, HistoryTool::kDiesel};

// "golang-migrate", "flyway", "dbmate", "diesel": the words --from-history takes.
std::string_view ToolName(HistoryTool tool);
Result<HistoryTool> ParseHistoryTool(std::string_view text);

// What another tool's table says was applied.
struct ForeignHistory {
  HistoryTool tool = HistoryTool::kGolangMigrate;
  std::string table;
  std::vector<int64_t> versions;       // applied, ascending, each as it must be found as a file
  std::optional<int64_t> up_to;        // golang-migrate's current / Flyway's baseline version:
                                       // every file at or below it counts as applied
  std::optional<std::string> refusal;  // why it cannot be taken over (dirty, failed, …)
  std::vector<std::string> notes;      // steps ferry has no counterpart for (Flyway R__ …)

  bool empty() const { return versions.empty() && !up_to; }
  // "golang-migrate (table schema_migrations, version 3)" and the like.
  std::string Summary() const;
};

// The history of `tool` in `db`; nullopt when its table does not exist.
Result<std::optional<ForeignHistory>> ReadForeignHistory(MigrationDatabase& db, HistoryTool tool);

// Every other tool's history in `db` that records at least one applied version.
Result<std::vector<ForeignHistory>> FindForeignHistories(MigrationDatabase& db);

// The migrations of `migrations` to record as applied to take `history` over.
// Fails (FailedPrecondition) with the reason when the history is refused, or a
// version it applied has no file in the folder.
Result<std::vector<const Migration*>> MigrationsToRecord(const ForeignHistory& history,
                                                         const std::vector<Migration>& migrations);

// The message for `run` on a database whose ferry history is empty but which
// another tool manages: what was found and the command to take it over.
std::string TakeOverAdvice(const std::vector<ForeignHistory>& found);

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_FOREIGN_HISTORY_H_
