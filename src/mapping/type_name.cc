#include "mapping/type_name.h"

#include <cctype>
#include <charconv>

namespace ferry {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// "10, 2" → {10, 2}; false on anything that is not a comma-separated integer list.
bool ParseArgs(std::string_view text, std::vector<int>* args) {
  while (true) {
    size_t comma = text.find(',');
    std::string_view part = Trim(text.substr(0, comma));
    // SQLite allows signed numbers here ("DECIMAL(+10)"); keep only a leading '+'.
    if (!part.empty() && part.front() == '+') part.remove_prefix(1);
    int value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size()) return false;
    args->push_back(value);
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

TypeName SplitTypeName(std::string_view text) {
  TypeName name;
  text = Trim(text);
  size_t open = text.find('(');
  std::string_view base = Trim(text.substr(0, open));
  bool blank = false;
  for (char c : base) {
    if (IsBlank(c)) {
      blank = true;
      continue;
    }
    if (blank && !name.base.empty()) name.base += ' ';
    blank = false;
    name.base += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (open == std::string_view::npos) return name;
  name.has_args = true;
  size_t close = text.find(')', open);
  if (close == std::string_view::npos || !Trim(text.substr(close + 1)).empty()) {
    name.valid = false;
    return name;
  }
  name.valid = ParseArgs(text.substr(open + 1, close - open - 1), &name.args);
  return name;
}

}  // namespace ferry
