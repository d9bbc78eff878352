// The plan for a document source: sample each collection, infer its schema,
// map it to tables (document_mapping.h).
//
// BuildDocumentPlan reads the first `sample` documents of every collection
// (all of them when sample < 0) through the Source's readers, so it works the
// same for mongodump, NDJSON and live sources. The result pairs each
// TablePlan with how to fill it, in Plan order (a collection's table, then its
// child tables). Not thread-safe; the Source's own rules apply.
#ifndef FERRY_MAPPING_DOCUMENT_PLAN_H_
#define FERRY_MAPPING_DOCUMENT_PLAN_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ferry/source.h"
#include "mapping/document_mapping.h"
#include "mapping/plan.h"
#include "mapping/row_transform.h"

namespace ferry {

struct DocumentPlanOptions {
  int64_t sample = 1000;  // documents read per collection; < 0: all
  DocumentOptions defaults;
  std::map<std::string, CollectionOverrides> collections;  // by source collection name
  std::vector<std::string> tables;                         // only these collections (empty: all)
  std::vector<std::string> exclude;                        // collections left out
};

struct SampledCollection {
  std::string name;
  int64_t documents = 0;   // documents read for the sample
  int64_t unreadable = 0;  // records that could not be read (bad JSON lines)
  bool complete = false;   // the sample read the whole collection
  DocumentMode mode = DocumentMode::kFlatten;
  std::shared_ptr<const DocumentInference> inference;  // what the sample held
};

struct DocumentPlan {
  Plan plan;
  std::vector<DocumentTable> tables;  // parallel to plan.tables
  std::vector<SampledCollection> collections;
  DocumentOptions defaults;
  DatabaseSchema source;  // the source as described when planned
};

// Fails when a collection cannot be read (a Corruption naming the file and offset)
// or when the options name a collection the source does not have.
Result<DocumentPlan> BuildDocumentPlan(Source& source, const DocumentPlanOptions& options);

// Samples one collection: fills the inference and the counts of `sampled`.
using CollectionSampler = std::function<Status(
    const TableSchema& table, DocumentInference* inference, SampledCollection* sampled)>;

// BuildDocumentPlan's second half: the plan of `source` with each collection
// the options keep sampled by `sample` (a recorded sample, for a resumed run:
// document_sample_record.h).
Result<DocumentPlan> PlanDocuments(const DatabaseSchema& source, const DocumentPlanOptions& options,
                                   const CollectionSampler& sample);

// The transform that fills `table` (a TablePlan of plan.plan, found by its
// target name): what the copy pipeline's TransformFactory returns.
Result<std::unique_ptr<RowTransform>> NewDocumentTransform(const DocumentPlan& plan,
                                                           const TablePlan& table);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_PLAN_H_
