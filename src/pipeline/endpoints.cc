#include "pipeline/endpoints.h"

#include <memory>
#include <set>

#include "connectors/mongo/document_source.h"
#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_run_store.h"
#include "connectors/postgres/pg_source.h"
#include "connectors/postgres/pg_target.h"
#include "connectors/sqlite/sqlite_source.h"
#include "mapping/pg_row_transform.h"
#include "mapping/sqlite_row_transform.h"
#include "mapping/sqlite_typed_source.h"

namespace ferry {

bool IsDocumentEndpoint(const Endpoint& endpoint) { return ReadsDocuments(endpoint); }

Result<std::unique_ptr<Source>> OpenCopySource(const Endpoint& endpoint) {
  if (ReadsDocuments(endpoint)) return OpenDocumentSource(endpoint);
  if (endpoint.kind == EndpointKind::kPostgres) {
    std::string schema = endpoint.schema.empty() ? "public" : endpoint.schema;
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> source, PgSource::Open(endpoint, schema));
    return std::unique_ptr<Source>(std::move(source));
  }
  if (endpoint.kind != EndpointKind::kSqlite) {
    return Status::InvalidArgument("ferry copy cannot read " + endpoint.Redacted() +
                                   " yet: --from takes sqlite:PATH, postgres://..., "
                                   "mongodb://..., mongodump:DIR, ndjson:PATH or "
                                   "mongoexport:PATH");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> source, SqliteSource::Open(endpoint.path));
  return std::unique_ptr<Source>(std::move(source));
}

Result<std::unique_ptr<Target>> OpenCopyTarget(const Endpoint& endpoint,
                                               const std::string& schema) {
  if (endpoint.kind == EndpointKind::kSqlite) return OpenSqliteTarget(endpoint, schema);
  if (endpoint.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument("ferry copy cannot write to " + endpoint.Redacted() +
                                   " yet: --to takes a postgres:// URL or sqlite:PATH");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgTarget> target, PgTarget::Connect(endpoint, schema));
  return std::unique_ptr<Target>(std::move(target));
}

Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                 const std::string& schema) {
  if (endpoint.kind == EndpointKind::kSqlite) {
    FERRY_RETURN_IF_ERROR(CheckSqliteTargetSchema(schema));
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSource> file, SqliteSource::Open(endpoint.path));
    return std::unique_ptr<Source>(new SqliteTypedSource(std::move(file)));
  }
  if (endpoint.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument("ferry cannot read back " + endpoint.Redacted() +
                                   " as a target: --to takes a postgres:// URL or sqlite:PATH");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> source, PgSource::Open(endpoint, schema));
  return std::unique_ptr<Source>(std::move(source));
}

Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint,
                                               const std::string& schema) {
  if (endpoint.kind == EndpointKind::kSqlite) return OpenSqliteRunStore(endpoint, schema);
  if (endpoint.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument(
        "chunked copies keep their state in a PostgreSQL or SQLite target; " + endpoint.Redacted() +
        " is not one (use --chunk-rows 0)");
  }
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgRunStore> store, PgRunStore::Connect(endpoint, schema));
  return std::unique_ptr<RunStore>(std::move(store));
}

Result<TransformFactory> CopyTransformFor(const Endpoint& source) {
  if (source.kind == EndpointKind::kPostgres) return TransformFactory(&NewPgRowTransform);
  if (source.kind != EndpointKind::kSqlite) {
    return Status::InvalidArgument("no type mapping from " +
                                   std::string(EndpointKindName(source.kind)) + " yet");
  }
  return TransformFactory(&NewSqliteRowTransform);
}

Status SetSourceTypes(const Endpoint& source, const Endpoint* target, PlanOptions* options) {
  if (target != nullptr && target->kind == EndpointKind::kSqlite) {
    options->dialect.name = "SQLite target";
    options->dialect.max_identifier_bytes = 0;
    options->dialect.text_may_hold_nul = true;
    options->dialect.storage_rule = &SqliteStorageRule;
  }
  if (source.kind != EndpointKind::kPostgres) return Status::OK();
  options->source_types = SourceTypes::kPostgres;
  if (target == nullptr || target->kind != EndpointKind::kPostgres) return Status::OK();
  // Every type name as the target prints it: few thousand rows, read once.
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(*target, "ferry plan"));
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec("SELECT format_type(oid, NULL) FROM pg_type"));
  auto names = std::make_shared<std::set<std::string>>();
  for (int i = 0; i < r.rows(); ++i) names->emplace(r.Get(i, 0));
  options->target_has_type = [names](const std::string& name) { return names->count(name) > 0; };
  return Status::OK();
}

}  // namespace ferry
