// What verify prints: a summary table and the differences, for people; the
// same as JSON (--report FILE.json), for machines.
#ifndef FERRY_VERIFY_VERIFY_REPORT_H_
#define FERRY_VERIFY_VERIFY_REPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "verify/verify_runner.h"

namespace ferry {

// One row per table (table, source rows, target rows, chunks, differing,
// target side: "run ID" when a copy run's digests stood for it, else "read";
// result), why targets were read, then per table that differs its schema differences, rejected rows
// and listed differences ("changed  id=5  price: source 0.99, target 1.99"),
// with "… and N more" past --max-diffs; then a one-line verdict.
std::string FormatVerifyReport(const VerifyReport& report);

// The JSON report: settings (ordered name/value pairs, URLs already redacted),
// level, "equal", and per table counts, chunks, schema differences, rejected
// rows, "target_side" ("copy run" with "copy_run": its id, or "read" with
// "target_read_because"), differences (kind, key, columns with both values) and
// "differences_not_listed", and the error when there was one.
std::string VerifyJsonReport(const VerifyReport& report,
                             const std::vector<std::pair<std::string, std::string>>& settings);

}  // namespace ferry

#endif  // FERRY_VERIFY_VERIFY_REPORT_H_
