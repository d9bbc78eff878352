#include "connectors/postgres/pg_dump_script.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "connectors/postgres/pg_sql_text.h"

namespace ferry {
namespace {

struct Header {
  PgDumpEntry fields;
  bool data = false;  // "Data for Name": table data
};

struct Line {
  size_t begin = 0;
  size_t end = 0;  // excludes the '\n'
};

std::string Dash(std::string_view text) { return text == "-" ? std::string() : std::string(text); }

bool IsKindChar(char c) { return (c >= 'A' && c <= 'Z') || c == ' '; }

// "-- Name: N; Type: T; Schema: S; Owner: O[; Tablespace: X]". T is upper-case
// words, so the first "; Type: T; Schema: " ends the name even when the
// name itself holds "; ".
std::optional<Header> ParseHeaderLine(std::string_view line) {
  Header header;
  if (line.starts_with("-- Name: ")) {
    line.remove_prefix(9);
  } else if (line.starts_with("-- Data for Name: ")) {
    line.remove_prefix(18);
    header.data = true;
  } else {
    return std::nullopt;
  }
  size_t type = 0;
  size_t kind_end = 0;
  for (;; ++type) {
    type = line.find("; Type: ", type);
    if (type == std::string_view::npos) return std::nullopt;
    kind_end = type + 8;
    while (kind_end < line.size() && IsKindChar(line[kind_end])) ++kind_end;
    if (kind_end > type + 8 && line.compare(kind_end, 10, "; Schema: ") == 0) break;
  }
  std::string_view rest = line.substr(kind_end + 10);
  size_t owner = rest.find("; Owner: ");
  if (owner == std::string_view::npos) return std::nullopt;
  std::string_view owner_text = rest.substr(owner + 9);
  if (size_t ts = owner_text.rfind("; Tablespace: "); ts != std::string_view::npos) {
    owner_text = owner_text.substr(0, ts);
  }
  header.fields.name = std::string(line.substr(0, type));
  header.fields.kind = std::string(line.substr(type + 8, kind_end - type - 8));
  header.fields.schema = Dash(rest.substr(0, owner));
  header.fields.owner = Dash(owner_text);
  return header;
}

std::vector<Line> LinesOf(std::string_view text) {
  std::vector<Line> lines;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = std::min(text.find('\n', begin), text.size());
    lines.push_back({begin, end});
    begin = end + 1;
  }
  return lines;
}

bool StartsWithWord(std::string_view statement, std::string_view word) {
  if (statement.size() <= word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if ((statement[i] | 0x20) != (word[i] | 0x20)) return false;
  }
  char next = statement[word.size()];
  return next == ' ' || next == '\t' || next == '\n';
}

// The name a session statement sets, "" when `statement` is not one.
std::string SettingOf(std::string_view statement) {
  constexpr std::string_view kSetConfig = "SELECT pg_catalog.set_config('";
  if (statement.starts_with(kSetConfig)) {
    size_t end = statement.find('\'', kSetConfig.size());
    if (end != std::string_view::npos) {
      return std::string(statement.substr(kSetConfig.size(), end - kSetConfig.size()));
    }
  }
  if (!StartsWithWord(statement, "SET")) return "";
  std::string_view rest = statement.substr(4);
  size_t end = rest.find_first_of(" \t\n=");
  std::string name(rest.substr(0, end));
  // ASCII letters only: `c | 0x20` would turn the '_' of statement_timeout into DEL.
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

bool IsOwnerStatement(std::string_view statement) {
  std::string masked = MaskPgSql(statement);
  return StartsWithWord(masked, "ALTER") && masked.find(" OWNER TO ") != std::string::npos;
}

// The session statements in effect, one per setting, in the order first set.
class Settings {
 public:
  void Apply(std::string setting, std::string_view statement) {
    for (PgDumpSetting& item : items_) {
      if (item.name == setting) {
        item.sql = std::string(statement);
        return;
      }
    }
    items_.push_back({std::move(setting), std::string(statement)});
  }
  const std::vector<PgDumpSetting>& items() const { return items_; }

 private:
  std::vector<PgDumpSetting> items_;
};

int LineAt(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

size_t OffsetIn(std::string_view outer, std::string_view inner) {
  return static_cast<size_t>(inner.data() - outer.data());
}

// Drops \restrict and \unrestrict lines from `clean` (and `masked`); refuses
// any other psql meta-command.
Status DropMetaCommands(const std::vector<Line>& lines, std::string& clean, std::string& masked) {
  for (size_t k = 0; k < lines.size(); ++k) {
    const Line& l = lines[k];
    if (l.end == l.begin || masked[l.begin] != '\\') continue;
    std::string_view line = std::string_view(clean).substr(l.begin, l.end - l.begin);
    if (!StartsWithWord(line, "\\restrict") && !StartsWithWord(line, "\\unrestrict")) {
      size_t word = std::min(line.find_first_of(" \t"), line.size());
      return Status::InvalidArgument(
          "line " + std::to_string(k + 1) + " of the pg_restore script is the psql meta-command " +
          std::string(line.substr(0, word)) +
          ", which ferry cannot run (ferry runs the script's SQL itself, without psql)");
    }
    std::fill(clean.begin() + l.begin, clean.begin() + l.end, ' ');
    std::fill(masked.begin() + l.begin, masked.begin() + l.end, ' ');
  }
  return Status::OK();
}

// A header: "--", [TOC entry / Dependencies lines], "-- Name: …", "--".
// Sets *begin to the offset of its first line and *body past its last.
std::optional<Header> HeaderAt(std::string_view masked, const std::vector<Line>& lines, size_t k,
                               size_t* begin, size_t* body) {
  auto text = [&](size_t i) {
    return masked.substr(lines[i].begin, lines[i].end - lines[i].begin);
  };
  if (k == 0 || k + 1 >= lines.size() || text(k + 1) != "--") return std::nullopt;
  std::optional<Header> header = ParseHeaderLine(text(k));
  if (!header) return std::nullopt;
  size_t j = k - 1;
  while (j > 0 &&
         (text(j).starts_with("-- TOC entry ") || text(j).starts_with("-- Dependencies:"))) {
    --j;
  }
  if (text(j) != "--") return std::nullopt;
  *begin = lines[j].begin;
  *body = std::min(lines[k + 1].end + 1, masked.size());
  return header;
}

struct Located {
  Header header;
  size_t begin = 0;
  size_t body = 0;
  int line = 0;
};

Result<std::vector<Located>> FindHeaders(std::string_view masked, const std::vector<Line>& lines) {
  std::vector<Located> found;
  for (size_t k = 0; k < lines.size(); ++k) {
    Located at;
    std::optional<Header> header = HeaderAt(masked, lines, k, &at.begin, &at.body);
    if (!header) continue;
    at.line = static_cast<int>(k + 1);
    if (header->data) {
      return Status::InvalidArgument(
          "line " + std::to_string(at.line) +
          " of the pg_restore script starts the table data of " + header->fields.name +
          ": ferry runs only the schema (dump with --section=pre-data --section=post-data) and "
          "copies the data itself");
    }
    at.header = std::move(*header);
    found.push_back(std::move(at));
  }
  return found;
}

// Fills entry->sql and owner_sql from `body` (the text after its header);
// returns the session statements it ends with, which are for later entries.
std::vector<std::string_view> SplitEntryBody(std::string_view body, PgDumpEntry* entry) {
  std::vector<std::string_view> statements = SplitPgStatements(body);
  std::vector<std::string_view> settings, owners;
  while (!statements.empty() && !SettingOf(statements.back()).empty()) {
    settings.insert(settings.begin(), statements.back());
    statements.pop_back();
  }
  while (!statements.empty() && IsOwnerStatement(statements.back())) {
    owners.insert(owners.begin(), statements.back());
    statements.pop_back();
  }
  if (!statements.empty()) {
    size_t from = OffsetIn(body, statements.front());
    size_t to = OffsetIn(body, statements.back()) + statements.back().size();
    entry->sql = std::string(body.substr(from, to - from));
  }
  for (std::string_view owner : owners) {
    if (!entry->owner_sql.empty()) entry->owner_sql += "\n";
    entry->owner_sql += owner;
  }
  return settings;
}

}  // namespace

Result<PgDumpScript> ParsePgDumpScript(std::string_view text) {
  std::string clean(text);
  std::string masked = MaskPgSql(text, /*keep_line_comments=*/true);
  std::vector<Line> lines = LinesOf(masked);
  FERRY_RETURN_IF_ERROR(DropMetaCommands(lines, clean, masked));
  FERRY_ASSIGN_OR_RETURN(std::vector<Located> headers, FindHeaders(masked, lines));

  std::string_view all(clean);
  Settings settings;
  size_t preamble_end = headers.empty() ? all.size() : headers.front().begin;
  for (std::string_view statement : SplitPgStatements(all.substr(0, preamble_end))) {
    std::string setting = SettingOf(statement);
    if (setting.empty()) {
      return Status::InvalidArgument(
          "line " + std::to_string(LineAt(all, OffsetIn(all, statement))) +
          " of the pg_restore script holds a statement before the first entry header, where only "
          "session settings (SET …) belong: " +
          std::string(statement.substr(0, std::min<size_t>(statement.size(), 60))));
    }
    settings.Apply(std::move(setting), statement);
  }

  PgDumpScript script;
  for (size_t i = 0; i < headers.size(); ++i) {
    size_t end = i + 1 < headers.size() ? headers[i + 1].begin : all.size();
    PgDumpEntry entry = std::move(headers[i].header.fields);
    entry.line = headers[i].line;
    entry.settings = settings.items();
    for (std::string_view s :
         SplitEntryBody(all.substr(headers[i].body, end - headers[i].body), &entry)) {
      settings.Apply(SettingOf(s), s);
    }
    script.entries.push_back(std::move(entry));
  }
  return script;
}

}  // namespace ferry
