// Run identity: which earlier run a `ferry copy` continues.
//
// A run is identified by its source, its target and the options that change
// what it writes (mode, chunk size, mapping, ...; not --jobs or --report).
// Running the same command again therefore continues the same run; a command
// that differs only in such options is refused while the other run is
// unfinished, and the difference is shown.
#ifndef FERRY_PIPELINE_RUN_IDENTITY_H_
#define FERRY_PIPELINE_RUN_IDENTITY_H_

#include <string>
#include <vector>

#include "ferry/endpoint.h"
#include "ferry/run_store.h"

namespace ferry {

// How runs name their target: the redacted URL and the PostgreSQL schema the
// tables go into. Part of the run id.
std::string TargetIdentity(const Endpoint& target, const std::string& schema);

// 16 lower-case hex digits (XXH3-64 of source, target and every option).
std::string MakeRunId(const std::string& source, const std::string& target,
                      const RunOptions& options);

// One line per option that differs, in option order:
//   "--chunk-rows: 50000 in run 3f…, 10000 now"
// Empty when the options are equal.
std::vector<std::string> DiffRunOptions(const RunOptions& before, const RunOptions& now,
                                        const std::string& before_run_id);

}  // namespace ferry

#endif  // FERRY_PIPELINE_RUN_IDENTITY_H_
