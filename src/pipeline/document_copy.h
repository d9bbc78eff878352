// A copy from a document source (MongoDB, mongodump, NDJSON): the plan comes
// from sampling the source (mapping/document_plan.h) when the run asks for
// it, and each table's transform from that same plan.
#ifndef FERRY_PIPELINE_DOCUMENT_COPY_H_
#define FERRY_PIPELINE_DOCUMENT_COPY_H_

#include <memory>
#include <string>

#include "mapping/document_plan.h"
#include "pipeline/chunked_copy.h"
#include "pipeline/copy_runner.h"

namespace ferry {

// Sets run->make_plan and run->make_transform for reading run->source as
// documents with `options`. REQUIRES: run->source is a document source and
// outlives the run.
void UseDocumentPlan(DocumentPlanOptions options, CopyRun* run);

// The planner of a chunked run from a document source: a new run samples the
// source and records the sample (mapping/document_sample_record.h); a resumed
// or joined run replays the record, so it writes the tables and columns the
// run started with even if the collections have changed since.
class DocumentRunPlanner : public RunPlanner {
 public:
  explicit DocumentRunPlanner(DocumentPlanOptions options);

  Result<Plan> PlanNew(Source& source, std::string* record) override;
  Result<Plan> PlanRecorded(Source& source, const std::string& record) override;
  // The transforms of the last plan made. Valid while this planner lives.
  TransformFactory Transforms() const;

 private:
  DocumentPlanOptions options_;
  std::shared_ptr<DocumentPlan> plan_;
};

}  // namespace ferry

#endif  // FERRY_PIPELINE_DOCUMENT_COPY_H_
