#include "connectors/mongo/extended_json_check.h"

#include <bson/bson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <memory>
#include <vector>

namespace ferry {
namespace {

constexpr int kMaxDepth = 200;  // deeper lines are left to libbson, which refuses them
constexpr size_t kShown = 80;   // characters of a value quoted in a message

enum class Kind : uint8_t { kObject, kArray, kString, kNumber, kLiteral };

struct Member {
  std::string_view key;  // decoded
  Kind kind;
  std::string_view raw;  // a string's contents (escapes undecoded) or a number's text
  bool escaped;
};

struct PathPart {
  std::string_view key;
  int64_t index = -1;  // >= 0 for an array element
};

std::string Quote(std::string_view text) {
  std::string out = "\"";
  out.append(text.substr(0, kShown)).append(text.size() > kShown ? "...\"" : "\"");
  return out;
}

bool AllHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(c) != 0; });
}

template <typename T>
bool ParsesWhole(std::string_view s, T* value) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *value);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

bool IsDoubleText(std::string_view s) {
  if (s == "Infinity" || s == "-Infinity" || s == "NaN") return true;
  if (s.find_first_of("iInN") != std::string_view::npos) return false;  // "inf", "nan"
  double d;
  return ParsesWhole(s, &d);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A JSON string's contents with its escapes decoded (already checked by Scanner::String).
std::string Unescape(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out.push_back(raw[i]);
      continue;
    }
    char c = raw[++i];
    if (c != 'u') {
      static constexpr std::string_view kFrom = "bfnrt", kTo = "\b\f\n\r\t";
      size_t k = kFrom.find(c);
      out.push_back(k == std::string_view::npos ? c : kTo[k]);
      continue;
    }
    uint32_t cp = 0;
    std::from_chars(raw.data() + i + 1, raw.data() + i + 5, cp, 16);
    i += 4;
    if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw.substr(i + 1, 2) == "\\u") {
      uint32_t low = 0;
      std::from_chars(raw.data() + i + 3, raw.data() + i + 7, low, 16);
      if (low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 6;
      }
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

// Reads one line as JSON. Functions return false on a syntax error, which
// stops the scan and leaves the line to libbson; a finding is kept (the first
// one) and the scan goes on, so that the _id is known for the message.
class Scanner {
 public:
  // Checks `text`; the scanner's buffers are reused from one line to the next.
  bool Run(std::string_view text, std::string* reason);

 private:
  bool Value(int depth, Kind* kind, std::string_view* raw, bool* escaped);
  bool Object(int depth);
  bool Array(int depth);
  bool String(std::string_view* raw, bool* escaped);
  bool Number(std::string_view* raw);
  bool Literal();
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  void CheckNumber(std::string_view raw);
  void CheckObject(size_t begin);
  void CheckDuplicates(size_t begin);
  void CheckWrapper(const Member& m);
  void CheckRegexOptions(const Member& m);
  void Find(std::string_view key, std::string what);
  std::string PathText(std::string_view last) const;
  std::string_view Decoded(const Member& m);
  std::string_view Keep(std::string text) {
    return *decoded_.emplace_back(std::make_unique<std::string>(std::move(text)));
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Member> members_;  // a stack: each open object's members
  std::vector<PathPart> path_;
  std::vector<std::string_view> keys_;                 // scratch for CheckDuplicates
  std::vector<std::unique_ptr<std::string>> decoded_;  // keys and values that held escapes
  std::string_view id_;                                // the top-level _id as written
  std::string finding_;
};

bool Scanner::Run(std::string_view text, std::string* reason) {
  text_ = text;
  pos_ = 0;
  members_.clear();
  path_.clear();
  decoded_.clear();
  id_ = {};
  finding_.clear();
  SkipSpace();
  if (pos_ >= text_.size()) return true;
  if (text_[pos_] != '{') {
    char first = text_[pos_];
    Kind kind;
    std::string_view raw;
    bool escaped;
    if (!Value(0, &kind, &raw, &escaped)) return true;  // not JSON: libbson says why
    std::string what = kind == Kind::kArray    ? "an array"
                       : kind == Kind::kString ? "a string"
                       : kind == Kind::kNumber ? "a number"
                       : first == 'n'          ? "null"
                                               : "true or false";
    *reason = "the line is " + what + ", not a document: each line must be one JSON object ({...})";
    return false;
  }
  if (!Object(0)) return true;  // a syntax error: libbson says where
  SkipSpace();
  if (finding_.empty() && pos_ < text_.size()) {
    finding_ = "text after the document's closing brace: each line must hold one document";
  }
  if (finding_.empty()) return true;
  *reason = id_.empty() ? finding_ : "document _id " + std::string(id_) + ": " + finding_;
  return false;
}

bool Scanner::Value(int depth, Kind* kind, std::string_view* raw, bool* escaped) {
  SkipSpace();
  if (pos_ >= text_.size() || depth > kMaxDepth) return false;
  *escaped = false;
  switch (text_[pos_]) {
    case '{':
      *kind = Kind::kObject;
      return Object(depth + 1);
    case '[':
      *kind = Kind::kArray;
      return Array(depth + 1);
    case '"':
      *kind = Kind::kString;
      return String(raw, escaped);
    case 't':
    case 'f':
    case 'n':
      *kind = Kind::kLiteral;
      return Literal();
    default:
      *kind = Kind::kNumber;
      if (!Number(raw)) return false;
      CheckNumber(*raw);
      return true;
  }
}

bool Scanner::Object(int depth) {
  ++pos_;  // '{'
  size_t begin = members_.size();
  if (!Eat('}')) {
    do {
      SkipSpace();
      Member m;
      if (!String(&m.raw, &m.escaped) || !Eat(':')) return false;
      m.key = m.escaped ? Keep(Unescape(m.raw)) : m.raw;
      path_.push_back({m.key});
      SkipSpace();
      size_t start = pos_;
      if (!Value(depth, &m.kind, &m.raw, &m.escaped)) return false;
      if (depth == 0 && m.key == "_id") id_ = text_.substr(start, std::min(pos_ - start, kShown));
      path_.pop_back();
      members_.push_back(m);
    } while (Eat(','));
    if (!Eat('}')) return false;
  }
  CheckObject(begin);
  members_.resize(begin);
  return true;
}

bool Scanner::Array(int depth) {
  ++pos_;  // '['
  if (Eat(']')) return true;
  int64_t index = 0;
  do {
    path_.push_back({{}, index++});
    Kind kind;
    std::string_view raw;
    bool escaped;
    if (!Value(depth, &kind, &raw, &escaped)) return false;
    path_.pop_back();
  } while (Eat(','));
  return Eat(']');
}

bool Scanner::String(std::string_view* raw, bool* escaped) {
  if (pos_ >= text_.size() || text_[pos_] != '"') return false;
  size_t start = ++pos_;
  *escaped = false;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '"') {
      *raw = text_.substr(start, pos_++ - start);
      return true;
    }
    if (c == '\\') {
      *escaped = true;
      if (pos_ + 1 >= text_.size()) return false;
      if (text_[pos_ + 1] == 'u') {
        if (pos_ + 6 > text_.size() || !AllHex(text_.substr(pos_ + 2, 4))) return false;
        pos_ += 4;
      } else if (std::string_view("\"\\/bfnrt").find(text_[pos_ + 1]) == std::string_view::npos) {
        return false;
      }
      pos_ += 2;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20) return false;
    ++pos_;
  }
  return false;
}

bool Scanner::Number(std::string_view* raw) {
  size_t start = pos_;
  auto digits = [this] {
    size_t from = pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ > from;
  };
  if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
  if (!digits()) return false;
  if (pos_ < text_.size() && text_[pos_] == '.' && (++pos_, !digits())) return false;
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digits()) return false;
  }
  *raw = text_.substr(start, pos_ - start);
  return true;
}

bool Scanner::Literal() {
  for (std::string_view word : {"true", "false", "null"}) {
    if (text_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      return true;
    }
  }
  return false;
}

void Scanner::CheckNumber(std::string_view raw) {
  if (raw.find_first_of(".eE") == std::string_view::npos) {
    int64_t i;
    if (ParsesWhole(raw, &i)) return;
    Find({}, "the integer " + std::string(raw) +
                 " is beyond the 64-bit range of MongoDB's integers: write it as a string "
                 "or as {\"$numberDecimal\": \"" +
                 std::string(raw) + "\"}");
    return;
  }
  double d;
  if (!ParsesWhole(raw, &d)) {
    Find({}, "the number " + std::string(raw) +
                 " is outside the range of a double (it would become 0 or infinity): write it as "
                 "{\"$numberDecimal\": \"" +
                 std::string(raw) + "\"}");
  }
}

void Scanner::CheckObject(size_t begin) {
  if (begin == members_.size()) return;
  CheckDuplicates(begin);
  bool wrapper = members_[begin].key.starts_with('$');
  bool regex = !path_.empty() && path_.back().key == "$regularExpression";
  for (size_t i = begin; i < members_.size(); ++i) {
    if (wrapper) CheckWrapper(members_[i]);
    if (regex && members_[i].key == "options") CheckRegexOptions(members_[i]);
  }
}

void Scanner::CheckDuplicates(size_t begin) {
  size_t n = members_.size() - begin;
  std::string_view twice;
  if (n <= 8) {  // most objects: compare pairs, no allocation
    for (size_t i = begin; i < members_.size() && twice.empty(); ++i) {
      for (size_t j = i + 1; j < members_.size(); ++j) {
        if (members_[i].key == members_[j].key) twice = members_[i].key;
      }
    }
  } else {
    keys_.clear();
    for (size_t i = begin; i < members_.size(); ++i) keys_.push_back(members_[i].key);
    std::sort(keys_.begin(), keys_.end());
    auto found = std::adjacent_find(keys_.begin(), keys_.end());
    if (found != keys_.end()) twice = *found;
  }
  if (twice.data() == nullptr) return;
  Find(twice, "the key appears twice in one object, and one of its values would be lost: keep one");
}

void Scanner::CheckWrapper(const Member& m) {
  std::string_view key = m.key;
  if (key == "$options") return CheckRegexOptions(m);
  bool known = key == "$oid" || key == "$numberDouble" || key == "$numberInt" ||
               key == "$numberLong" || key == "$numberDecimal";
  if (!known) return;
  std::string shown = "{\"" + std::string(key) + "\": ";
  if (m.kind != Kind::kString) {
    return Find({}, shown + "...} must hold a string (Extended JSON writes numbers as text)");
  }
  std::string_view value = Decoded(m);
  shown += Quote(m.raw) + "}";
  if (key == "$oid" && (value.size() != 24 || !AllHex(value))) {
    return Find({}, shown + " is not an ObjectId (24 hex digits)");
  }
  int32_t i32;
  int64_t i64;
  if ((key == "$numberInt" && !ParsesWhole(value, &i32)) ||
      (key == "$numberLong" && !ParsesWhole(value, &i64))) {
    return Find({}, shown + " is not a whole number in the range of " +
                        (key == "$numberInt" ? "int32" : "int64"));
  }
  if (key == "$numberDouble" && !IsDoubleText(value)) {
    return Find({}, shown +
                        " is not a double (digits, or Infinity, -Infinity, NaN), or is "
                        "beyond its range");
  }
  bson_decimal128_t decimal;
  if (key == "$numberDecimal" &&
      !bson_decimal128_from_string(std::string(value).c_str(), &decimal)) {
    return Find({}, shown +
                        " is not a decimal128 (at most 34 significant digits; "
                        "Infinity, -Infinity, NaN)");
  }
}

void Scanner::CheckRegexOptions(const Member& m) {
  if (m.kind != Kind::kString) return;  // libbson refuses other kinds
  std::string_view options = Decoded(m);
  if (options.find_first_not_of("ilmsux") == std::string_view::npos) return;
  Find({}, "regular expression options " + Quote(m.raw) +
               " hold letters other than i, l, m, s, u, x (libbson would drop them)");
}

void Scanner::Find(std::string_view key, std::string what) {
  if (!finding_.empty()) return;
  finding_ = "field '" + PathText(key) + "': " + what;
}

std::string Scanner::PathText(std::string_view last) const {
  std::string out;
  for (const PathPart& part : path_) {
    if (!out.empty()) out += '.';
    if (part.index >= 0) {
      out += std::to_string(part.index);
    } else {
      out += part.key;
    }
  }
  if (!last.empty()) out += (out.empty() ? "" : ".") + std::string(last);
  return out.empty() ? "(the document)" : out;
}

std::string_view Scanner::Decoded(const Member& m) {
  return m.escaped ? Keep(Unescape(m.raw)) : m.raw;
}

}  // namespace

bool CheckExtendedJsonLine(std::string_view line, std::string* reason) {
  thread_local Scanner scanner;
  return scanner.Run(line, reason);
}

}  // namespace ferry
