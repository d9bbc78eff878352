// The JSON form of a plan (`ferry plan --json`).
#include <string>
#include <vector>

#include "core/json_text.h"
#include "ferry/logical_type.h"
#include "mapping/plan_printer.h"
#include "mapping/sqlite_types.h"

namespace ferry {
namespace {

// Appends "key": to an object being written; `first` tracks the comma.
class JsonObject {
 public:
  explicit JsonObject(std::string* out) : out_(out) { *out_ += '{'; }
  void Key(std::string_view key) {
    if (!first_) *out_ += ',';
    first_ = false;
    AppendJsonString(key, out_);
    *out_ += ':';
  }
  void String(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(value, out_);
  }
  void Raw(std::string_view key, const std::string& json) {
    Key(key);
    *out_ += json;
  }
  void Close() { *out_ += '}'; }

 private:
  std::string* out_;
  bool first_ = true;
};

std::string Strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(items[i], &out);
  }
  return out + "]";
}

std::string Bool(bool b) { return b ? "true" : "false"; }

void AppendSample(const ValueSample& s, std::string* out) {
  JsonObject o(out);
  o.Raw("rows", std::to_string(s.rows));
  o.Raw("null", std::to_string(s.nulls));
  o.Raw("integer", std::to_string(s.integers));
  o.Raw("real", std::to_string(s.reals));
  o.Raw("text", std::to_string(s.texts));
  o.Raw("blob", std::to_string(s.blobs));
  o.Raw("rejected", std::to_string(s.rejected));
  if (s.rejected > 0) o.String("first_rejection", s.first_rejection);
  o.Close();
}

void AppendColumn(const TablePlan& table, size_t i, bool documents, bool show_affinity,
                  std::string* out) {
  const Column& target = table.target.columns[i];
  JsonObject o(out);
  if (!documents) {
    const Column& source = table.source.columns[table.columns[i].source_column];
    o.String("source", source.name);
    o.String("declared_type", source.native_type);
    if (show_affinity) o.String("affinity", SqliteAffinityName(AffinityOf(source.native_type)));
  }
  o.String("target", target.name);
  o.String("logical_type", LogicalTypeName(target.type));
  o.String("pg_type", target.native_type);
  o.Raw("nullable", Bool(target.nullable));
  o.Raw("auto_increment", Bool(target.auto_increment));
  if (target.default_expression) o.String("default", *target.default_expression);
  o.String("reason", table.columns[i].reason);
  if (i < table.samples.size()) {
    o.Key("sample");
    AppendSample(table.samples[i], out);
  }
  o.Close();
}

void AppendConstraints(const TableSchema& target, JsonObject& table, std::string* out) {
  table.Raw("primary_key", Strings(target.primary_key));
  table.Key("unique_keys");
  *out += '[';
  for (size_t i = 0; i < target.unique_keys.size(); ++i) {
    *out += (i > 0 ? "," : "") + Strings(target.unique_keys[i]);
  }
  *out += ']';
  table.Key("foreign_keys");
  *out += '[';
  for (size_t i = 0; i < target.foreign_keys.size(); ++i) {
    const ForeignKey& fk = target.foreign_keys[i];
    if (i > 0) *out += ',';
    JsonObject o(out);
    o.String("name", fk.name);
    o.Raw("columns", Strings(fk.columns));
    o.String("referenced_table", fk.referenced_table);
    o.Raw("referenced_columns", Strings(fk.referenced_columns));
    o.String("on_delete", fk.on_delete);
    o.String("on_update", fk.on_update);
    o.Close();
  }
  *out += ']';
  table.Key("indexes");
  *out += '[';
  for (size_t i = 0; i < target.indexes.size(); ++i) {
    if (i > 0) *out += ',';
    JsonObject o(out);
    o.String("name", target.indexes[i].name);
    o.Raw("columns", Strings(target.indexes[i].columns));
    o.Raw("unique", Bool(target.indexes[i].unique));
    o.String("method", target.indexes[i].method.empty() ? "btree" : target.indexes[i].method);
    o.Raw("options", Strings(target.indexes[i].options));
    o.Raw("include", Strings(target.indexes[i].include));
    o.String("where", target.indexes[i].where);
    o.Close();
  }
  *out += ']';
  table.Key("checks");
  *out += '[';
  for (size_t i = 0; i < target.checks.size(); ++i) {
    if (i > 0) *out += ',';
    JsonObject o(out);
    o.String("name", target.checks[i].name);
    o.String("expression", target.checks[i].expression);
    o.Close();
  }
  *out += ']';
}

void AppendTable(const PlanReport& report, size_t i, std::string* out) {
  const TablePlan& table = report.plan->tables[i];
  JsonObject o(out);
  o.String("source", table.source.name);
  o.String("target", table.target.name);
  o.Raw("estimated_rows", std::to_string(table.source.estimated_rows));
  o.Key("columns");
  *out += '[';
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) *out += ',';
    AppendColumn(table, c, report.documents, report.show_affinity, out);
  }
  *out += ']';
  AppendConstraints(table.target, o, out);
  std::vector<std::string> ddl;
  if (i < report.create_sql.size()) ddl.push_back(report.create_sql[i]);
  if (i < report.post_data_sql.size()) {
    ddl.insert(ddl.end(), report.post_data_sql[i].begin(), report.post_data_sql[i].end());
  }
  o.Raw("ddl", Strings(ddl));
  if (!table.schema_path.empty()) o.String("schema_path", table.schema_path);
  if (!table.rows_path.empty()) o.String("rows_path", table.rows_path);
  o.Raw("warnings", Strings(table.warnings));
  o.Close();
}

// [{"kind", "name"[, "reason"]}, ...] of `objects`.
void AppendObjects(const std::vector<SkippedObject>& objects, bool with_reason, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) *out += ',';
    JsonObject s(out);
    s.String("kind", objects[i].kind);
    s.String("name", objects[i].name);
    if (with_reason) s.String("reason", objects[i].reason);
    s.Close();
  }
  *out += ']';
}

}  // namespace

std::string FormatPlanJson(const PlanReport& report) {
  const Plan& plan = *report.plan;
  std::string out;
  JsonObject o(&out);
  o.String("source", report.source);
  o.String("target", report.target);
  o.String("schema", plan.target_schema);
  o.String("snapshot", report.snapshot_note);
  o.String("sample", report.sample_note);
  if (!report.schema_sql.empty()) o.String("schema_ddl", report.schema_sql);
  o.Key("tables");
  out += '[';
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    if (i > 0) out += ',';
    AppendTable(report, i, &out);
  }
  out += ']';
  o.Key("skipped");
  AppendObjects(plan.skipped, /*with_reason=*/true, &out);
  o.Key("carried");
  AppendObjects(plan.carried, /*with_reason=*/false, &out);
  o.Raw("sequence_ddl", Strings(report.sequence_sql));
  o.Raw("warnings", Strings(plan.warnings));
  o.Close();
  return out + "\n";
}

}  // namespace ferry
