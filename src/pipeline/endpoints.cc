#include "pipeline/endpoints.h"

#include "core/log.h"
#include "ferry/engine.h"
#include "mapping/pg_row_transform.h"
#include "mapping/sqlite_row_transform.h"
#include "mapping/sqlite_typed_source.h"

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

// A target whose values read back as SQLite storage classes goes through the
// SQLite type mapping, as a SQLite source does, so verify compares logical values.
Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                 const std::string& schema) {
  const Engine& engine = EngineFor(endpoint);
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Source> reader, engine.OpenTargetReader(endpoint, schema));
  if (engine.source_values() != SourceValues::kSqlite) return reader;
  return std::unique_ptr<Source>(new SqliteTypedSource(std::move(reader)));
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

void SetTargetDialect(const Endpoint& target, PlanOptions* options) {
  TargetRules rules = EngineFor(target).target_rules();
  options->dialect.name = std::string(EngineFor(target).name()) + " target";
  options->dialect.max_identifier_bytes = rules.max_identifier_bytes;
  options->dialect.text_may_hold_nul = rules.text_may_hold_nul;
  options->dialect.runs_sql_expressions = rules.runs_sql_expressions;
  options->dialect.storage_rule = rules.storage_rule;
}

std::string WhyNoNativeSchema(const Endpoint& source, const Endpoint& target, WriteMode mode,
                              const std::string& target_schema) {
  std::string_view dialect = EngineFor(source).native_schema_dialect();
  if (dialect.empty() || dialect != EngineFor(target).native_schema_dialect()) {
    return "the source's own schema is restored only between two PostgreSQL databases";
  }
  if (mode != WriteMode::kCreate) {
    return "the source's own schema is restored only with --mode create (into tables ferry "
           "creates)";
  }
  std::string source_schema = source.schema.empty() ? "public" : source.schema;
  if (source_schema != target_schema) {
    return "the source's own schema names its schema " + source_schema + ", not " + target_schema +
           " (--schema)";
  }
  return "";
}

void UseNativeSchema(PlanOptions* options) {
  options->native_schema = true;
  // The source's own schema brings its types along.
  options->target_has_type = [](const std::string&) { return true; };
}

Result<std::string> ChooseSchemaFrom(const std::string& schema_from, const Endpoint& source,
                                     const Endpoint& target, WriteMode mode,
                                     const std::string& target_schema, const std::string& refusal,
                                     PlanOptions* options) {
  if (schema_from == "ferry") return schema_from;
  std::string why_not = WhyNoNativeSchema(source, target, mode, target_schema);
  if (why_not.empty()) why_not = refusal;
  if (why_not.empty()) {
    UseNativeSchema(options);
    options->native_carried_kinds = EngineFor(source).native_schema_carried_kinds();
    return std::string("source");
  }
  if (schema_from == "auto") {
    if (!refusal.empty()) {
      spdlog::warn("building the tables with ferry's own DDL: {}", refusal);
    }
    return std::string("ferry");
  }
  return Status::InvalidArgument("--schema-from source: " + why_not);
}

Status SetSourceTypes(const Endpoint& source, const Endpoint* target, PlanOptions* options) {
  if (target != nullptr) SetTargetDialect(*target, options);
  if (EngineFor(source).source_values() != SourceValues::kPostgres) return Status::OK();
  options->source_types = SourceTypes::kPostgres;
  if (target == nullptr) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(options->target_has_type, EngineFor(*target).TargetTypes(*target));
  return Status::OK();
}

}  // namespace ferry
