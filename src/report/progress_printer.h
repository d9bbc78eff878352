// ProgressPrinter: shows how a copy is going while it runs.
//
// On a terminal: one live line per table being copied (TableStats::Copying:
// rows done/total, rows/s, ETA), redrawn a few times a second. Otherwise: one
// log line per such table every 5 seconds. Finished tables get no more lines.
// Totals are row estimates; rows done by earlier runs count as done. A
// RunObserver: it only reads the RunStats, on its own thread, from
// CopyStarted until CopyEnded (or Stop(), or destruction).
#ifndef FERRY_REPORT_PROGRESS_PRINTER_H_
#define FERRY_REPORT_PROGRESS_PRINTER_H_

#include <cstdio>
#include <string>
#include <thread>

#include "pipeline/run_observer.h"
#include "pipeline/run_stats.h"

namespace ferry {

// "album  12,000/40,000 rows  8,000 rows/s  ETA 4s" for one running table.
std::string ProgressLine(const TableStats& table, size_t name_width);

class ProgressPrinter : public RunObserver {
 public:
  // `live`: redraw lines on `terminal` (a TTY); else log every 5 s.
  explicit ProgressPrinter(bool live, FILE* terminal = stderr) : live_(live), terminal_(terminal) {}
  ~ProgressPrinter() override { Stop(); }

  // Starts the printer thread on `stats`.
  void CopyStarted(const RunStats& stats) override;
  void CopyEnded() override { Stop(); }
  // Stops the thread and clears the live lines.
  void Stop();

 private:
  void Loop(std::stop_token stop);
  void Draw();

  const RunStats* stats_ = nullptr;  // set by CopyStarted, before the thread starts
  const bool live_;
  FILE* const terminal_;
  int lines_drawn_ = 0;  // printer thread only
  std::jthread thread_;
};

}  // namespace ferry

#endif  // FERRY_REPORT_PROGRESS_PRINTER_H_
