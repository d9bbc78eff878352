// The text form of a plan: one block per table, then skipped objects and warnings.
#include <fmt/format.h>

#include <algorithm>

#include "mapping/plan_printer.h"
#include "mapping/sqlite_types.h"
#include "mapping/utf8.h"

namespace ferry {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// Pads to `width` characters (not bytes), so that unicode names line up.
std::string Pad(const std::string& text, size_t width) {
  size_t chars = CountUtf8Chars(text);
  return chars >= width ? text : text + std::string(width - chars, ' ');
}

void AppendColumns(const TablePlan& table, bool documents, bool show_affinity, std::string* out) {
  std::vector<std::vector<std::string>> rows = {
      {"column", "declared", show_affinity ? "affinity" : "", "postgres", "why"}};
  if (documents) rows[0] = {"column", "", "", "postgres", "from"};
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const Column& target = table.target.columns[i];
    std::string type = target.native_type;
    if (!target.nullable) type += " not null";
    if (target.auto_increment) type += " identity";
    if (target.default_expression) type += " default " + *target.default_expression;
    if (documents) {
      rows.push_back({target.name, "", "", type, table.columns[i].reason});
      continue;
    }
    const Column& source = table.source.columns[table.columns[i].source_column];
    std::string name = source.name == target.name ? source.name : source.name + " → " + target.name;
    rows.push_back({name, source.native_type.empty() ? "(none)" : source.native_type,
                    show_affinity ? std::string(SqliteAffinityName(AffinityOf(source.native_type)))
                                  : std::string(),
                    type, table.columns[i].reason});
  }
  std::vector<size_t> widths(4, 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < 4; ++c) widths[c] = std::max(widths[c], CountUtf8Chars(row[c]));
  }
  for (const auto& row : rows) {
    *out += "    ";
    for (size_t c = 0; c < 4; ++c) {
      if (widths[c] > 0) *out += Pad(row[c], widths[c]) + "  ";
    }
    *out += row[4] + "\n";
  }
}

void AppendKeys(const TableSchema& target, std::string* out) {
  *out += "  primary key: " +
          (target.primary_key.empty() ? "none" : "(" + Join(target.primary_key, ", ") + ")") + "\n";
  for (const auto& unique : target.unique_keys) *out += "  unique: (" + Join(unique, ", ") + ")\n";
  for (const ForeignKey& fk : target.foreign_keys) {
    *out += "  foreign key " + fk.name + ": (" + Join(fk.columns, ", ") + ") → " +
            fk.referenced_table + " (" + Join(fk.referenced_columns, ", ") + ")";
    if (!fk.on_delete.empty() && fk.on_delete != "NO ACTION") *out += " on delete " + fk.on_delete;
    if (!fk.on_update.empty() && fk.on_update != "NO ACTION") *out += " on update " + fk.on_update;
    *out += "\n";
  }
  for (const Index& index : target.indexes) {
    std::vector<std::string> entries = index.columns;
    for (size_t i = 0; i < entries.size() && i < index.options.size(); ++i) {
      if (!index.options[i].empty()) entries[i] += " " + index.options[i];
    }
    *out += std::string("  ") + (index.unique ? "unique index " : "index ") + index.name + ": " +
            (index.method.empty() ? "" : "using " + index.method + " ") + "(" +
            Join(entries, ", ") + ")";
    if (!index.include.empty()) *out += " include (" + Join(index.include, ", ") + ")";
    if (!index.where.empty()) *out += " where " + index.where;
    *out += "\n";
  }
  for (const CheckConstraint& check : target.checks) {
    *out +=
        "  check" + (check.name.empty() ? "" : " " + check.name) + ": " + check.expression + "\n";
  }
}

void AppendTable(const PlanReport& report, size_t i, std::string* out) {
  const TablePlan& table = report.plan->tables[i];
  std::string rows = table.source.estimated_rows < 0
                         ? "row count unknown"
                         : fmt::format("~{} rows", table.source.estimated_rows);
  *out += fmt::format("\nTable {} → {}.{} ({})\n", table.source.name, report.plan->target_schema,
                      table.target.name, rows);
  if (!table.schema_path.empty()) *out += "  schema: " + table.schema_path + "\n";
  if (!table.rows_path.empty()) *out += "  rows: " + table.rows_path + "\n";
  AppendColumns(table, report.documents, report.show_affinity, out);
  if (table.native_schema) return;  // its DDL is the source's, printed by pg_dump --schema-only
  AppendKeys(table.target, out);
  *out += "  DDL:\n";
  auto indent = [](const std::string& sql) {
    std::string text = "    ";
    for (char c : sql) text += c == '\n' ? std::string("\n    ") : std::string(1, c);
    return text + "\n";
  };
  if (i < report.create_sql.size()) *out += indent(report.create_sql[i]);
  if (i < report.post_data_sql.size()) {
    for (const std::string& sql : report.post_data_sql[i]) *out += indent(sql);
  }
}

}  // namespace

std::string FormatPlanText(const PlanReport& report) {
  const Plan& plan = *report.plan;
  std::string out = "Plan: " + report.source + " → " + report.target + " (schema " +
                    plan.target_schema + "); nothing is written by `ferry plan`\n";
  out += "Snapshot: " + report.snapshot_note + "\n";
  if (!report.sample_note.empty()) out += "Sample: " + report.sample_note + "\n";
  if (!report.schema_sql.empty()) out += "\n" + report.schema_sql + "\n";
  size_t warnings = plan.warnings.size(), foreign_keys = 0, indexes = 0;
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    AppendTable(report, i, &out);
    warnings += plan.tables[i].warnings.size();
    foreign_keys += plan.tables[i].target.foreign_keys.size();
    indexes += plan.tables[i].target.indexes.size();
  }
  if (!report.sequence_sql.empty()) {
    out += "\nSequences (created under their own names, after the data):\n";
    for (const std::string& sql : report.sequence_sql) out += "  " + sql + "\n";
  }
  if (!plan.carried.empty()) {
    out += "\nRestored from the source's own schema (pg_dump), not by ferry's DDL:\n";
  }
  for (const SkippedObject& s : plan.carried) out += "  " + s.kind + " " + s.name + "\n";
  if (!plan.skipped.empty()) out += "\nSkipped (not copied):\n";
  for (const SkippedObject& s : plan.skipped) {
    out += "  " + s.kind + " " + s.name + ": " + s.reason + "\n";
  }
  if (warnings > 0) out += "\nWarnings:\n";
  for (const std::string& w : plan.warnings) out += "  " + w + "\n";
  for (const TablePlan& table : plan.tables) {
    for (const std::string& w : table.warnings) out += "  " + table.source.name + ": " + w + "\n";
  }
  out += fmt::format("\n{} tables, {} foreign keys, {} indexes; {} skipped, {} warnings\n",
                     plan.tables.size(), foreign_keys, indexes, plan.skipped.size(), warnings);
  return out;
}

}  // namespace ferry
