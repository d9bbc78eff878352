#include "migrate/migration_database.h"

#include <fmt/format.h>

#include "migrate/sql_script.h"

namespace ferry::migrate {

std::string WithTable(std::string_view sql, std::string_view table) {
  std::string out;
  size_t start = 0;
  for (size_t at; (at = sql.find("{table}", start)) != std::string_view::npos; start = at + 7) {
    out.append(sql.substr(start, at - start)).append(table);
  }
  return out.append(sql.substr(start));
}

Result<std::vector<std::string>> MigrationDatabase::TableColumns(std::string_view) {
  return std::vector<std::string>{};
}

Result<MigrationDatabase::TextRows> MigrationDatabase::QueryText(std::string_view) {
  return Status::Internal("this database cannot run queries");
}

std::string DescribeScriptFailure(const MigrationScript& script, size_t offset,
                                  std::string_view error, bool exact) {
  offset += script.sql.size() - script.body().size();  // back to file bytes
  int line = LineOfOffset(script.sql, offset);
  std::string where = script.path.string() + ", line " + std::to_string(line);
  if (exact) {
    size_t line_start = script.sql.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = (line_start == std::string::npos || offset == 0) ? 0 : line_start + 1;
    int column = 1;
    for (size_t i = line_start; i < offset && i < script.sql.size(); ++i) {
      if ((static_cast<unsigned char>(script.sql[i]) & 0xC0) != 0x80) ++column;
    }
    where += ", column " + std::to_string(column);
  }
  return where + ": " + std::string(error) + "\n  " + std::to_string(line) + " | " +
         LineText(script.sql, line);
}

Status CheckScriptText(const MigrationScript& script) {
  size_t bad = FirstInvalidUtf8(script.sql);
  if (bad == std::string::npos) return Status::OK();
  int line = LineOfOffset(script.sql, bad);
  size_t line_start = script.sql.rfind('\n', bad == 0 ? 0 : bad - 1);
  line_start = (line_start == std::string::npos || bad == 0) ? 0 : line_start + 1;
  unsigned char byte = static_cast<unsigned char>(script.sql[bad]);
  std::string what = byte == 0 ? "a NUL byte, which would end the script there"
                               : fmt::format("byte 0x{:02x}, which is not valid UTF-8", byte);
  return Status::DataError(fmt::format(
      "{}, line {}, byte column {}: {}. Migrations are UTF-8 text: save the file as UTF-8 "
      "(e.g. with `iconv -f latin1 -t utf-8`) and run the command again",
      script.path.string(), line, bad - line_start + 1, what));
}

}  // namespace ferry::migrate
