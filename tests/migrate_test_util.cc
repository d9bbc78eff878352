#include "migrate_test_util.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>

namespace ferry::testing {
namespace fs = std::filesystem;

std::optional<fs::path> SqlxDatasetDir() {
  std::optional<fs::path> datasets = SharedDatasetsDir();
  if (!datasets) return std::nullopt;
  fs::path dir = *datasets / "sqlx-migrations" / "sqlx";
  if (!fs::is_directory(dir)) return std::nullopt;
  return dir;
}

std::string Sha384Hex(const std::string& bytes) {
  unsigned char digest[SHA384_DIGEST_LENGTH];
  SHA384(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : digest) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

std::vector<std::string> ExpectedHistory(const fs::path& dir) {
  std::map<long long, std::string> rows;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 4 || name.substr(name.size() - 4) != ".sql") continue;
    if (name.size() > 9 && name.substr(name.size() - 9) == ".down.sql") continue;
    size_t underscore = name.find('_');
    std::string rest = name.substr(underscore + 1);
    bool up = rest.size() > 7 && rest.substr(rest.size() - 7) == ".up.sql";
    std::string description = rest.substr(0, rest.size() - (up ? 7 : 4));
    std::replace(description.begin(), description.end(), '_', ' ');
    long long version = std::stoll(name.substr(0, underscore));
    rows[version] =
        std::to_string(version) + "|" + description + "|1|" + Sha384Hex(ReadFile(entry.path()));
  }
  std::vector<std::string> out;
  for (auto& [version, row] : rows) out.push_back(row);
  return out;
}

std::vector<std::string> PgHistory(const ScratchPgDatabase& db, const std::string& table) {
  std::string rows = db.QueryRows(
      "SELECT version, description, CASE WHEN success THEN 1 ELSE 0 END, "
      "encode(checksum, 'hex') FROM " +
      table + " ORDER BY version");
  std::vector<std::string> out;
  size_t start = 0;
  while (!rows.empty() && start <= rows.size()) {
    size_t end = rows.find('\n', start);
    out.push_back(rows.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::vector<std::string> SqliteRows(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << file;
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (i > 0) row += '|';
        const unsigned char* text = sqlite3_column_text(stmt, i);
        row += text ? reinterpret_cast<const char*>(text) : "<null>";
      }
      out.push_back(row);
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::vector<std::string> SqliteHistory(const fs::path& file) {
  return SqliteRows(file,
                    "SELECT version, description, success, lower(hex(checksum)) "
                    "FROM _sqlx_migrations ORDER BY version");
}

void CopyTree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

CommandResult Migrate(const std::vector<std::string>& args, const std::string& url,
                      const std::optional<fs::path>& source, const std::optional<fs::path>& cwd) {
  std::vector<std::string> full = {"migrate"};
  full.insert(full.end(), args.begin(), args.end());
  full.insert(full.end(), {"-D", url});
  if (source) full.insert(full.end(), {"--source", source->string()});
  return RunFerry(full, {}, cwd);
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace ferry::testing
