#include "pipeline/document_copy.h"

#include <memory>

#include "mapping/document_sample_record.h"

namespace ferry {

void UseDocumentPlan(DocumentPlanOptions options, CopyRun* run) {
  // The planner fills the plan the transforms then read; the runner calls the
  // planner once, before any table job starts.
  auto plan = std::make_shared<DocumentPlan>();
  Source* source = run->source;
  run->make_plan = [plan, source, options](const DatabaseSchema&) -> Result<Plan> {
    FERRY_ASSIGN_OR_RETURN(*plan, BuildDocumentPlan(*source, options));
    return plan->plan;
  };
  run->make_transform = [plan](const TablePlan& table) {
    return NewDocumentTransform(*plan, table);
  };
}

DocumentRunPlanner::DocumentRunPlanner(DocumentPlanOptions options)
    : options_(std::move(options)), plan_(std::make_shared<DocumentPlan>()) {}

Result<Plan> DocumentRunPlanner::PlanNew(Source& source, std::string* record) {
  FERRY_ASSIGN_OR_RETURN(*plan_, BuildDocumentPlan(source, options_));
  *record = RecordDocumentSample(*plan_);
  return plan_->plan;
}

Result<Plan> DocumentRunPlanner::PlanRecorded(Source& source, const std::string& record) {
  if (record.empty()) {
    return Status::FailedPrecondition(
        "this run recorded no document mapping (it was started by an older ferry): start over "
        "with ferry copy ... --restart --mode replace");
  }
  // Readers find collections by the names the source listed.
  FERRY_RETURN_IF_ERROR(source.DescribeSchema().status());
  FERRY_ASSIGN_OR_RETURN(*plan_, ReplayDocumentPlan(record, options_));
  return plan_->plan;
}

TransformFactory DocumentRunPlanner::Transforms() const {
  std::shared_ptr<DocumentPlan> plan = plan_;
  return [plan](const TablePlan& table) { return NewDocumentTransform(*plan, table); };
}

}  // namespace ferry
