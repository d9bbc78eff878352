// SummaryPrinter: the RunObserver that prints the summary table at the end of
// a run (FormatSummary), and for a chunked run one line on the run as a whole
// ("run 3f2a…: done, 12 of 12 chunk(s) done, 40,000 row(s) in all"). It
// prints nothing while the run goes on.
#ifndef FERRY_REPORT_SUMMARY_PRINTER_H_
#define FERRY_REPORT_SUMMARY_PRINTER_H_

#include <cstdio>
#include <string>

#include "pipeline/run_observer.h"

namespace ferry {

// "run ID: STATE, 3 of 5 chunk(s) done, 2100 row(s) in all\n".
std::string FormatRunLine(const RunProgress& run);

class SummaryPrinter : public RunObserver {
 public:
  // Prints to `out` (not owned; flushed after each print).
  explicit SummaryPrinter(FILE* out = stdout) : out_(out) {}

  void RunAlreadyDone(const std::string& run_id, const std::string& finished_at) override;
  Status RunFinished(const RunOutcome& outcome) override;

 private:
  FILE* const out_;
};

}  // namespace ferry

#endif  // FERRY_REPORT_SUMMARY_PRINTER_H_
