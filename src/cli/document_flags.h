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

// The flags as a run records them among its options (--sample, --documents,
// --depth, --objectid): copy for the run's identity, verify to find the run.
RunOptions DocumentRunOptions(const DocumentFlags& flags);

// ferry.toml (when `config_path` is not empty), then the flags, which win.
Result<DocumentPlanOptions> MakeDocumentPlanOptions(const DocumentFlags& flags,
                                                    const std::string& config_path,
                                                    const std::vector<std::string>& tables,
                                                    const std::vector<std::string>& exclude);

}  // namespace ferry::cli

#endif  // FERRY_CLI_DOCUMENT_FLAGS_H_
