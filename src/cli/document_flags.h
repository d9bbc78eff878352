// The flags `ferry plan` and `ferry copy` take for document sources
// (mongodb://, mongodump:, ndjson:, mongoexport:), and the plan options they make.
#ifndef FERRY_CLI_DOCUMENT_FLAGS_H_
#define FERRY_CLI_DOCUMENT_FLAGS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "ferry/run_store.h"
#include "mapping/document_plan.h"

namespace ferry::cli {

struct DocumentFlags {
  std::string sample = "1000";  // documents sampled per collection, or "all"
  std::string documents;        // flatten | jsonb | normalize ("" : ferry.toml or flatten)
  int depth = 0;                // 0: ferry.toml or 2
  std::string objectid;         // uuid | text | bytea ("" : ferry.toml or uuid)
};

// Adds --sample, --documents, --depth and --objectid to `command`.
void AddDocumentFlags(CLI::App* command, DocumentFlags* flags);

// The document options as a run records them (--sample, --documents,
// --depth, --objectid): copy for the run's identity, verify to find the run.
// Effective values, from ferry.toml and the flags together (`effective`, from
// MakeDocumentPlanOptions), so that a flag given at its default is the same
// run as no flag: "--documents" is "flatten", or "flatten; orders: jsonb"
// when ferry.toml maps collections otherwise (likewise "--depth").
RunOptions DocumentRunOptions(const DocumentPlanOptions& effective);

// Flags that give the recorded options again (copy --join): a value with
// collections of its own is left to ferry.toml.
DocumentFlags DocumentFlagsOf(const RunOptions& recorded);

// ferry.toml (when `config_path` is not empty), then the flags, which win.
Result<DocumentPlanOptions> MakeDocumentPlanOptions(const DocumentFlags& flags,
                                                    const std::string& config_path,
                                                    const std::vector<std::string>& tables,
                                                    const std::vector<std::string>& exclude);

// The name limit and storage rules of the target at `to_url` for the
// document mapping (options->defaults.dialect); PostgreSQL's when `to_url` is
// empty or does not parse (the command reports that itself).
void SetDocumentTarget(const std::string& to_url, DocumentPlanOptions* options);

}  // namespace ferry::cli

#endif  // FERRY_CLI_DOCUMENT_FLAGS_H_
