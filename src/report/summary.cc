#include "report/summary.h"

#include <fmt/format.h>

#include <vector>

#include "core/json_text.h"

namespace ferry {
namespace {

std::string_view StateName(TableState state) {
  switch (state) {
    case TableState::kPending:
      return "not started";
    case TableState::kRunning:
      return "running";
    case TableState::kDone:
      return "done";
    case TableState::kFailed:
      return "failed";
    case TableState::kCancelled:
      return "cancelled";
  }
  return "?";
}

double Rate(int64_t rows, double seconds) { return seconds > 0 ? rows / seconds : 0; }

void AppendTableJson(const TableStats& table, const TablePlan* plan, std::string* out) {
  out->append("{\"source\":");
  AppendJsonString(table.source_name, out);
  out->append(",\"target\":");
  AppendJsonString(table.target_name, out);
  out->append(
      fmt::format(",\"state\":\"{}\",\"rows_read\":{},\"rows_written\":{},\"rows_rejected\":{},"
                  "\"rows_done_earlier\":{},\"chunks_done_earlier\":{},"
                  "\"seconds\":{:.3f},\"rows_per_second\":{:.0f},\"columns\":[",
                  StateName(table.state), table.rows_read.load(), table.rows_written.load(),
                  table.rows_rejected.load(), table.rows_done_before, table.chunks_done_before,
                  table.Seconds(), Rate(table.rows_written, table.Seconds())));
  for (size_t i = 0; plan != nullptr && i < plan->target.columns.size(); ++i) {
    const Column& target = plan->target.columns[i];
    const ColumnPlan& how = plan->columns[i];
    if (i > 0) out->push_back(',');
    out->append("{\"source\":");
    bool has_source =
        how.source_column >= 0 && how.source_column < static_cast<int>(plan->source.columns.size());
    if (has_source) {
      const Column& source = plan->source.columns[how.source_column];
      AppendJsonString(source.name, out);
      out->append(",\"source_type\":");
      AppendJsonString(source.native_type, out);
    } else {
      out->append("null,\"source_type\":null");
    }
    out->append(",\"target\":");
    AppendJsonString(target.name, out);
    out->append(",\"target_type\":");
    AppendJsonString(target.native_type, out);
    out->append(",\"logical_type\":");
    AppendJsonString(LogicalTypeName(target.type), out);
    out->append(",\"reason\":");
    AppendJsonString(how.reason, out);
    out->push_back('}');
  }
  out->append("]}");
}

}  // namespace

std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

namespace {

bool AnyDoneEarlier(const RunStats& stats) {
  for (const auto& t : stats.tables) {
    if (t->chunks_done_before > 0) return true;
  }
  return false;
}

// What follows a table's row: its state when not done, and what earlier runs did.
std::string TableNote(const TableStats& t) {
  std::vector<std::string> notes;
  if (t.DoneEarlier()) {
    notes.push_back("done earlier");
  } else if (t.chunks_done_before > 0) {
    notes.push_back(
        fmt::format("{} of {} chunks done earlier", t.chunks_done_before, t.chunks_total));
  }
  if (t.state != TableState::kDone) notes.push_back(std::string(StateName(t.state)));
  std::string out;
  for (const std::string& note : notes) out += (out.empty() ? "" : ", ") + note;
  return out.empty() ? out : "  (" + out + ")";
}

}  // namespace

std::string FormatSummary(const RunStats& stats) {
  size_t width = 5;
  for (const auto& t : stats.tables) width = std::max(width, t->target_name.size());
  // Resumed runs add a column: rows of the chunks done by earlier runs.
  bool earlier = AnyDoneEarlier(stats);
  auto earlier_cell = [&](const std::string& text) {
    return earlier ? fmt::format("  {:>12}", text) : std::string();
  };
  std::string out =
      fmt::format("{:<{}}  {:>12}  {:>12}  {:>9}{}  {:>8}  {:>10}\n", "table", width, "rows read",
                  "written", "rejected", earlier_cell("done earlier"), "seconds", "rows/s");
  int64_t read = 0, written = 0, rejected = 0, before = 0;
  for (const auto& t : stats.tables) {
    out += fmt::format("{:<{}}  {:>12}  {:>12}  {:>9}{}  {:>8.2f}  {:>10.0f}", t->target_name,
                       width, t->rows_read.load(), t->rows_written.load(), t->rows_rejected.load(),
                       earlier_cell(std::to_string(t->rows_done_before)), t->Seconds(),
                       Rate(t->rows_written, t->Seconds()));
    out += TableNote(*t) + "\n";
    read += t->rows_read;
    written += t->rows_written;
    rejected += t->rows_rejected;
    before += t->rows_done_before;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - stats.started).count();
  out += fmt::format("{:<{}}  {:>12}  {:>12}  {:>9}{}  {:>8.2f}  {:>10.0f}\n", "total", width, read,
                     written, rejected, earlier_cell(std::to_string(before)), seconds,
                     Rate(written, seconds));
  return out;
}

std::string JsonReport(const RunStats& stats, const Plan& plan, const ReportSettings& settings,
                       const Status& outcome) {
  std::string out = "{\"ferry_version\":\"" FERRY_VERSION "\",\"settings\":{";
  for (size_t i = 0; i < settings.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(settings[i].first, &out);
    out.push_back(':');
    AppendJsonString(settings[i].second, &out);
  }
  out.append(fmt::format("}},\"ok\":{},\"error\":", outcome.ok() ? "true" : "false"));
  if (outcome.ok())
    out.append("null");
  else
    AppendJsonString(outcome.message(), &out);
  out.append(",\"tables\":[");
  int64_t read = 0, written = 0, rejected = 0;
  for (size_t i = 0; i < stats.tables.size(); ++i) {
    const TableStats& t = *stats.tables[i];
    const TablePlan* table_plan = nullptr;
    for (const TablePlan& p : plan.tables) {
      if (p.target.name == t.target_name) table_plan = &p;
    }
    if (i > 0) out.push_back(',');
    AppendTableJson(t, table_plan, &out);
    read += t.rows_read;
    written += t.rows_written;
    rejected += t.rows_rejected;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - stats.started).count();
  out.append(
      fmt::format("],\"totals\":{{\"rows_read\":{},\"rows_written\":{},\"rows_rejected\":{},"
                  "\"seconds\":{:.3f}}},\"skipped\":[",
                  read, written, rejected, seconds));
  for (size_t i = 0; i < plan.skipped.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append("{\"kind\":");
    AppendJsonString(plan.skipped[i].kind, &out);
    out.append(",\"name\":");
    AppendJsonString(plan.skipped[i].name, &out);
    out.append(",\"reason\":");
    AppendJsonString(plan.skipped[i].reason, &out);
    out.push_back('}');
  }
  return out + "]}\n";
}

}  // namespace ferry
