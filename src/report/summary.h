// The end of a run: a summary table for people and a JSON report for machines.
#ifndef FERRY_REPORT_SUMMARY_H_
#define FERRY_REPORT_SUMMARY_H_

#include <string>
#include <utility>
#include <vector>

#include "ferry/status.h"
#include "mapping/plan.h"
#include "pipeline/run_stats.h"

namespace ferry {

// 1234567 → "1,234,567".
std::string Grouped(int64_t n);

// One row per table (table, rows read, written, rejected, seconds, rows/s,
// state when not done) and a total row; columns aligned. When chunks were
// done before this process began (a resumed run), a "done earlier" column
// holds their rows and each such table says how many of its chunks they were.
std::string FormatSummary(const RunStats& stats);

// What the run was asked to do, as ordered name/value pairs ("mode": "create").
using ReportSettings = std::vector<std::pair<std::string, std::string>>;

// The JSON report: settings, outcome, per-table counts and timings, and the
// plan's type mapping of every column. Never holds a password (callers pass
// redacted URLs in settings).
std::string JsonReport(const RunStats& stats, const Plan& plan, const ReportSettings& settings,
                       const Status& outcome);

}  // namespace ferry

#endif  // FERRY_REPORT_SUMMARY_H_
