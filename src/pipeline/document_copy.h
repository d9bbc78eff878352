// A copy from a document source (MongoDB, mongodump, NDJSON): the plan comes
// from sampling the source (mapping/document_plan.h) when the run asks for
// it, and each table's transform from that same plan.
#ifndef FERRY_PIPELINE_DOCUMENT_COPY_H_
#define FERRY_PIPELINE_DOCUMENT_COPY_H_

#include "mapping/document_plan.h"
#include "pipeline/copy_runner.h"

namespace ferry {

// Sets run->make_plan and run->make_transform for reading run->source as
// documents with `options`. REQUIRES: run->source is a document source and
// outlives the run.
void UseDocumentPlan(DocumentPlanOptions options, CopyRun* run);

}  // namespace ferry

#endif  // FERRY_PIPELINE_DOCUMENT_COPY_H_
