// JsonReportFile: the RunObserver that writes the JSON report (JsonReport in
// summary.h) of a run to a file when the run ends (ferry copy --report FILE).
#ifndef FERRY_REPORT_JSON_REPORT_FILE_H_
#define FERRY_REPORT_JSON_REPORT_FILE_H_

#include <filesystem>

#include "pipeline/run_observer.h"
#include "report/summary.h"

namespace ferry {

class JsonReportFile : public RunObserver {
 public:
  // `settings`: what the run was asked to do, echoed in the report (URLs
  // redacted by the caller).
  JsonReportFile(std::filesystem::path path, ReportSettings settings)
      : path_(std::move(path)), settings_(std::move(settings)) {}

  // Writes (or replaces) the file; IoError naming it when it cannot.
  Status RunFinished(const RunOutcome& outcome) override;

 private:
  const std::filesystem::path path_;
  const ReportSettings settings_;
};

}  // namespace ferry

#endif  // FERRY_REPORT_JSON_REPORT_FILE_H_
