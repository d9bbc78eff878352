#include "report/progress_printer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

#include "report/summary.h"

namespace ferry {
namespace {

constexpr auto kLiveInterval = std::chrono::milliseconds(250);
constexpr auto kLogInterval = std::chrono::seconds(5);

std::string Duration(double seconds) {
  int64_t s = static_cast<int64_t>(seconds + 0.5);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

}  // namespace

std::string ProgressLine(const TableStats& table, size_t name_width) {
  // Rows of chunks done before this process began count towards the total;
  // the rate is this process's own.
  int64_t now = table.rows_written.load() + table.rows_rejected.load();
  int64_t done = table.rows_done_before + now;
  double seconds = table.Seconds();
  double rate = seconds > 0 ? static_cast<double>(now) / seconds : 0;
  std::string total = table.estimated_rows >= 0 ? Grouped(table.estimated_rows) : "?";
  std::string line = fmt::format("{:<{}}  {}/{} rows  {} rows/s", table.target_name, name_width,
                                 Grouped(done), total, Grouped(static_cast<int64_t>(rate)));
  if (table.estimated_rows > done && rate > 0) {
    line += "  ETA " + Duration(static_cast<double>(table.estimated_rows - done) / rate);
  }
  if (table.rows_rejected.load() > 0) line += "  " + Grouped(table.rows_rejected) + " rejected";
  return line;
}

void ProgressPrinter::CopyStarted(const RunStats& stats) {
  Stop();
  stats_ = &stats;
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void ProgressPrinter::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  if (live_ && lines_drawn_ > 0) {
    fmt::print(terminal_, "\x1b[{}A\x1b[J", lines_drawn_);  // up, then clear to the end
    std::fflush(terminal_);
  }
  lines_drawn_ = 0;
}

void ProgressPrinter::Loop(std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  while (!wake.wait_for(lock, stop, live_ ? std::chrono::milliseconds(kLiveInterval) : kLogInterval,
                        [] { return false; })) {
    if (stop.stop_requested()) break;
    Draw();
  }
}

void ProgressPrinter::Draw() {
  size_t width = 0;
  for (const auto& table : stats_->tables) width = std::max(width, table->target_name.size());
  std::string text;
  int lines = 0;
  for (const auto& table : stats_->tables) {
    if (!table->Copying()) continue;  // not yet, or done: no line repeated
    std::string line = ProgressLine(*table, width);
    if (!live_) {
      spdlog::info("progress: {}", line);
      continue;
    }
    text += "\x1b[2K" + line + "\n";
    ++lines;
  }
  if (!live_) return;
  if (lines_drawn_ > 0) text = fmt::format("\x1b[{}A\x1b[J", lines_drawn_) + text;
  std::fputs(text.c_str(), terminal_);
  std::fflush(terminal_);
  lines_drawn_ = lines;
}

}  // namespace ferry
