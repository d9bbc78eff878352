#include "migrate/migration_add.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <fstream>

#include "migrate/migration_source.h"

namespace ferry::migrate {
namespace fs = std::filesystem;
namespace {

// sqlx-core/src/migrate/migration_type.rs, file_content.
constexpr std::string_view kSimpleContent = "-- Add migration script here\n";
constexpr std::string_view kUpContent = "-- Add up migration script here\n";
constexpr std::string_view kDownContent = "-- Add down migration script here\n";

std::string NextVersion(const std::vector<Migration>& existing, const AddOptions& options,
                        std::chrono::system_clock::time_point now) {
  auto sequential = [](int64_t version) { return fmt::format("{:04}", version); };
  int64_t newest = existing.empty() ? 0 : existing.back().version;
  bool use_sequential = options.sequential;
  if (!options.sequential && !options.timestamp) {
    size_t n = existing.size();
    use_sequential = (n >= 2 && existing[n - 1].version - existing[n - 2].version == 1) ||
                     (n == 1 && existing[0].version <= 1);
  }
  if (use_sequential) return sequential(existing.empty() ? 1 : newest + 1);
  std::string stamp = fmt::format("{:%Y%m%d%H%M%S}", std::chrono::floor<std::chrono::seconds>(now));
  // Two migrations added within one second still get increasing versions.
  if (!existing.empty() && std::stoll(stamp) <= newest) return std::to_string(newest + 1);
  return stamp;
}

Status WriteNew(const fs::path& path, std::string_view content) {
  if (fs::exists(path)) return Status::AlreadyExists(path.string() + " already exists");
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) return Status::IoError("cannot write " + path.string());
  return Status::OK();
}

Result<MigrationLayout> ChooseLayout(const std::vector<Migration>& existing,
                                     const AddOptions& options) {
  MigrationLayout wanted = options.directory    ? MigrationLayout::kDirectory
                           : options.reversible ? MigrationLayout::kReversible
                                                : MigrationLayout::kSimple;
  if (existing.empty()) return wanted;
  MigrationLayout current = existing.front().layout;
  bool asked = options.directory || options.reversible;
  if (asked && wanted != current &&
      !(current == MigrationLayout::kDirectory && !options.directory)) {
    return Status::InvalidArgument("the migrations folder uses the " +
                                   std::string(LayoutName(current)) +
                                   " layout and a folder never mixes layouts; drop the layout "
                                   "option to add a migration in that layout");
  }
  return current;
}

}  // namespace

Result<std::vector<fs::path>> AddMigration(const fs::path& dir, const AddOptions& options,
                                           std::chrono::system_clock::time_point now) {
  std::string name = options.description;
  std::replace(name.begin(), name.end(), ' ', '_');
  if (name.empty() || name.find('/') != std::string::npos) {
    return Status::InvalidArgument(
        "give the migration a description without '/', e.g. "
        "`ferry migrate add create users`");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());
  FERRY_ASSIGN_OR_RETURN(std::vector<Migration> existing, LoadMigrations(dir));
  FERRY_ASSIGN_OR_RETURN(MigrationLayout layout, ChooseLayout(existing, options));
  std::string stem = NextVersion(existing, options, now) + "_" + name;
  std::vector<fs::path> created;
  if (layout == MigrationLayout::kSimple) {
    created = {dir / (stem + ".sql")};
    FERRY_RETURN_IF_ERROR(WriteNew(created[0], kSimpleContent));
  } else {
    if (layout == MigrationLayout::kReversible) {
      created = {dir / (stem + ".up.sql"), dir / (stem + ".down.sql")};
    } else {
      created = {dir / stem / "up.sql", dir / stem / "down.sql"};
    }
    FERRY_RETURN_IF_ERROR(WriteNew(created[0], kUpContent));
    FERRY_RETURN_IF_ERROR(WriteNew(created[1], kDownContent));
  }
  return created;
}

}  // namespace ferry::migrate
