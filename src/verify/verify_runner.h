// The verify run: every table of a Plan, source against target.
//
//   1. describe target   the target's tables, to check each plan table exists
//                        with the plan's columns and compatible types
//   2. compare tables    --jobs tables at once; the source side goes through
//                        the plan's RowTransform, as in copy. A table whose
//                        target a copy run stored digests for, unchanged since,
//                        is compared with them (stored_table_verifier.h); when
//                        they cannot be used, or a chunk differs, both sides
//                        are read (table_verifier.h), so reports stay exact
//
// A table whose target schema differs is reported as such and its data is not
// compared; a table that cannot be read is reported with its error and the
// others go on.
#ifndef FERRY_VERIFY_VERIFY_RUNNER_H_
#define FERRY_VERIFY_VERIFY_RUNNER_H_

#include <functional>
#include <memory>
#include <vector>

#include "ferry/source.h"
#include "mapping/plan.h"
#include "mapping/row_transform.h"
#include "verify/stored_digests.h"
#include "verify/table_verifier.h"
#include "verify/verify_options.h"

namespace ferry {

// Makes the RowTransform of one table of the plan (the same one copy uses).
using VerifyTransformFactory =
    std::function<Result<std::unique_ptr<RowTransform>>(const TablePlan&)>;

struct VerifyRun {
  const Plan* plan = nullptr;
  Source* source = nullptr;  // not owned; read with each TablePlan::source
  VerifyTransformFactory make_transform;
  Source* target = nullptr;  // not owned; reads the target (e.g. a PgSource on plan->target_schema)
  // Not owned; when set, tables whose digests it has are verified against
  // them, reading the source only (stored_digests.h). Null: every target is read.
  StoredDigests* stored = nullptr;
  std::string why_not_stored;  // when `stored` is null: the reason, for the report
  // How the newest finished copy run of this source into this target was
  // mapped differently ("--snake-case: true in run 3f…, false now"): a table
  // whose schema then differs is explained by it.
  std::vector<std::string> options_differ;
  VerifyOptions options;
};

struct VerifyReport {
  VerifyOptions options;
  std::vector<TableResult> tables;          // in plan order
  std::vector<std::string> options_differ;  // VerifyRun::options_differ

  bool Differs() const;
  bool HasErrors() const;
};

// Verifies every table of the plan. Fails only when the target cannot be
// described; per-table problems are in the report.
Result<VerifyReport> RunVerify(const VerifyRun& run);

// True when values of `a` and `b` hash alike (integers of any width, floats of
// either width are hashed per the plan's type, ...); used to check that the
// target's columns can be compared with the plan's.
bool HashCompatible(LogicalType a, LogicalType b);

}  // namespace ferry

#endif  // FERRY_VERIFY_VERIFY_RUNNER_H_
