#include "mapping/document_names.h"

#include <cctype>

namespace ferry {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

void AppendUnderscore(std::string* out) {
  if (!out->empty() && out->back() != '_') *out += '_';
}

}  // namespace

std::string KeyToNamePart(std::string_view key) {
  while (key.starts_with(kBom)) key.remove_prefix(kBom.size());
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    unsigned char c = key[i];
    if (std::isupper(c)) {
      bool after_lower = i > 0 && (std::islower(static_cast<unsigned char>(key[i - 1])) ||
                                   std::isdigit(static_cast<unsigned char>(key[i - 1])));
      bool before_lower =
          i + 1 < key.size() && std::islower(static_cast<unsigned char>(key[i + 1]));
      bool after_upper = i > 0 && std::isupper(static_cast<unsigned char>(key[i - 1]));
      if (after_lower || (after_upper && before_lower)) AppendUnderscore(&out);
      out += static_cast<char>(std::tolower(c));
    } else if (std::isalnum(c) || c == '_' || c >= 0x80) {
      out += static_cast<char>(c);  // UTF-8 letters stay: PostgreSQL names may hold them
    } else {
      AppendUnderscore(&out);
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  size_t first = out.find_first_not_of('_');
  if (first == std::string::npos)
    return key.starts_with("_") && key.size() > 1 ? std::string(key) : "";
  // Keep one leading underscore of keys like "_id", drop the ones separators made.
  return key.starts_with("_") ? "_" + out.substr(first) : out.substr(first);
}

std::string PathToName(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& key : path) {
    std::string part = KeyToNamePart(key);
    if (part.empty()) continue;
    if (!out.empty()) out += '_';
    out += part;
  }
  if (out.empty()) out = "field";
  if (out.size() > kMaxIdentifierBytes) {
    out.resize(kMaxIdentifierBytes);
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  }
  return out;
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
    candidate = name.substr(0, kMaxIdentifierBytes - suffix.size()) + suffix;
  }
  taken_.insert(candidate);
  return candidate;
}

}  // namespace ferry
