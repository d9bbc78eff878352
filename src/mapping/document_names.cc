#include "mapping/document_names.h"

#include <cctype>

#include "mapping/identifiers.h"

namespace ferry {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool HasWordCharacter(std::string_view s) {
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) return true;
  }
  return false;
}

}  // namespace

std::string KeyToNamePart(std::string_view key, bool snake_case) {
  while (key.starts_with(kBom)) key.remove_prefix(kBom.size());
  if (!snake_case) return std::string(key);
  std::string part = SnakeCase(key);
  return HasWordCharacter(part) ? part : "";
}

std::string PathToName(const std::vector<std::string>& path, bool snake_case, size_t max_bytes) {
  std::string out;
  for (const std::string& key : path) {
    std::string part = KeyToNamePart(key, snake_case);
    if (part.empty()) continue;
    if (!out.empty()) out += '_';
    out += part;
  }
  if (out.empty()) out = "field";
  return ShortenIdentifier(out, max_bytes);
}

std::string PathToText(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& key : path) {
    if (!out.empty()) out += '.';
    out += key;
  }
  return out;
}

std::string NameSet::Claim(const std::string& name) {
  std::string candidate = name;
  for (int n = 2; taken_.count(candidate) > 0; ++n) {
    std::string suffix = "_" + std::to_string(n);
    candidate =
        ShortenIdentifier(name + suffix, max_bytes_);  // hashes the whole name when too long
  }
  taken_.insert(candidate);
  return candidate;
}

}  // namespace ferry
