#include "connectors/postgres/pg_sql_text.h"

#include <algorithm>

namespace ferry {
namespace {

bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool IsIdentChar(unsigned char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Length of the tag ("$$" or "$name$") that opens a dollar-quoted body at
// sql[i] == '$', 0 when none: "$1" is a parameter, "a$b$" part of a name.
size_t DollarTagLength(std::string_view sql, size_t i) {
  if (i > 0 && IsIdentChar(sql[i - 1])) return 0;
  size_t j = i + 1;
  if (j < sql.size() && sql[j] != '$') {
    if (!IsIdentStart(sql[j])) return 0;
    while (j < sql.size() && sql[j] != '$' && IsIdentChar(sql[j])) ++j;
  }
  if (j >= sql.size() || sql[j] != '$') return 0;
  return j - i + 1;
}

// Position of the quote that closes the quoted text opening at sql[i]
// (sql.size() when none does).
size_t ClosingQuote(std::string_view sql, size_t i, bool backslash_escapes) {
  char quote = sql[i];
  size_t j = i + 1;
  while (j < sql.size()) {
    if (backslash_escapes && sql[j] == '\\') {
      j += 2;
    } else if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        j += 2;
      } else {
        return j;
      }
    } else {
      ++j;
    }
  }
  return sql.size();
}

// End of the (nested) block comment opening at sql[i].
size_t BlockCommentEnd(std::string_view sql, size_t i) {
  int depth = 1;
  size_t j = i + 2;
  while (j < sql.size() && depth > 0) {
    if (sql.compare(j, 2, "/*") == 0) {
      ++depth;
      j += 2;
    } else if (sql.compare(j, 2, "*/") == 0) {
      --depth;
      j += 2;
    } else {
      ++j;
    }
  }
  return std::min(j, sql.size());
}

}  // namespace

std::string MaskPgSql(std::string_view sql, bool keep_line_comments) {
  std::string out(sql);
  auto fill = [&out](size_t from, size_t to, char c) {
    std::fill(out.begin() + from, out.begin() + std::min(to, out.size()), c);
  };
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (sql.compare(i, 2, "--") == 0) {
      size_t end = std::min(sql.find('\n', i), sql.size());
      if (!keep_line_comments) fill(i, end, ' ');
      i = end;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = BlockCommentEnd(sql, i);
      fill(i, end, ' ');
      i = end;
    } else if (c == '\'' || c == '"') {
      bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                     (i < 2 || !IsIdentChar(sql[i - 2]));
      size_t close = ClosingQuote(sql, i, escapes);
      fill(i + 1, close, '_');
      i = close + 1;
    } else if (size_t tag = c == '$' ? DollarTagLength(sql, i) : 0; tag > 0) {
      size_t close = sql.find(sql.substr(i, tag), i + tag);
      size_t body_end = close == std::string_view::npos ? sql.size() : close;
      fill(i + tag, body_end, '_');
      i = close == std::string_view::npos ? sql.size() : close + tag;
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<std::string_view> SplitPgStatements(std::string_view sql) {
  std::string masked = MaskPgSql(sql);
  std::vector<std::string_view> statements;
  size_t i = 0;
  while (true) {
    while (i < masked.size() && IsBlank(masked[i])) ++i;
    if (i >= masked.size()) break;
    size_t semicolon = masked.find(';', i);
    size_t end = semicolon == std::string::npos ? masked.size() : semicolon + 1;
    statements.push_back(sql.substr(i, end - i));
    i = end;
  }
  return statements;
}

}  // namespace ferry
