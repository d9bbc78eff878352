#include "pipeline/endpoints.h"

#include "ferry/engine.h"
#include "mapping/pg_row_transform.h"
#include "mapping/sqlite_row_transform.h"

namespace ferry {

bool IsDocumentEndpoint(const Endpoint& endpoint) {
  return EngineFor(endpoint).source_values() == SourceValues::kDocuments;
}

Result<std::unique_ptr<Source>> OpenCopySource(const Endpoint& endpoint) {
  return EngineFor(endpoint).OpenSource(endpoint);
}

Result<std::unique_ptr<Target>> OpenCopyTarget(const Endpoint& endpoint,
                                               const std::string& schema) {
  return EngineFor(endpoint).OpenTarget(endpoint, schema);
}

Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                 const std::string& schema) {
  return EngineFor(endpoint).OpenTargetReader(endpoint, schema);
}

Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint,
                                               const std::string& schema) {
  return EngineFor(endpoint).OpenRunStore(endpoint, schema);
}

Result<TransformFactory> CopyTransformFor(const Endpoint& source) {
  switch (EngineFor(source).source_values()) {
    case SourceValues::kPostgres:
      return TransformFactory(&NewPgRowTransform);
    case SourceValues::kSqlite:
      return TransformFactory(&NewSqliteRowTransform);
    case SourceValues::kDocuments:
      break;
  }
  return Status::InvalidArgument("the rows of " + source.Redacted() +
                                 " come from a document plan, not a type mapping");
}

Status SetSourceTypes(const Endpoint& source, const Endpoint* target, PlanOptions* options) {
  if (EngineFor(source).source_values() != SourceValues::kPostgres) return Status::OK();
  options->source_types = SourceTypes::kPostgres;
  if (target == nullptr) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(options->target_has_type, EngineFor(*target).TargetTypes(*target));
  return Status::OK();
}

}  // namespace ferry
