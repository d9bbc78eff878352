#include "report/run_status.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/json_text.h"
#include "report/summary.h"

namespace ferry {
namespace {

// "host-a:42 (live), host-a:7 (dead: no process 7 on this host), 2 exited".
std::string Workers(const std::vector<WorkerRecord>& workers) {
  std::string out;
  int exited = 0;
  for (const WorkerRecord& w : workers) {
    if (w.state == "exited") {
      ++exited;
      continue;
    }
    out += (out.empty() ? "" : ", ") + w.process + " (" + w.state +
           (w.why.empty() ? "" : ": " + w.why) + ")";
  }
  if (exited > 0) out += (out.empty() ? "" : ", ") + std::to_string(exited) + " exited";
  return out.empty() ? "none" : out;
}

std::string TableLine(const TableProgress& t, size_t width) {
  return fmt::format(
      "{:<{}}  {:<11}  {:>11}  {:>12}  {:>8}  {:>7}  {:>6}\n", t.target_name, width, t.chunk_by,
      std::to_string(t.chunks_done) + "/" + std::to_string(t.chunks_total), Grouped(t.rows_done),
      Grouped(static_cast<int64_t>(t.rows_per_second)), t.workers, t.errors);
}

}  // namespace

std::string FormatRunStatus(const RunProgress& p) {
  const RunRecord& run = p.run;
  std::string out = fmt::format("run {}: {}, started {}{}\n", run.run_id, run.state, run.created_at,
                                run.finished_at.empty() ? "" : ", finished " + run.finished_at);
  out += "source  " + run.source +
         (run.snapshot_note.empty() ? "" : " (" + run.snapshot_note + ")") + "\ntarget  " +
         run.target + "\nworkers " + Workers(p.workers) + "\n\n";
  size_t width = 5;
  for (const TableProgress& t : p.tables) width = std::max(width, t.target_name.size());
  out += fmt::format("{:<{}}  {:<11}  {:>11}  {:>12}  {:>8}  {:>7}  {:>6}\n", "table", width,
                     "chunked by", "chunks", "rows", "rows/s", "workers", "errors");
  for (const TableProgress& t : p.tables) out += TableLine(t, width);
  out += fmt::format("{:<{}}  {:<11}  {:>11}  {:>12}\n", "total", width, "",
                     std::to_string(p.chunks_done()) + "/" + std::to_string(p.chunks_total()),
                     Grouped(p.rows_done()));
  for (const TableProgress& t : p.tables) {
    if (!t.last_error.empty()) out += "\nlast error of " + t.target_name + ": " + t.last_error;
  }
  return out;
}

std::string RunStatusJson(const RunProgress& p) {
  std::string out = "{\"run_id\":";
  AppendJsonString(p.run.run_id, &out);
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"state", &p.run.state},
                             {"source", &p.run.source},
                             {"target", &p.run.target},
                             {"snapshot", &p.run.snapshot_note},
                             {"created_at", &p.run.created_at},
                             {"finished_at", &p.run.finished_at}}) {
    out += fmt::format(",\"{}\":", name);
    AppendJsonString(*value, &out);
  }
  out += ",\"workers\":[";  // the live ones, by name
  bool first = true;
  for (const WorkerRecord& w : p.workers) {
    if (w.state != "live") continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(w.process, &out);
  }
  out += "],\"worker_states\":[";
  for (size_t i = 0; i < p.workers.size(); ++i) {
    const WorkerRecord& w = p.workers[i];
    out += i > 0 ? ",{\"process\":" : "{\"process\":";
    AppendJsonString(w.process, &out);
    out += ",\"state\":";
    AppendJsonString(w.state, &out);
    out += ",\"why\":";
    AppendJsonString(w.why, &out);
    out += fmt::format(",\"heartbeat_age_seconds\":{:.0f},\"chunks_held\":{}}}",
                       w.heartbeat_age_seconds, w.chunks_held);
  }
  out += fmt::format("],\"chunks_done\":{},\"chunks_total\":{},\"rows_done\":{},\"tables\":[",
                     p.chunks_done(), p.chunks_total(), p.rows_done());
  for (size_t i = 0; i < p.tables.size(); ++i) {
    const TableProgress& t = p.tables[i];
    out += i > 0 ? ",{\"source\":" : "{\"source\":";
    AppendJsonString(t.source_name, &out);
    out += ",\"target\":";
    AppendJsonString(t.target_name, &out);
    out += fmt::format(
        ",\"chunk_by\":\"{}\",\"chunks_done\":{},\"chunks_total\":{},\"chunks_running\":{},"
        "\"rows_done\":{},\"rows_per_second\":{:.0f},\"workers\":{},\"errors\":{},\"last_error\":",
        t.chunk_by, t.chunks_done, t.chunks_total, t.chunks_running, t.rows_done, t.rows_per_second,
        t.workers, t.errors);
    AppendJsonString(t.last_error, &out);
    out += '}';
  }
  return out + "]}\n";
}

}  // namespace ferry
