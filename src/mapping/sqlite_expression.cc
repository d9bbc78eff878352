#include "mapping/sqlite_expression.h"

#include <cctype>
#include <vector>

namespace ferry {
namespace {

// What an operand holds, in the target's types.
enum class Kind { kNumber, kText, kCondition, kOther };

struct Token {
  enum Type { kWord, kQuoted, kString, kNumber, kOperator, kEnd } type;
  std::string text;  // a word upper-cased; a quoted name unquoted; others as written
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// The quoted text at `i` with its quotes removed and doubled quotes undone;
// `i` moves past it. False when it is not closed.
bool ReadQuoted(std::string_view sql, size_t* i, std::string* out) {
  char close = sql[*i] == '[' ? ']' : sql[*i];
  for (size_t at = *i + 1; at < sql.size(); ++at) {
    if (sql[at] != close) {
      *out += sql[at];
    } else if (close != ']' && at + 1 < sql.size() && sql[at + 1] == close) {
      *out += sql[at++];
    } else {
      *i = at + 1;
      return true;
    }
  }
  return false;
}

// A number literal as SQLite and PostgreSQL both read it: 12, 1.5, .5, 1e-3.
bool ReadNumber(std::string_view sql, size_t* i, std::string* out) {
  size_t at = *i, digits = 0;
  auto run = [&] {
    while (at < sql.size() && std::isdigit(static_cast<unsigned char>(sql[at]))) ++at, ++digits;
  };
  run();
  if (at < sql.size() && sql[at] == '.') ++at, run();
  if (digits == 0) return false;
  if (at < sql.size() && (sql[at] == 'e' || sql[at] == 'E')) {
    ++at;
    if (at < sql.size() && (sql[at] == '+' || sql[at] == '-')) ++at;
    size_t before = digits;
    run();
    if (digits == before) return false;
  }
  if (at < sql.size() && IsWordChar(sql[at])) return false;  // 0x1F, 12abc
  *out = std::string(sql.substr(*i, at - *i));
  *i = at;
  return true;
}

Result<std::vector<Token>> Tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    std::string text;
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      size_t start = i;
      if (!ReadQuoted(sql, &i, &text)) return Status::InvalidArgument("an unclosed quote");
      if (c == '\'') text = std::string(sql.substr(start, i - start));  // kept as written
      tokens.push_back({c == '\'' ? Token::kString : Token::kQuoted, std::move(text)});
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      if (!ReadNumber(sql, &i, &text)) {
        return Status::InvalidArgument("the number at '" + std::string(sql.substr(i, 8)) +
                                       "' is not translated");
      }
      tokens.push_back({Token::kNumber, std::move(text)});
    } else if (IsWordChar(c)) {
      size_t start = i;
      while (i < sql.size() && IsWordChar(sql[i])) ++i;
      tokens.push_back({Token::kWord, std::string(sql.substr(start, i - start))});
    } else {
      static constexpr std::string_view kTwo[] = {"==", "<>", "!=", "<=", ">="};
      size_t length = 1;
      for (std::string_view op : kTwo) length = sql.substr(i, 2) == op ? 2 : length;
      tokens.push_back({Token::kOperator, std::string(sql.substr(i, length))});
      i += length;
    }
  }
  tokens.push_back({Token::kEnd, ""});
  return tokens;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string QuoteName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Kind KindOf(LogicalType type) {
  switch (type) {
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
    case LogicalType::kNumeric:
      return Kind::kNumber;
    case LogicalType::kText:
      return Kind::kText;
    default:
      return Kind::kOther;
  }
}

struct Operand {
  std::string sql;
  Kind kind;
};

// Recursive descent over the tokens; each Parse* returns the PostgreSQL text.
class Translator {
 public:
  Translator(std::vector<Token> tokens, const ExpressionColumns& columns)
      : tokens_(std::move(tokens)), columns_(columns) {}

  Result<Operand> Whole() {
    FERRY_ASSIGN_OR_RETURN(Operand out, Or());
    if (Peek().type != Token::kEnd) return Refuse(Peek());
    return out;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(at_ + ahead, tokens_.size() - 1)];
  }
  bool IsWord(const Token& t, std::string_view word) const {
    return t.type == Token::kWord && Upper(t.text) == word;
  }
  bool IsOperator(const Token& t, std::string_view op) const {
    return t.type == Token::kOperator && t.text == op;
  }
  bool Accept(std::string_view word) {
    if (!IsWord(Peek(), word)) return false;
    ++at_;
    return true;
  }
  Status Refuse(const Token& t) const {
    if (t.type == Token::kEnd) return Status::InvalidArgument("the expression ends too soon");
    return Status::InvalidArgument("'" + t.text + "' is not translated");
  }
  static Status NeedCondition(const Operand& o) {
    if (o.kind == Kind::kCondition) return Status::OK();
    return Status::InvalidArgument(o.sql + " is not a condition");
  }

  Result<Operand> Or() { return Chain("OR", &Translator::And); }
  Result<Operand> And() { return Chain("AND", &Translator::Not); }

  Result<Operand> Chain(std::string_view word, Result<Operand> (Translator::*next)()) {
    FERRY_ASSIGN_OR_RETURN(Operand left, (this->*next)());
    while (IsWord(Peek(), word)) {
      ++at_;
      FERRY_ASSIGN_OR_RETURN(Operand right, (this->*next)());
      FERRY_RETURN_IF_ERROR(NeedCondition(left));
      FERRY_RETURN_IF_ERROR(NeedCondition(right));
      left = {left.sql + " " + std::string(word) + " " + right.sql, Kind::kCondition};
    }
    return left;
  }

  Result<Operand> Not() {
    if (!Accept("NOT")) return Predicate();
    FERRY_ASSIGN_OR_RETURN(Operand inner, Not());
    FERRY_RETURN_IF_ERROR(NeedCondition(inner));
    return Operand{"NOT " + inner.sql, Kind::kCondition};
  }

  Result<Operand> Predicate() {
    FERRY_ASSIGN_OR_RETURN(Operand left, Value());
    const Token& next = Peek();
    if (Accept("ISNULL")) return Operand{left.sql + " IS NULL", Kind::kCondition};
    if (Accept("NOTNULL")) return Operand{left.sql + " IS NOT NULL", Kind::kCondition};
    if (Accept("IS")) {
      bool negated = Accept("NOT");
      if (!Accept("NULL")) return Status::InvalidArgument("IS other than IS [NOT] NULL");
      return Operand{left.sql + (negated ? " IS NOT NULL" : " IS NULL"), Kind::kCondition};
    }
    bool negated = false;
    if (IsWord(next, "NOT")) {
      if (IsWord(Peek(1), "NULL")) {
        at_ += 2;
        return Operand{left.sql + " IS NOT NULL", Kind::kCondition};
      }
      if (!IsWord(Peek(1), "IN") && !IsWord(Peek(1), "BETWEEN")) return left;
      ++at_;
      negated = true;
    }
    std::string prefix = left.sql + (negated ? " NOT " : " ");
    if (Accept("IN")) return In(left, prefix);
    if (Accept("BETWEEN")) return Between(left, prefix);
    if (next.type == Token::kOperator) {
      static constexpr std::string_view kCompare[] = {"=", "==", "<>", "!=", "<", "<=", ">", ">="};
      for (std::string_view op : kCompare) {
        if (next.text == op) return Compare(left, op);
      }
    }
    return left;
  }

  Result<Operand> Compare(const Operand& left, std::string_view op) {
    ++at_;
    FERRY_ASSIGN_OR_RETURN(Operand right, Value());
    bool equality = op == "=" || op == "==" || op == "<>" || op == "!=";
    FERRY_RETURN_IF_ERROR(Comparable(left, right, equality));
    std::string pg_op = op == "==" ? "=" : op == "!=" ? "<>" : std::string(op);
    return Operand{left.sql + " " + pg_op + " " + right.sql, Kind::kCondition};
  }

  static Status Comparable(const Operand& a, const Operand& b, bool equality) {
    if (a.kind == Kind::kNumber && b.kind == Kind::kNumber) return Status::OK();
    if (a.kind == Kind::kText && b.kind == Kind::kText) {
      if (equality) return Status::OK();
      return Status::InvalidArgument("comparing " + a.sql + " and " + b.sql +
                                     " by order depends on the collation");
    }
    return Status::InvalidArgument(a.sql + " and " + b.sql +
                                   " are not both numbers or both text in the target");
  }

  Result<Operand> In(const Operand& left, const std::string& prefix) {
    if (!IsOperator(Peek(), "(")) return Refuse(Peek());
    ++at_;
    std::string list;
    while (true) {
      FERRY_ASSIGN_OR_RETURN(Operand item, Value());
      bool literal = item.sql.front() == '\'' || item.sql.front() == '-' ||
                     std::isdigit(static_cast<unsigned char>(item.sql.front()));
      if (!literal) return Status::InvalidArgument("IN with " + item.sql + ", not a literal");
      FERRY_RETURN_IF_ERROR(Comparable(left, item, true));
      list += (list.empty() ? "" : ", ") + item.sql;
      if (IsOperator(Peek(), ")")) break;
      if (!IsOperator(Peek(), ",")) return Refuse(Peek());
      ++at_;
    }
    ++at_;
    return Operand{prefix + "IN (" + list + ")", Kind::kCondition};
  }

  Result<Operand> Between(const Operand& left, const std::string& prefix) {
    FERRY_ASSIGN_OR_RETURN(Operand low, Value());
    if (!Accept("AND")) return Refuse(Peek());
    FERRY_ASSIGN_OR_RETURN(Operand high, Value());
    FERRY_RETURN_IF_ERROR(Comparable(left, low, false));
    FERRY_RETURN_IF_ERROR(Comparable(left, high, false));
    return Operand{prefix + "BETWEEN " + low.sql + " AND " + high.sql, Kind::kCondition};
  }

  Result<Operand> Value() {
    Token t = Peek();
    ++at_;
    switch (t.type) {
      case Token::kNumber:
        return Operand{t.text, Kind::kNumber};
      case Token::kString:
        return Operand{t.text, Kind::kText};
      case Token::kQuoted:
        return Column(t.text);
      case Token::kOperator:
        if (t.text == "-" && Peek().type == Token::kNumber) {
          return Operand{"-" + tokens_[at_++].text, Kind::kNumber};
        }
        if (t.text == "(") return Parenthesized();
        return Refuse(t);
      case Token::kWord:
        if (IsOperator(Peek(), "(")) return Function(t);
        if (IsKeyword(t)) return Refuse(t);
        return Column(t.text);
      case Token::kEnd:
        break;
    }
    return Refuse(t);
  }

  bool IsKeyword(const Token& t) const {
    static constexpr std::string_view kWords[] = {"AND",          "OR",
                                                  "NOT",          "NULL",
                                                  "IS",           "IN",
                                                  "BETWEEN",      "LIKE",
                                                  "GLOB",         "CASE",
                                                  "COLLATE",      "ESCAPE",
                                                  "CAST",         "TRUE",
                                                  "FALSE",        "REGEXP",
                                                  "MATCH",        "EXISTS",
                                                  "SELECT",       "CURRENT_DATE",
                                                  "CURRENT_TIME", "CURRENT_TIMESTAMP"};
    for (std::string_view word : kWords) {
      if (IsWord(t, word)) return true;
    }
    return false;
  }

  Result<Operand> Parenthesized() {
    FERRY_ASSIGN_OR_RETURN(Operand inner, Or());
    if (!IsOperator(Peek(), ")")) return Refuse(Peek());
    ++at_;
    return Operand{"(" + inner.sql + ")", inner.kind};
  }

  Result<Operand> Function(const Token& name) {
    struct Known {
      std::string_view name;
      Kind argument, result;
    };
    static constexpr Known kKnown[] = {{"LENGTH", Kind::kText, Kind::kNumber},
                                       {"LOWER", Kind::kText, Kind::kText},
                                       {"UPPER", Kind::kText, Kind::kText},
                                       {"ABS", Kind::kNumber, Kind::kNumber}};
    for (const Known& known : kKnown) {
      if (!IsWord(name, known.name)) continue;
      ++at_;  // (
      FERRY_ASSIGN_OR_RETURN(Operand argument, Or());
      if (!IsOperator(Peek(), ")")) return Refuse(Peek());
      ++at_;
      if (argument.kind != known.argument) {
        return Status::InvalidArgument(
            name.text + "(" + argument.sql + ") of a value that is not " +
            (known.argument == Kind::kText ? "text" : "a number") + " in the target");
      }
      std::string pg_name = Upper(known.name);
      for (char& c : pg_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return Operand{pg_name + "(" + argument.sql + ")", known.result};
    }
    return Status::InvalidArgument("function " + name.text + "() is not translated");
  }

  Result<Operand> Column(const std::string& name) {
    std::optional<ExpressionColumn> column = columns_(name);
    if (!column) {
      return Status::InvalidArgument("'" + name + "' is not a column the table copies");
    }
    return Operand{QuoteName(column->name), KindOf(column->type)};
  }

  std::vector<Token> tokens_;
  const ExpressionColumns& columns_;
  size_t at_ = 0;
};

Result<Operand> Translate(std::string_view sql, const ExpressionColumns& columns) {
  FERRY_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(sql));
  return Translator(std::move(tokens), columns).Whole();
}

}  // namespace

Result<std::string> TranslateSqliteCondition(std::string_view sql,
                                             const ExpressionColumns& columns) {
  FERRY_ASSIGN_OR_RETURN(Operand out, Translate(sql, columns));
  if (out.kind != Kind::kCondition) {
    return Status::InvalidArgument(out.sql + " is not a condition in the target");
  }
  return out.sql;
}

Result<std::string> TranslateSqliteValue(std::string_view sql, const ExpressionColumns& columns) {
  FERRY_ASSIGN_OR_RETURN(Operand out, Translate(sql, columns));
  if (out.kind == Kind::kCondition) {
    return Status::InvalidArgument("an index on a condition is not translated");
  }
  return out.sql;
}

}  // namespace ferry
