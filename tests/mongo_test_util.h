// Helpers for the document-source integration tests: copy a document source
// into a scratch PostgreSQL database through the real pipeline.
#ifndef FERRY_TESTS_MONGO_TEST_UTIL_H_
#define FERRY_TESTS_MONGO_TEST_UTIL_H_

#include <string>

#include "mapping/document_plan.h"
#include "pipeline/copy_options.h"
#include "report/run_stats.h"
#include "test_util.h"

namespace ferry::testing {

// Plans `source_text` (mongodump:DIR, ndjson:PATH, mongodb://...) with `options`
// and copies it into `db`. Returns the plan used.
Result<DocumentPlan> CopyDocuments(const std::string& source_text, const ScratchPgDatabase& db,
                                   const DocumentPlanOptions& options,
                                   CopyOptions copy_options = {}, RunStats* stats = nullptr);

}  // namespace ferry::testing

#endif  // FERRY_TESTS_MONGO_TEST_UTIL_H_
