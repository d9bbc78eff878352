#include "report/json_report_file.h"

#include <spdlog/spdlog.h>

#include <fstream>

namespace ferry {

Status JsonReportFile::RunFinished(const RunOutcome& outcome) {
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out << JsonReport(outcome.stats, outcome.plan, settings_, outcome.status);
  out.close();
  if (!out) return Status::IoError("cannot write the report " + path_.string());
  spdlog::info("   report written to {}", path_.string());
  return Status::OK();
}

}  // namespace ferry
