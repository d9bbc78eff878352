#include "pipeline/document_copy.h"

#include <memory>

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

}  // namespace ferry
