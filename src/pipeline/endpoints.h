// Which connector serves an endpoint: the one place that knows every engine,
// so connectors never include each other and the CLI never names one.
#ifndef FERRY_PIPELINE_ENDPOINTS_H_
#define FERRY_PIPELINE_ENDPOINTS_H_

#include <memory>
#include <string>

#include "ferry/endpoint.h"
#include "ferry/run_store.h"
#include "ferry/source.h"
#include "ferry/target.h"
#include "mapping/plan_builder.h"
#include "pipeline/table_job.h"

namespace ferry {

// True for document sources (mongodb://, mongodump:, ndjson:, mongoexport:):
// their plan and transforms come from pipeline/document_copy.h.
bool IsDocumentEndpoint(const Endpoint& endpoint);

// The Source for `endpoint` (sqlite:, postgres:// reading endpoint.schema or
// public, and the document sources). InvalidArgument for kinds that
// `ferry copy` cannot read yet, listing those it can.
Result<std::unique_ptr<Source>> OpenCopySource(const Endpoint& endpoint);

// The Target for `endpoint` (the PostgreSQL family), writing into `schema`.
Result<std::unique_ptr<Target>> OpenCopyTarget(const Endpoint& endpoint, const std::string& schema);

// A Source reading back the tables of a copy target (`ferry verify`'s target
// side): a PgSource on `schema`, in one snapshot.
Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                 const std::string& schema);
// Where runs of chunked copies into `endpoint` keep their state (its _ferry
// schema); the run's tables are in `schema`.
Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint, const std::string& schema);

// The row conversions from `source`'s engine to the PostgreSQL family.
Result<TransformFactory> CopyTransformFor(const Endpoint& source);

// The PlanOptions fields that depend on the source's engine: whose types its
// columns carry and, for a PostgreSQL source copied into `target` (nullptr:
// not contacted, as by ferry plan), which types that target has.
// Also sets the target's dialect (SetTargetDialect) when `target` is given.
Status SetSourceTypes(const Endpoint& source, const Endpoint* target, PlanOptions* options);

// The PlanOptions::dialect of `target`'s engine (its name limit, NUL in text,
// storage rules), without contacting it.
void SetTargetDialect(const Endpoint& target, PlanOptions* options);

// Whether a copy in `mode` from `source` into `target`'s `target_schema`
// can restore the source's own schema (NativeSchema): "" when it can (both
// engines speak the same dialect, --mode create, and the schema keeps its
// name, as the dump names it), else why not, as a sentence to print.
std::string WhyNoNativeSchema(const Endpoint& source, const Endpoint& target, WriteMode mode,
                              const std::string& target_schema);

// Makes the plan restore the source's own schema for every table the mapping
// leaves as it is: sets options->native_schema, and takes every source type
// as known to the target, since the schema brings them. Call after
// SetSourceTypes, when WhyNoNativeSchema says "".
void UseNativeSchema(PlanOptions* options);

// The --schema-from of copy and plan: "auto" (the source's own schema where
// WhyNoNativeSchema allows, else ferry's), "source" or "ferry". Returns the
// one that applies ("source" or "ferry") and calls UseNativeSchema for
// "source"; InvalidArgument with the reason when "source" cannot apply.
// `refusal`: what the opened source or target says against it
// (Source/Target::WhyNoNativeSchema; "" when they are not opened): "auto"
// then warns and takes ferry's DDL, "source" fails with it.
Result<std::string> ChooseSchemaFrom(const std::string& schema_from, const Endpoint& source,
                                     const Endpoint& target, WriteMode mode,
                                     const std::string& target_schema, const std::string& refusal,
                                     PlanOptions* options);

}  // namespace ferry

#endif  // FERRY_PIPELINE_ENDPOINTS_H_
