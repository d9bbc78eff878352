#include "migrate/migration_source.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace ferry::migrate {
namespace fs = std::filesystem;
namespace {

// A migration being assembled from one or two files.
struct Pending {
  Migration migration;
  bool has_up = false;
};

Result<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read migration file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<MigrationScript> ReadScript(const fs::path& path) {
  FERRY_ASSIGN_OR_RETURN(std::string sql, ReadWholeFile(path));
  MigrationScript script;
  script.sql = std::move(sql);
  script.no_transaction = script.body().starts_with(kNoTransactionMarker);
  script.path = path;
  return script;
}

std::string Describe(std::string text) {
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

// What one entry of the folder is: which layout, and which script it holds.
struct EntryKind {
  MigrationLayout layout = MigrationLayout::kDirectory;
  std::string stem;  // the name without ".sql", ".up.sql" or ".down.sql"
  bool down = false;
};

EntryKind Classify(const fs::directory_entry& entry) {
  std::string name = entry.path().filename().string();
  if (entry.is_directory()) return {MigrationLayout::kDirectory, name, false};
  for (auto [suffix, down] : {std::pair{".up.sql", false}, std::pair{".down.sql", true}}) {
    if (std::string_view(name).ends_with(suffix)) {
      return {MigrationLayout::kReversible, name.substr(0, name.size() - strlen(suffix)), down};
    }
  }
  return {MigrationLayout::kSimple, name.substr(0, name.size() - 4), false};
}

// Reads the script(s) of `entry` into `pending`.
Status ReadEntry(const fs::directory_entry& entry, const EntryKind& kind, Pending& pending) {
  Migration& m = pending.migration;
  if (kind.down) {
    FERRY_ASSIGN_OR_RETURN(m.down, ReadScript(entry.path()));
    return Status::OK();
  }
  fs::path up = kind.layout == MigrationLayout::kDirectory ? entry.path() / "up.sql" : entry.path();
  FERRY_ASSIGN_OR_RETURN(m.up, ReadScript(up));
  pending.has_up = true;
  fs::path down = entry.path() / "down.sql";
  if (kind.layout == MigrationLayout::kDirectory && fs::exists(down)) {
    FERRY_ASSIGN_OR_RETURN(m.down, ReadScript(down));
  }
  return Status::OK();
}

// Places one file or folder of the source into `by_version`. Only the two
// halves of one reversible migration may share a version.
Status AddEntry(const fs::directory_entry& entry, std::map<int64_t, Pending>& by_version) {
  EntryKind kind = Classify(entry);
  FERRY_ASSIGN_OR_RETURN(VersionedName parsed, ParseVersionedName(kind.stem));
  Pending& pending = by_version[parsed.version];
  Migration& m = pending.migration;
  bool taken = pending.has_up || m.down.has_value();
  bool other_half = kind.layout == MigrationLayout::kReversible && m.layout == kind.layout &&
                    m.description == Describe(parsed.rest) &&
                    !(kind.down ? m.down.has_value() : pending.has_up);
  if (taken && !other_half) {
    return Status::InvalidArgument("two migrations have version " + std::to_string(parsed.version) +
                                   " (" + entry.path().string() + " and " +
                                   (pending.has_up ? m.up.path : m.down->path).string() +
                                   "): give each migration its own version");
  }
  m.version = parsed.version;
  m.description = Describe(parsed.rest);
  m.layout = kind.layout;
  return ReadEntry(entry, kind, pending);
}

bool IsCandidate(const fs::directory_entry& entry) {
  std::string name = entry.path().filename().string();
  if (name.empty() || name[0] == '.') return false;
  if (entry.is_directory()) return fs::exists(entry.path() / "up.sql");
  return entry.is_regular_file() && std::string_view(name).ends_with(".sql");
}

Status CheckOneLayout(const std::vector<Migration>& migrations) {
  for (const Migration& m : migrations) {
    const Migration& first = migrations.front();
    if (m.layout == first.layout) continue;
    return Status::InvalidArgument(
        "the migrations folder mixes layouts: " + first.up.path.filename().string() + " is " +
        std::string(LayoutName(first.layout)) + " but " + m.up.path.filename().string() + " is " +
        std::string(LayoutName(m.layout)) + "; use one layout for every migration of a folder");
  }
  return Status::OK();
}

// Diesel's "YYYY-MM-DD-HHMMSS", which it records without the dashes.
bool IsDieselVersion(std::string_view text) {
  if (text.size() != 17) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 4 || i == 7 || i == 10;
    if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

std::string_view LayoutName(MigrationLayout layout) {
  switch (layout) {
    case MigrationLayout::kSimple:
      return "simple (<VERSION>_<DESC>.sql)";
    case MigrationLayout::kReversible:
      return "reversible (<VERSION>_<DESC>.up.sql + .down.sql)";
    case MigrationLayout::kDirectory:
      return "a directory (<VERSION>_<DESC>/up.sql + down.sql)";
  }
  return "unknown";
}

Result<VersionedName> ParseVersionedName(std::string_view name) {
  size_t underscore = name.find('_');
  std::string digits(name.substr(0, underscore == std::string_view::npos ? 0 : underscore));
  if (IsDieselVersion(digits)) std::erase(digits, '-');
  int64_t version = -1;
  const char* begin = digits.data();
  const char* end = begin + digits.size();
  auto [ptr, ec] = std::from_chars(begin, end, version);
  if (underscore == std::string_view::npos || underscore == 0 || ec != std::errc() || ptr != end ||
      version < 0) {
    return Status::InvalidArgument(
        "migration '" + std::string(name) +
        "' is not named <VERSION>_<DESCRIPTION> with VERSION a non-negative 64-bit integer "
        "(e.g. 1_create_users.sql or 20241221000000_create_users.sql); rename it");
  }
  return VersionedName{version, std::string(name.substr(underscore + 1))};
}

Result<std::vector<Migration>> LoadMigrations(const fs::path& dir, const IgnoredChars& ignored) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("migrations folder '" + dir.string() +
                            "' does not exist (use --source DIR, or create it with "
                            "`ferry migrate add DESCRIPTION`)");
  }
  std::map<int64_t, Pending> by_version;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (!IsCandidate(entry)) continue;
    FERRY_RETURN_IF_ERROR(AddEntry(entry, by_version));
  }
  if (ec)
    return Status::IoError("cannot list migrations folder '" + dir.string() + "': " + ec.message());
  std::vector<Migration> migrations;
  for (auto& [version, pending] : by_version) {
    Migration& m = pending.migration;
    if (!pending.has_up) {
      return Status::InvalidArgument(m.down->path.string() + " has no matching .up.sql: add it");
    }
    m.checksum = MigrationChecksum(m.up.sql, ignored);
    migrations.push_back(std::move(m));
  }
  if (!migrations.empty()) FERRY_RETURN_IF_ERROR(CheckOneLayout(migrations));
  return migrations;
}

}  // namespace ferry::migrate
