#include "verify/verify_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/json_text.h"

namespace ferry {
namespace {

std::string Verdict(const TableResult& t, VerifyLevel level) {
  if (!t.error.ok()) return "error";
  if (!t.schema_differences.empty()) return "schema differs";
  if (!t.Differs()) return "equal";
  if (t.differences_total > 0) {
    return fmt::format("{} difference{}", t.differences_total, t.differences_total == 1 ? "" : "s");
  }
  if (t.source_rows != t.target_rows) return "counts differ";
  if (t.chunks_differing > 0) return "content differs";
  return "rows rejected";
}

std::string TargetSide(const TableResult& t) {
  return t.target_from_run.empty() ? "read" : "run " + t.target_from_run;
}

// Why targets were read rather than taken from a copy run's digests: once
// when every table was read for one reason, else per table.
std::string TargetSideNotes(const VerifyReport& report) {
  std::vector<const TableResult*> read;
  for (const TableResult& t : report.tables) {
    if (t.target_from_run.empty() && !t.target_read_because.empty()) read.push_back(&t);
  }
  if (read.empty()) return "";
  bool one_reason = read.size() == report.tables.size() && read.size() > 1;
  for (const TableResult* t : read) {
    one_reason = one_reason && t->target_read_because == read[0]->target_read_because;
  }
  if (one_reason)
    return "\ntarget side read for every table: " + read[0]->target_read_because + "\n";
  std::string out = "\n";
  for (const TableResult* t : read) {
    out += "target side of " + t->target_table + " read: " + t->target_read_because + "\n";
  }
  return out;
}

std::string DifferenceLine(const RowDifference& d) {
  std::string line = fmt::format("  {:<8} {}", DiffKindName(d.kind), d.key);
  if (d.kind == DiffKind::kMissing) line += "  (in the source, not in the target)";
  if (d.kind == DiffKind::kExtra) line += "  (in the target, not in the source)";
  for (const ColumnDifference& c : d.columns) {
    line += fmt::format("\n           {}: source {}, target {}", c.column, c.source_value,
                        c.target_value);
  }
  return line + "\n";
}

std::string TableDetails(const TableResult& t) {
  std::string out;
  if (!t.error.ok()) out += "  error: " + t.error.message() + "\n";
  for (const std::string& s : t.schema_differences) out += "  schema: " + s + "\n";
  if (t.rejected.rows > 0) {
    out += fmt::format(
        "  {} source row(s) cannot be converted by the mapping, first: {}\n"
        "  (after ferry copy --on-error skip, verify --accept-rejects takes the rows the copy set "
        "aside as known)\n",
        t.rejected.rows, t.rejected.first_reason);
  }
  if (t.rejected.accepted > 0) {
    out += fmt::format("  {} source row(s) set aside by the copy (its rejects files), accepted\n",
                       t.rejected.accepted);
  }
  for (const RowDifference& d : t.differences) out += DifferenceLine(d);
  int64_t rest = t.differences_total - static_cast<int64_t>(t.differences.size());
  if (rest > 0) out += fmt::format("  … and {} more (raise --max-diffs to list them)\n", rest);
  return out.empty() ? out : t.target_table + ":\n" + out;
}

// When tables differ in schema and the copy run was mapped with other
// options, the options are the likely reason: name them and the way on.
std::string OptionsNote(const VerifyReport& report) {
  bool schema_differs =
      std::any_of(report.tables.begin(), report.tables.end(),
                  [](const TableResult& t) { return !t.schema_differences.empty(); });
  if (!schema_differs || report.options_differ.empty()) return "";
  std::string out =
      "\nthe newest finished copy run of this source into this target was mapped with other "
      "options:\n";
  for (const std::string& line : report.options_differ) out += "  " + line + "\n";
  return out +
         "run verify with the mapping options the copy used (--config, --tables, --exclude, "
         "--snake-case, --schema and the document flags)\n";
}

// Rows are not counted on either side of a table whose schema differs.
std::string RowsCell(const TableResult& t, int64_t rows) {
  return t.schema_differences.empty() ? std::to_string(rows) : "-";
}

}  // namespace

std::string FormatVerifyReport(const VerifyReport& report) {
  size_t width = 5;
  for (const TableResult& t : report.tables) width = std::max(width, t.target_table.size());
  std::string out =
      fmt::format("{:<{}}  {:>12}  {:>12}  {:>7}  {:>9}  {:<20}  {}\n", "table", width,
                  "source rows", "target rows", "chunks", "differing", "target side", "result");
  for (const TableResult& t : report.tables) {
    out += fmt::format("{:<{}}  {:>12}  {:>12}  {:>7}  {:>9}  {:<20}  {}\n", t.target_table, width,
                       RowsCell(t, t.source_rows), RowsCell(t, t.target_rows), t.chunks,
                       t.chunks_differing, TargetSide(t), Verdict(t, report.options.level));
  }
  out += TargetSideNotes(report);
  out += OptionsNote(report);
  std::string details;
  for (const TableResult& t : report.tables) details += TableDetails(t);
  if (!details.empty()) out += "\n" + details;
  if (report.HasErrors()) {
    out += "\nverify could not compare every table (see the errors above)\n";
  } else if (report.Differs()) {
    out += fmt::format("\nDIFFERENT: source and target differ (level {})\n",
                       VerifyLevelName(report.options.level));
  } else {
    int64_t accepted = 0;
    for (const TableResult& t : report.tables) accepted += t.rejected.accepted;
    out += fmt::format(
        "\nEQUAL: {} table(s) verified at level {}{}\n", report.tables.size(),
        VerifyLevelName(report.options.level),
        accepted == 0 ? "" : fmt::format(", {} row(s) set aside by the copy accepted", accepted));
  }
  return out;
}

namespace {

void AppendDifferenceJson(const RowDifference& diff, std::string* out) {
  *out += "{\"kind\": ";
  AppendJsonString(DiffKindName(diff.kind), out);
  *out += ", \"key\": ";
  AppendJsonString(diff.key, out);
  *out += ", \"columns\": [";
  for (size_t c = 0; c < diff.columns.size(); ++c) {
    *out += c == 0 ? "{\"column\": " : ", {\"column\": ";
    AppendJsonString(diff.columns[c].column, out);
    *out += ", \"source\": ";
    AppendJsonString(diff.columns[c].source_value, out);
    *out += ", \"target\": ";
    AppendJsonString(diff.columns[c].target_value, out);
    *out += "}";
  }
  *out += "]}";
}

void AppendTableJson(const TableResult& t, std::string* out) {
  *out += "{\"source_table\": ";
  AppendJsonString(t.source_table, out);
  *out += ", \"target_table\": ";
  AppendJsonString(t.target_table, out);
  *out += fmt::format(
      ", \"equal\": {}, \"source_rows\": {}, \"target_rows\": {}, \"chunks\": {}, "
      "\"chunks_differing\": {}, \"rejected_rows\": {}, \"accepted_rejects\": {}, "
      "\"scans\": {}, \"seconds\": {:.3f}",
      !t.Differs() && t.error.ok(), t.source_rows, t.target_rows, t.chunks, t.chunks_differing,
      t.rejected.rows, t.rejected.accepted, t.scans, t.seconds);
  *out += ", \"target_side\": ";
  AppendJsonString(t.target_from_run.empty() ? "read" : "copy run", out);
  if (!t.target_from_run.empty()) {
    *out += ", \"copy_run\": ";
    AppendJsonString(t.target_from_run, out);
  } else if (!t.target_read_because.empty()) {
    *out += ", \"target_read_because\": ";
    AppendJsonString(t.target_read_because, out);
  }
  if (t.rejected.rows > 0) {
    *out += ", \"first_rejection\": ";
    AppendJsonString(t.rejected.first_reason, out);
  }
  if (!t.error.ok()) {
    *out += ", \"error\": ";
    AppendJsonString(t.error.message(), out);
  }
  *out += ", \"schema_differences\": [";
  for (size_t s = 0; s < t.schema_differences.size(); ++s) {
    if (s > 0) *out += ", ";
    AppendJsonString(t.schema_differences[s], out);
  }
  *out += fmt::format(
      "], \"differences_total\": {}, \"differences_not_listed\": {}, "
      "\"differences\": [",
      t.differences_total, t.differences_total - static_cast<int64_t>(t.differences.size()));
  for (size_t d = 0; d < t.differences.size(); ++d) {
    *out += d == 0 ? "\n      " : ",\n      ";
    AppendDifferenceJson(t.differences[d], out);
  }
  *out += t.differences.empty() ? "]}" : "\n    ]}";
}

}  // namespace

std::string VerifyJsonReport(const VerifyReport& report,
                             const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string out = "{\n  \"settings\": {";
  for (size_t i = 0; i < settings.size(); ++i) {
    out += i == 0 ? "" : ", ";
    AppendJsonString(settings[i].first, &out);
    out += ": ";
    AppendJsonString(settings[i].second, &out);
  }
  out += "},\n  \"options_differ\": [";
  for (size_t i = 0; i < report.options_differ.size(); ++i) {
    if (i > 0) out += ", ";
    AppendJsonString(report.options_differ[i], &out);
  }
  out += "],\n  \"level\": ";
  AppendJsonString(VerifyLevelName(report.options.level), &out);
  out += fmt::format(",\n  \"equal\": {},\n  \"errors\": {},\n  \"tables\": [",
                     !report.Differs() && !report.HasErrors(), report.HasErrors());
  for (size_t i = 0; i < report.tables.size(); ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    AppendTableJson(report.tables[i], &out);
  }
  out += report.tables.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace ferry
