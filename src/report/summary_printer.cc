#include "report/summary_printer.h"

#include <fmt/format.h>

#include "report/summary.h"

namespace ferry {

std::string FormatRunLine(const RunProgress& run) {
  return fmt::format("run {}: {}, {} of {} chunk(s) done, {} row(s) in all\n", run.run.run_id,
                     run.run.state, run.chunks_done(), run.chunks_total(), run.rows_done());
}

void SummaryPrinter::RunAlreadyDone(const std::string& run_id, const std::string& finished_at) {
  fmt::print(out_, "run {} already finished at {}; nothing to copy\n", run_id, finished_at);
  std::fflush(out_);
}

Status SummaryPrinter::RunFinished(const RunOutcome& outcome) {
  std::string text = FormatSummary(outcome.stats);
  if (outcome.run != nullptr) text += FormatRunLine(*outcome.run);
  std::fputs(text.c_str(), out_);
  std::fflush(out_);
  return Status::OK();
}

}  // namespace ferry
