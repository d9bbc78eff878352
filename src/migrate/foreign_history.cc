#include "migrate/foreign_history.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace ferry::migrate {
namespace {

using TextRows = MigrationDatabase::TextRows;

struct ToolTable {
  std::string_view table;
  std::string_view query;  // the same SQL on PostgreSQL and SQLite
};

ToolTable TableOf(HistoryTool tool) {
  switch (tool) {
    case HistoryTool::kGolangMigrate:
      return {"schema_migrations",
              "SELECT CAST(version AS TEXT), CAST(dirty AS TEXT) FROM schema_migrations"};
    case HistoryTool::kFlyway:
      return {"flyway_schema_history",
              "SELECT CAST(version AS TEXT), type, CAST(success AS TEXT), description, script "
              "FROM flyway_schema_history ORDER BY installed_rank"};
    case HistoryTool::kDbmate:
      return {"schema_migrations", "SELECT CAST(version AS TEXT) FROM schema_migrations"};
    case HistoryTool::kDiesel:
      return {"__diesel_schema_migrations",
              "SELECT CAST(version AS TEXT) FROM __diesel_schema_migrations"};
  }
  return {};
}

bool Truthy(const std::optional<std::string>& text) {
  if (!text) return false;
  std::string lower = *text;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return lower == "t" || lower == "true" || lower == "1";
}

// A version as the other tool wrote it, as ferry's integer; nullopt when it is not one.
std::optional<int64_t> ParseVersion(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  int64_t version = -1;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, version);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return version;
}

std::string NotAnInteger(const ForeignHistory& h, const std::optional<std::string>& text) {
  return "version '" + text.value_or("NULL") + "' in " + h.table +
         " is not a whole number, and ferry's versions are 64-bit integers; rename the files to "
         "<VERSION>_<DESC>.sql with integer versions and record them with `ferry migrate baseline "
         "--version V` instead";
}

// golang-migrate keeps one row: the current version and whether it is dirty.
void ReadGolangMigrate(const TextRows& rows, ForeignHistory& h) {
  if (rows.empty()) return;  // never migrated, or migrated all the way down
  if (rows.size() > 1) {
    h.refusal = h.table + " holds " + std::to_string(rows.size()) +
                " rows where golang-migrate keeps one; check the table by hand";
    return;
  }
  std::optional<int64_t> version = ParseVersion(rows[0][0]);
  if (Truthy(rows[0][1])) {
    h.refusal = "golang-migrate marks version " + rows[0][0].value_or("NULL") +
                " dirty: a migration failed halfway and the schema may hold part of it. Fix the "
                "schema by hand, mark it clean with golang-migrate's `migrate force VERSION`, "
                "then take it over";
    return;
  }
  if (!version || *version < 0) {
    h.refusal = NotAnInteger(h, rows[0][0]);
    return;
  }
  h.versions = {*version};
  h.up_to = *version;
}

// Flyway logs every step; what stands applied is replayed from them in order.
void ReadFlyway(const TextRows& rows, ForeignHistory& h) {
  std::set<int64_t> applied;
  for (const auto& row : rows) {
    std::string type = row[1].value_or("");
    if (type == "SCHEMA") continue;  // "<< Flyway Schema Creation >>"
    if (!row[0]) {
      h.notes.push_back("Flyway's repeatable migration '" + row[3].value_or("") + "' (" +
                        row[4].value_or("") + ") has no counterpart in ferry and is not recorded");
      continue;
    }
    std::optional<int64_t> version = ParseVersion(row[0]);
    if (!version) {
      h.refusal = NotAnInteger(h, row[0]);
      return;
    }
    if (!Truthy(row[2])) {
      h.refusal = "Flyway records version " + *row[0] + " (" + row[3].value_or("") +
                  ") as failed; fix the schema and run `flyway repair` first";
      return;
    }
    if (type == "BASELINE") {
      h.up_to = std::max(h.up_to.value_or(*version), *version);
    } else if (type.starts_with("UNDO") || type == "DELETE") {
      applied.erase(*version);
    } else {
      applied.insert(*version);
    }
  }
  h.versions.assign(applied.begin(), applied.end());
}

// dbmate and Diesel keep one row per applied version.
void ReadOneRowPerVersion(const TextRows& rows, ForeignHistory& h) {
  std::set<int64_t> applied;
  for (const auto& row : rows) {
    std::optional<int64_t> version = ParseVersion(row[0]);
    if (!version) {
      h.refusal = NotAnInteger(h, row[0]);
      return;
    }
    applied.insert(*version);
  }
  h.versions.assign(applied.begin(), applied.end());
}

}  // namespace

std::string_view ToolName(HistoryTool tool) {
  switch (tool) {
    case HistoryTool::kGolangMigrate:
      return "golang-migrate";
    case HistoryTool::kFlyway:
      return "flyway";
    case HistoryTool::kDbmate:
      return "dbmate";
    case HistoryTool::kDiesel:
      return "diesel";
  }
  return "unknown";
}

Result<HistoryTool> ParseHistoryTool(std::string_view text) {
  for (HistoryTool tool : kHistoryTools) {
    if (text == ToolName(tool)) return tool;
  }
  return Status::InvalidArgument(
      "--from-history must be golang-migrate, flyway, dbmate or "
      "diesel, not '" +
      std::string(text) + "'");
}

std::string ForeignHistory::Summary() const {
  std::string text = std::string(ToolName(tool)) + " (table " + table + ": ";
  if (tool == HistoryTool::kGolangMigrate) {
    text += versions.empty() ? "no version" : "version " + std::to_string(versions.back());
  } else {
    text += std::to_string(versions.size()) + " version(s) applied";
    if (!versions.empty()) text += ", newest " + std::to_string(versions.back());
    if (up_to) text += ", baseline " + std::to_string(*up_to);
  }
  return text + ")";
}

Result<std::optional<ForeignHistory>> ReadForeignHistory(MigrationDatabase& db, HistoryTool tool) {
  ToolTable t = TableOf(tool);
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> columns, db.TableColumns(t.table));
  if (columns.empty()) return std::optional<ForeignHistory>();
  bool dirty = std::find(columns.begin(), columns.end(), "dirty") != columns.end();
  if (tool == HistoryTool::kGolangMigrate && !dirty) return std::optional<ForeignHistory>();
  if (tool == HistoryTool::kDbmate && dirty) return std::optional<ForeignHistory>();
  FERRY_ASSIGN_OR_RETURN(TextRows rows, db.QueryText(t.query));
  ForeignHistory h;
  h.tool = tool;
  h.table = std::string(t.table);
  if (tool == HistoryTool::kGolangMigrate) {
    ReadGolangMigrate(rows, h);
  } else if (tool == HistoryTool::kFlyway) {
    ReadFlyway(rows, h);
  } else {
    ReadOneRowPerVersion(rows, h);
  }
  return std::optional<ForeignHistory>(std::move(h));
}

Result<std::vector<ForeignHistory>> FindForeignHistories(MigrationDatabase& db) {
  std::vector<ForeignHistory> found;
  for (HistoryTool tool : kHistoryTools) {
    FERRY_ASSIGN_OR_RETURN(std::optional<ForeignHistory> h, ReadForeignHistory(db, tool));
    if (h && (!h->empty() || h->refusal)) found.push_back(std::move(*h));
  }
  return found;
}

Result<std::vector<const Migration*>> MigrationsToRecord(const ForeignHistory& h,
                                                         const std::vector<Migration>& migrations) {
  if (h.refusal) {
    return Status::FailedPrecondition("cannot take over " + h.Summary() + ": " + *h.refusal + ".");
  }
  std::map<int64_t, const Migration*> by_version;
  for (const Migration& m : migrations) by_version[m.version] = &m;
  std::string missing;
  for (int64_t version : h.versions) {
    if (!by_version.contains(version))
      missing += (missing.empty() ? "" : ", ") + std::to_string(version);
  }
  if (!missing.empty()) {
    return Status::FailedPrecondition(
        "cannot take over " + h.Summary() + ": it applied version(s) " + missing +
        " but no file in the migrations folder has that version. Point --source at the folder "
        "that tool used, or name the files <VERSION>_<DESC>.up.sql with the same versions.");
  }
  std::set<int64_t> wanted(h.versions.begin(), h.versions.end());
  std::vector<const Migration*> out;
  for (const auto& [version, m] : by_version) {
    if (wanted.contains(version) || (h.up_to && version <= *h.up_to)) out.push_back(m);
  }
  return out;
}

std::string TakeOverAdvice(const std::vector<ForeignHistory>& found) {
  std::string text =
      "ferry's history records nothing, but another migration tool manages this "
      "database:";
  for (const ForeignHistory& h : found) {
    text += "\n  " + h.Summary();
    if (h.refusal) text += "; " + *h.refusal;
  }
  std::string tool(ToolName(found.front().tool));
  return text +
         "\nRunning the migrations from the start would apply them a second time. Take the "
         "database over with `ferry migrate baseline --from-history " +
         tool + "` (it records what " + tool +
         " applied, checked against the files), then `ferry migrate run`. If these migrations "
         "have nothing to do with that tool's, pass --ignore-other-history.";
}

}  // namespace ferry::migrate
