#include "pipeline/run_identity.h"

#include <xxhash.h>

#include <cstdio>
#include <set>

namespace ferry {
namespace {

// Length-prefixed, so that no two different inputs give the same bytes.
void AppendField(std::string_view field, std::string* out) {
  *out += std::to_string(field.size());
  *out += ':';
  *out += field;
}

std::string Shown(const RunOptions& options, const std::string& name) {
  auto it = options.find(name);
  if (it == options.end()) return "(not set)";
  return it->second.empty() ? "\"\"" : it->second;
}

}  // namespace

std::string TargetIdentity(const Endpoint& target, const std::string& schema) {
  return target.Redacted() + " schema " + schema;
}

std::string MakeRunId(const std::string& source, const std::string& target,
                      const RunOptions& options) {
  std::string bytes;
  AppendField(source, &bytes);
  AppendField(target, &bytes);
  for (const auto& [name, value] : options) {
    AppendField(name, &bytes);
    AppendField(value, &bytes);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
  return hex;
}

std::vector<std::string> DiffRunOptions(const RunOptions& before, const RunOptions& now,
                                        const std::string& before_run_id) {
  std::set<std::string> names;
  for (const auto& entry : before) names.insert(entry.first);
  for (const auto& entry : now) names.insert(entry.first);
  std::vector<std::string> lines;
  for (const std::string& name : names) {
    std::string was = Shown(before, name), is = Shown(now, name);
    if (was == is) continue;
    lines.push_back(name + ": " + was + " in run " + before_run_id + ", " + is + " now");
  }
  return lines;
}

}  // namespace ferry
