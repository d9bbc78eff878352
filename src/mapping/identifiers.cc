#include "mapping/identifiers.h"

#include <xxhash.h>

#include <cstdio>

#include "mapping/utf8.h"

namespace ferry {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAscii(char c) { return static_cast<unsigned char>(c) < 0x80; }
bool IsWordChar(char c) { return IsUpper(c) || IsLower(c) || IsDigit(c) || !IsAscii(c); }

// True when a '_' goes before name[i] (an upper-case letter).
bool StartsWord(std::string_view name, size_t i) {
  if (i == 0) return false;
  char before = name[i - 1];
  if (IsLower(before) || IsDigit(before)) return true;
  bool next_lower = i + 1 < name.size() && IsLower(name[i + 1]);
  return IsUpper(before) && next_lower;
}

}  // namespace

std::string SnakeCase(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!IsWordChar(c)) {
      if (!out.empty() && out.back() != '_') out += '_';
      continue;
    }
    if (IsUpper(c) && StartsWord(name, i) && !out.empty() && out.back() != '_') out += '_';
    out += IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? std::string(name) : out;
}

std::string ShortenIdentifier(std::string_view name, size_t max_bytes) {
  if (max_bytes == 0 || name.size() <= max_bytes) return std::string(name);
  const size_t kKeep = max_bytes - 9;
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x",
                static_cast<unsigned>(XXH64(name.data(), name.size(), 0) & 0xffffffffu));
  std::string out(name.substr(0, Utf8PrefixLength(name, kKeep)));
  return out + "_" + hash;
}

}  // namespace ferry
