#include "migrate/sql_script.h"

#include <cctype>

namespace ferry::migrate {
namespace {

// Returns the offset just past the quoted text that starts at `i` with `quote`.
// Doubled quotes stay inside; `backslash` honours E'…' escapes.
size_t SkipQuoted(std::string_view sql, size_t i, char quote, bool backslash) {
  for (++i; i < sql.size(); ++i) {
    if (backslash && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

size_t SkipBlockComment(std::string_view sql, size_t i) {
  int depth = 0;
  while (i < sql.size()) {
    if (sql.compare(i, 2, "/*") == 0) {
      ++depth, i += 2;
    } else if (sql.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return sql.size();
}

size_t SkipLineComment(std::string_view sql, size_t i) {
  size_t end = sql.find('\n', i);
  return end == std::string_view::npos ? sql.size() : end + 1;
}

// At `i` a '$': returns the tag "$name$" when one starts here, else "".
std::string_view DollarTag(std::string_view sql, size_t i) {
  if (i > 0 && (std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_')) {
    return {};  // part of an identifier such as a$b
  }
  size_t j = i + 1;
  while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' ||
                            static_cast<unsigned char>(sql[j]) >= 0x80)) {
    ++j;
  }
  if (j < sql.size() && sql[j] == '$' && !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
    return sql.substr(i, j - i + 1);
  }
  return {};
}

// Skips any construct that starts at `i` (quote, comment, dollar quote); returns
// `i` unchanged when none does.
size_t SkipConstruct(std::string_view sql, size_t i) {
  char c = sql[i];
  if (c == '\'') {
    bool escape = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
    return SkipQuoted(sql, i, '\'', escape);
  }
  if (c == '"') return SkipQuoted(sql, i, '"', false);
  if (sql.compare(i, 2, "--") == 0) return SkipLineComment(sql, i);
  if (sql.compare(i, 2, "/*") == 0) return SkipBlockComment(sql, i);
  if (c == '$') {
    std::string_view tag = DollarTag(sql, i);
    if (tag.empty()) return i;
    size_t end = sql.find(tag, i + tag.size());
    return end == std::string_view::npos ? sql.size() : end + tag.size();
  }
  return i;
}

// The first offset in [begin, end) that is neither whitespace nor a comment, or end.
size_t FirstCode(std::string_view sql, size_t begin, size_t end) {
  size_t i = begin;
  while (i < end) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      i = SkipLineComment(sql, i);
    } else if (sql.compare(i, 2, "/*") == 0) {
      i = SkipBlockComment(sql, i);
    } else {
      return i;
    }
  }
  return end;
}

}  // namespace

std::vector<StatementSpan> SplitStatements(std::string_view sql) {
  std::vector<StatementSpan> spans;
  size_t start = 0;
  auto finish = [&](size_t end) {
    size_t code = FirstCode(sql, start, end);
    bool only_semicolon = code < end && sql[code] == ';';
    if (code < end && !only_semicolon) spans.push_back({start, end - start, code});
    start = end;
  };
  size_t i = 0;
  while (i < sql.size()) {
    size_t next = SkipConstruct(sql, i);
    if (next != i) {
      i = next;
    } else if (sql[i] == ';') {
      finish(++i);
    } else {
      ++i;
    }
  }
  if (start < sql.size()) finish(sql.size());
  return spans;
}

int LineOfOffset(std::string_view sql, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < sql.size(); ++i) {
    if (sql[i] == '\n') ++line;
  }
  return line;
}

size_t ByteOffsetOfCharacter(std::string_view sql, int position) {
  size_t i = 0;
  for (int seen = 1; seen < position && i < sql.size(); ++seen) {
    ++i;
    while (i < sql.size() && (static_cast<unsigned char>(sql[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

size_t FirstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || i + n > text.size()) return i;
    unsigned char second = static_cast<unsigned char>(text[i + 1]);
    // The second byte's range rules out overlong forms, surrogates and > U+10FFFF.
    unsigned char low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) return i;
    for (size_t k = 2; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

std::string LineText(std::string_view sql, int line) {
  size_t begin = 0;
  for (int current = 1; current < line; ++current) {
    size_t newline = sql.find('\n', begin);
    if (newline == std::string_view::npos) return "";
    begin = newline + 1;
  }
  size_t end = sql.find('\n', begin);
  std::string text(
      sql.substr(begin, end == std::string_view::npos ? sql.size() - begin : end - begin));
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

}  // namespace ferry::migrate
