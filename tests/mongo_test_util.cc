#include "mongo_test_util.h"

#include <cstdio>

#include "connectors/mongo/document_source.h"
#include "connectors/postgres/pg_target.h"
#include "pipeline/copy_runner.h"

namespace ferry::testing {

Result<DocumentPlan> CopyDocuments(const std::string& source_text, const ScratchPgDatabase& db,
                                   const DocumentPlanOptions& options, CopyOptions copy_options,
                                   RunStats* stats) {
  FERRY_ASSIGN_OR_RETURN(Endpoint from, ParseEndpoint(source_text));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, OpenDocumentSource(from));
  FERRY_ASSIGN_OR_RETURN(DocumentPlan plan, BuildDocumentPlan(*source, options));
  FERRY_ASSIGN_OR_RETURN(Endpoint to, ParseEndpoint(db.url()));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgTarget> target, PgTarget::Connect(to, "public"));
  CopyRun run;
  run.source = source.get();
  run.target = target.get();
  run.make_plan = [&plan](const DatabaseSchema&) -> Result<Plan> { return plan.plan; };
  run.make_transform = [&plan](const TablePlan& t) { return NewDocumentTransform(plan, t); };
  TempDir rejects;
  if (copy_options.rejects_dir == "rejects") copy_options.rejects_dir = rejects.path();
  run.options = copy_options;
  FILE* sink = std::tmpfile();
  run.summary_out = sink;
  RunStats local;
  Status s = RunCopy(run, {}, stats != nullptr ? stats : &local);
  std::fclose(sink);
  FERRY_RETURN_IF_ERROR(s);
  return plan;
}

}  // namespace ferry::testing
