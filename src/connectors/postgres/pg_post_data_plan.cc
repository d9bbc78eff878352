#include "connectors/postgres/pg_post_data_plan.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "connectors/postgres/pg_sql_text.h"

namespace ferry {
namespace {

enum Wave { kIndexes, kKeys, kAttach, kDependents, kAbout, kRefresh, kWaves };

constexpr std::string_view kUsingIndex = " USING INDEX ";

bool IsKeyFromIndex(const PgDumpEntry& entry) {
  return entry.kind == "CONSTRAINT" && MaskPgSql(entry.sql).find(kUsingIndex) != std::string::npos;
}

Wave WaveOf(const PgDumpEntry& entry) {
  static const std::set<std::string> kAboutKinds = {
      "COMMENT",     "SECURITY LABEL",    "ACL",
      "DEFAULT ACL", "PUBLICATION TABLE", "PUBLICATION TABLES IN SCHEMA"};
  const std::string& kind = entry.kind;
  if (IsKeyFromIndex(entry)) return kKeys;
  if (kind == "INDEX" || kind == "CONSTRAINT") return kIndexes;
  if (kind == "INDEX ATTACH") return kAttach;
  if (kind == "MATERIALIZED VIEW DATA") return kRefresh;
  if (kAboutKinds.contains(kind)) return kAbout;
  return kDependents;
}

bool IsNameChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// Skips `word` and the blanks after it when masked[*i] starts with it.
bool Skip(const std::string& masked, size_t* i, std::string_view word) {
  if (masked.compare(*i, word.size(), word) != 0) return false;
  *i += word.size();
  while (*i < masked.size() && (masked[*i] == ' ' || masked[*i] == '\n')) ++*i;
  return true;
}

// The dotted name at sql[i] ("public.film", "\"S\".\"t\""); the masked text
// tells where a quoted part ends (its inside is '_', never '"').
std::string NameAt(const std::string& sql, const std::string& masked, size_t i) {
  size_t begin = i;
  while (i < masked.size()) {
    if (masked[i] == '"') {
      size_t close = masked.find('"', i + 1);
      if (close == std::string::npos) break;
      i = close + 1;
    } else if (IsNameChar(masked[i])) {
      while (i < masked.size() && IsNameChar(masked[i])) ++i;
    } else {
      break;
    }
    if (i >= masked.size() || masked[i] != '.') break;
    ++i;
  }
  return sql.substr(begin, i - begin);
}

}  // namespace

std::string PgLockedTable(const PgDumpEntry& entry) {
  std::string masked = MaskPgSql(entry.sql);
  size_t i = masked.find_first_not_of(" \n\t");
  if (i == std::string::npos) return "";
  if (Skip(masked, &i, "ALTER TABLE ") || Skip(masked, &i, "ALTER INDEX ")) {
    Skip(masked, &i, "ONLY ");
    return NameAt(entry.sql, masked, i);
  }
  if (!Skip(masked, &i, "CREATE ")) return "";
  // CREATE RULE r AS ON SELECT TO t; CREATE [UNIQUE] INDEX i ON [ONLY] t;
  // CREATE [CONSTRAINT] TRIGGER g … ON t; CREATE POLICY p ON t.
  bool rule = masked.compare(i, 5, "RULE ") == 0;
  size_t on = masked.find(rule ? " TO " : " ON ", i);
  if (on == std::string::npos) return "";
  i = on + 1;
  Skip(masked, &i, rule ? "TO " : "ON ");
  Skip(masked, &i, "ONLY ");
  return NameAt(entry.sql, masked, i);
}

PgDumpScript SplitKeysFromIndexes(
    const PgDumpScript& post_data,
    const std::set<std::pair<std::string, std::string>>& partitioned) {
  // ALTER TABLE ONLY <t> ADD CONSTRAINT <c> {PRIMARY KEY | UNIQUE} (<columns>);
  // and nothing else (no INCLUDE, WITH, DEFERRABLE or tablespace).
  static const std::regex kKey(
      R"(^\s*ALTER TABLE ONLY (\S+)\s+ADD CONSTRAINT (\S+) (PRIMARY KEY|UNIQUE) \(([^()]*)\);\s*$)");
  PgDumpScript out;
  for (const PgDumpEntry& entry : post_data.entries) {
    std::smatch m;
    std::string masked = MaskPgSql(entry.sql);
    bool on_partitioned = std::any_of(partitioned.begin(), partitioned.end(), [&](const auto& t) {
      return t.first == entry.schema && entry.name.starts_with(t.second + " ");
    });
    // Matched on the masked text (a string or comment never matches), cut from the real one.
    if (entry.kind != "CONSTRAINT" || on_partitioned || !std::regex_match(masked, m, kKey)) {
      out.entries.push_back(entry);
      continue;
    }
    auto part = [&](int i) { return entry.sql.substr(m.position(i), m.length(i)); };
    std::string table = part(1), name = part(2), key = part(3), columns = part(4);
    PgDumpEntry index = entry;
    index.kind = "INDEX";
    index.sql = "CREATE UNIQUE INDEX " + name + " ON " + table + " USING btree (" + columns + ");";
    index.owner_sql.clear();
    PgDumpEntry constraint = entry;
    constraint.sql = "ALTER TABLE ONLY " + table + " ADD CONSTRAINT " + name + " " + key +
                     std::string(kUsingIndex) + name + ";";
    out.entries.push_back(std::move(index));
    out.entries.push_back(std::move(constraint));
  }
  return out;
}

std::vector<PgPostDataWave> PlanPgPostData(const PgDumpScript& post_data) {
  std::vector<PgPostDataWave> waves = {
      {"indexes and keys", {}},        {"keys from their unique indexes", {}},
      {"index attachments", {}},       {"foreign keys, triggers, rules and policies", {}},
      {"comments and privileges", {}}, {"materialized view refreshes", {}}};
  std::map<std::string, size_t> group_of[kWaves];
  for (size_t e = 0; e < post_data.entries.size(); ++e) {
    const PgDumpEntry& entry = post_data.entries[e];
    Wave wave = WaveOf(entry);
    auto& groups = waves[wave].groups;
    std::string table = wave == kRefresh ? "all, in order" : PgLockedTable(entry);
    // CREATE INDEX takes a SHARE lock, which does not conflict with itself:
    // the indexes of one table build at once.
    if (entry.kind == "INDEX") table.clear();
    if (table.empty()) {
      groups.push_back({e});
      continue;
    }
    auto [it, added] = group_of[wave].emplace(table, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(e);
  }
  return waves;
}

}  // namespace ferry
