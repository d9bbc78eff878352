// CopyRunDigests: the StoredDigests of the `ferry copy` run that wrote the
// target, found in the target's RunStore (its `_ferry` schema).
//
//   1. find the run   the newest run in state "done" that copied the same
//                     source into the same target (and schema) with the same
//                     mapping options (RunOptionsMismatch); none: no reuse
//   2. per table      the run's table of that name, every chunk done with its
//                     rows, hash and transaction, bounds covering every key
//                     once (ForTable); RunStore::CheckUnchanged, from row
//                     versions only (CheckTargetUnchanged)
//
// Every "no" comes with its reason, which verify reports and logs (-v).
#ifndef FERRY_VERIFY_COPY_RUN_DIGESTS_H_
#define FERRY_VERIFY_COPY_RUN_DIGESTS_H_

#include <memory>
#include <string>
#include <vector>

#include "ferry/run_catalog.h"
#include "ferry/run_tables.h"
#include "verify/stored_digests.h"

namespace ferry {

// What verify was asked to compare, in the terms runs are recorded in.
struct CopyRunQuery {
  std::string source;  // SourceIdentity of --from
  std::string target;  // the run's target identity (redacted URL and schema)
  // The options that decide what the tables hold and how they are mapped, as
  // copy records them (--tables, --exclude, --config and its content,
  // --snake-case, --schema).
  RunOptions mapping;
};

// Run options that need not match: which rows a chunk holds (--chunk-rows),
// what became of rejected rows (--on-error; verify counts rejections itself),
// and --mode, judged on its own (WhyModeCannotStand).
inline const char* const kOptionsVerifyIgnores[] = {"--mode", "--on-error", "--chunk-rows"};

// "" when the run created the tables it wrote (--mode create or replace): they
// have the plan's column types and no trigger, so what copy hashed is what
// the server stored. Otherwise why not: a table that existed before (append,
// truncate, upsert) may have its own types (numeric(10,1) rounds) or triggers.
std::string WhyModeCannotStand(const std::string& run_id, const RunOptions& run);

// One line per difference between a run's options and `asked` (every option
// of `asked` must be equal; any other option of the run must be one of
// kOptionsVerifyIgnores): "--snake-case: true in run 3f…, false now".
std::vector<std::string> RunOptionsMismatch(const std::string& run_id, const RunOptions& run,
                                            const RunOptions& asked);

// The digests of `table`'s chunks as `run_id` recorded them, or FailedPrecondition
// saying why they cannot stand for the table (chunks not all done, bounds that
// leave a gap, a hash that does not parse). Does not check the target.
Result<StoredTable> StoredTableOf(const std::string& run_id, const DoneTable& table);

class CopyRunDigests : public StoredDigests {
 public:
  // Looks up the run in `catalog` (step 1); `tables` tells whether a target
  // table is unchanged since. Neither is owned; both must outlive the result.
  // Fails only when the catalog cannot be read; no matching run gives an
  // object whose ForTable says so.
  static Result<std::unique_ptr<CopyRunDigests>> Find(RunCatalog* catalog, RunTables* tables,
                                                      const CopyRunQuery& query);

  Result<StoredTable> ForTable(const TablePlan& table) override;  // step 2
  Status CheckTargetUnchanged(const TablePlan& table) override;

  // The run used, or "" when none.
  const std::string& run_id() const { return run_id_; }
  // Why no run is used ("" when one is).
  const std::string& why_none() const { return why_none_; }
  // When no run matched but the newest finished run of this source into this
  // target differs only in mapping options: each difference
  // (RunOptionsMismatch), so verify can say which flag to give.
  const std::vector<std::string>& options_differ() const { return options_differ_; }

 private:
  CopyRunDigests() = default;
  // The run's table that `table` was copied into, or NotFound saying so.
  Result<const DoneTable*> FindTable(const TablePlan& table) const;

  RunCatalog* catalog_ = nullptr;
  RunTables* run_tables_ = nullptr;
  std::string run_id_;
  std::string why_none_;
  std::vector<std::string> options_differ_;
  std::vector<DoneTable> tables_;
};

}  // namespace ferry

#endif  // FERRY_VERIFY_COPY_RUN_DIGESTS_H_
