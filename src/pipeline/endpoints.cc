#include "pipeline/endpoints.h"

#include "connectors/mongo/document_source.h"
#include "connectors/postgres/pg_source.h"
#include "connectors/postgres/pg_run_store.h"
#include "connectors/postgres/pg_target.h"
#include "connectors/sqlite/sqlite_source.h"
#include "mapping/sqlite_row_transform.h"

namespace ferry {

bool IsDocumentEndpoint(const Endpoint& endpoint) { return ReadsDocuments(endpoint); }

Result<std::unique_ptr<Source>> OpenCopySource(const Endpoint& endpoint) {
  if (ReadsDocuments(endpoint)) return OpenDocumentSource(endpoint);
  if (endpoint.kind != EndpointKind::kSqlite) {
    return Status::InvalidArgument("ferry copy cannot read " + endpoint.Redacted() +
                                   " yet: --from takes sqlite:PATH, mongodb://..., "
                                   "mongodump:DIR, ndjson:PATH or mongoexport:PATH");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> source, SqliteSource::Open(endpoint.path));
  return std::unique_ptr<Source>(std::move(source));
}

Result<std::unique_ptr<Target>> OpenCopyTarget(const Endpoint& endpoint,
                                               const std::string& schema) {
  if (endpoint.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument("ferry copy cannot write to " + endpoint.Redacted() +
                                   " yet: --to takes a postgres:// URL");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgTarget> target, PgTarget::Connect(endpoint, schema));
  return std::unique_ptr<Target>(std::move(target));
}

Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                 const std::string& schema) {
  if (endpoint.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument("ferry cannot read back " + endpoint.Redacted() +
                                   " as a target: --to takes a postgres:// URL");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> source, PgSource::Open(endpoint, schema));
  return std::unique_ptr<Source>(std::move(source));
}

Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint, const std::string& schema) {
  if (endpoint.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument("chunked copies keep their state in a PostgreSQL target; " +
                                   endpoint.Redacted() + " is not one (use --chunk-rows 0)");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgRunStore> store, PgRunStore::Connect(endpoint, schema));
  return std::unique_ptr<RunStore>(std::move(store));
}

Result<TransformFactory> CopyTransformFor(const Endpoint& source) {
  if (source.kind != EndpointKind::kSqlite) {
    return Status::InvalidArgument("no type mapping from " +
                                   std::string(EndpointKindName(source.kind)) + " yet");
  }
  return TransformFactory(&NewSqliteRowTransform);
}

}  // namespace ferry
