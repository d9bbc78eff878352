#include "mapping/document_plan.h"

#include <algorithm>

#include "core/document_row.h"
#include "mapping/document_transform.h"

namespace ferry {
namespace {

Status Sample(Source& source, const TableSchema& table, int64_t limit, DocumentInference* inference,
              SampledCollection* sampled) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, source.OpenReader(table, Chunk{}));
  Batch batch;
  sampled->complete = true;
  while (true) {
    size_t want =
        limit < 0 ? 1000 : static_cast<size_t>(std::min<int64_t>(1000, limit - sampled->documents));
    if (want == 0) {
      sampled->complete = false;
      break;
    }
    if (!reader->Next(&batch, want)) break;
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      const Value& bytes = batch.At(r, kDocumentColumn);
      if (!batch.At(r, kErrorColumn).is_null() || bytes.is_null()) {
        ++sampled->unreadable;
        continue;
      }
      bson_t doc;
      if (!bson_init_static(&doc, reinterpret_cast<const uint8_t*>(bytes.bytes().data()),
                            bytes.bytes().size())) {
        ++sampled->unreadable;
        continue;
      }
      inference->Observe(&doc);
      ++sampled->documents;
    }
  }
  // A full sample that hit the limit exactly may still have read everything; it is
  // reported as partial, which only makes columns nullable.
  return reader->status().WithContext("collection '" + table.name + "'");
}

Status CheckNames(const DatabaseSchema& schema, const DocumentPlanOptions& options) {
  for (const auto& [name, overrides] : options.collections) {
    if (schema.FindTable(name) == nullptr) {
      return Status::InvalidArgument("ferry.toml names collection '" + name +
                                     "', which the source does not have");
    }
  }
  for (const auto* list : {&options.tables, &options.exclude}) {
    for (const std::string& name : *list) {
      if (schema.FindTable(name) == nullptr) {
        return Status::InvalidArgument("--tables/--exclude name collection '" + name +
                                       "', which the source does not have");
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<DocumentPlan> BuildDocumentPlan(Source& source, const DocumentPlanOptions& options) {
  FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, source.DescribeSchema());
  return PlanDocuments(
      schema, options,
      [&](const TableSchema& table, DocumentInference* inference, SampledCollection* sampled) {
        return Sample(source, table, options.sample, inference, sampled);
      });
}

Result<DocumentPlan> PlanDocuments(const DatabaseSchema& schema, const DocumentPlanOptions& options,
                                   const CollectionSampler& sample) {
  FERRY_RETURN_IF_ERROR(CheckNames(schema, options));
  DocumentPlan out;
  out.defaults = options.defaults;
  out.source = schema;
  out.plan.skipped = schema.skipped;
  for (const TableSchema& table : schema.tables) {
    auto listed = [&table](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), table.name) != names.end();
    };
    if (listed(options.exclude) || (!options.tables.empty() && !listed(options.tables))) {
      out.plan.skipped.push_back({"collection", table.name, "excluded"});
      continue;
    }
    auto inference = std::make_shared<DocumentInference>();
    SampledCollection sampled;
    sampled.name = table.name;
    FERRY_RETURN_IF_ERROR(sample(table, inference.get(), &sampled));
    sampled.inference = inference;
    DocumentOptions defaults = options.defaults;
    defaults.sample_complete = sampled.complete;
    auto found = options.collections.find(table.name);
    CollectionOverrides overrides =
        found == options.collections.end() ? CollectionOverrides{} : found->second;
    sampled.mode = overrides.mode.value_or(defaults.mode);
    FERRY_ASSIGN_OR_RETURN(CollectionMapping mapping,
                           MapCollection(table, *inference, defaults, overrides));
    for (DocumentTable& t : mapping.tables) {
      out.plan.tables.push_back(t.plan);
      out.tables.push_back(std::move(t));
    }
    for (SkippedObject& s : mapping.skipped) out.plan.skipped.push_back(std::move(s));
    if (sampled.unreadable > 0) {
      out.plan.warnings.push_back("collection '" + table.name +
                                  "': " + std::to_string(sampled.unreadable) +
                                  " unreadable records in the sample (they will be rejected)");
    }
    out.collections.push_back(std::move(sampled));
  }
  return out;
}

Result<std::unique_ptr<RowTransform>> NewDocumentTransform(const DocumentPlan& plan,
                                                           const TablePlan& table) {
  for (const DocumentTable& t : plan.tables) {
    if (t.plan.target.name == table.target.name) {
      return std::unique_ptr<RowTransform>(std::make_unique<DocumentTransform>(t));
    }
  }
  return Status::Internal("table " + table.target.name + " is not in the document plan");
}

}  // namespace ferry
