#include "connectors/sqlite/sqlite_sql_text.h"

#include <cctype>

namespace ferry {
namespace {

struct Token {
  enum Kind { kWord, kQuoted, kString, kPunct } kind;
  size_t begin, end;  // byte range in the statement
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// Where the quoted text starting at `at` (with `close` ending it; doubled, it
// stands for itself) ends, one past the closing character.
size_t SkipQuoted(std::string_view sql, size_t at, char close) {
  for (size_t i = at + 1; i < sql.size(); ++i) {
    if (sql[i] != close) continue;
    if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return sql.size();
}

// SQLite's tokens, comments and white space left out.
std::vector<Token> Tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      size_t eol = sql.find('\n', i);
      i = eol == std::string_view::npos ? sql.size() : eol + 1;
    } else if (sql.substr(i, 2) == "/*") {
      size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      size_t end = SkipQuoted(sql, i, c == '[' ? ']' : c);
      tokens.push_back({c == '\'' ? Token::kString : Token::kQuoted, i, end});
      i = end;
    } else if (IsWordChar(c)) {
      size_t end = i;
      while (end < sql.size() && IsWordChar(sql[end])) ++end;
      tokens.push_back({Token::kWord, i, end});
      i = end;
    } else {
      tokens.push_back({Token::kPunct, i, i + 1});
      ++i;
    }
  }
  return tokens;
}

bool IsWord(std::string_view sql, const Token& t, std::string_view word) {
  if (t.kind != Token::kWord || t.end - t.begin != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(sql[t.begin + i])) != word[i]) return false;
  }
  return true;
}

bool IsPunct(std::string_view sql, const Token& t, char c) {
  return t.kind == Token::kPunct && sql[t.begin] == c;
}

// A name as SQLite reads it: quotes removed, doubled quotes undone.
std::string Unquote(std::string_view sql, const Token& t) {
  std::string_view text = sql.substr(t.begin, t.end - t.begin);
  if (t.kind != Token::kQuoted || text.size() < 2) return std::string(text);
  char close = text.front() == '[' ? ']' : text.front();
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == close && close != ']' && text[i + 1] == close) ++i;
  }
  return out;
}

// The index of the ')' that closes the '(' at tokens[open], or tokens.size().
size_t MatchingParen(std::string_view sql, const std::vector<Token>& tokens, size_t open) {
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (IsPunct(sql, tokens[i], '(')) ++depth;
    if (IsPunct(sql, tokens[i], ')') && --depth == 0) return i;
  }
  return tokens.size();
}

std::string Text(std::string_view sql, size_t begin, size_t end) {
  return std::string(sql.substr(begin, end - begin));
}

}  // namespace

std::vector<CheckConstraint> SqliteCheckConstraints(std::string_view sql) {
  std::vector<CheckConstraint> checks;
  std::vector<Token> tokens = Tokenize(sql);
  int depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (IsPunct(sql, tokens[i], '(')) ++depth;
    if (IsPunct(sql, tokens[i], ')')) --depth;
    // Inside the table's own parentheses: column and table constraints.
    if (depth != 1 || !IsWord(sql, tokens[i], "CHECK") || i + 1 >= tokens.size() ||
        !IsPunct(sql, tokens[i + 1], '(')) {
      continue;
    }
    size_t close = MatchingParen(sql, tokens, i + 1);
    if (close >= tokens.size()) break;  // unbalanced: SQLite would not have stored it
    CheckConstraint check;
    if (i >= 2 && IsWord(sql, tokens[i - 2], "CONSTRAINT"))
      check.name = Unquote(sql, tokens[i - 1]);
    check.expression = close == i + 2 ? "" : Text(sql, tokens[i + 2].begin, tokens[close - 1].end);
    checks.push_back(std::move(check));
    i = close;
  }
  return checks;
}

SqliteIndexText ParseSqliteIndex(std::string_view sql) {
  SqliteIndexText out;
  std::vector<Token> tokens = Tokenize(sql);
  size_t on = 0;
  while (on < tokens.size() && !IsWord(sql, tokens[on], "ON")) ++on;
  size_t open = on;
  while (open < tokens.size() && !IsPunct(sql, tokens[open], '(')) ++open;
  size_t close = MatchingParen(sql, tokens, open);
  if (close >= tokens.size()) return out;
  size_t start = open + 1;
  int depth = 0;
  for (size_t i = open + 1; i <= close; ++i) {
    if (IsPunct(sql, tokens[i], '(')) ++depth;
    if (IsPunct(sql, tokens[i], ')')) --depth;
    bool separator = depth == 0 && IsPunct(sql, tokens[i], ',');
    if ((separator || i == close) && i > start) {
      out.entries.push_back(Text(sql, tokens[start].begin, tokens[i - 1].end));
    }
    if (separator) start = i + 1;
  }
  if (close + 1 < tokens.size() && IsWord(sql, tokens[close + 1], "WHERE")) {
    size_t last = tokens.size() - 1;
    if (IsPunct(sql, tokens[last], ';')) --last;
    if (last > close + 1) out.where = Text(sql, tokens[close + 2].begin, tokens[last].end);
  }
  return out;
}

}  // namespace ferry
