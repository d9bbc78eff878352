// What a document plan was made from, as text a resumable run records with
// itself (_ferry.runs.mapping), so that a resumed or joined run plans exactly
// the same tables, columns and types without sampling again: a live
// collection may have changed in between, and a sample taken later could
// hold other fields or types.
//
// Recorded are the plan's inputs, not its output: the source as described
// (collections, their indexes, what was skipped) and, per sampled
// collection, the counts and field statistics the sample gave. The same
// mapping code then gives the same plan (and the same ferry.toml that
// `ferry plan --write-mapping` writes), given the same options, which the run
// also records. The text is canonical Extended JSON of one document:
//
//   {"format": 1,
//    "skipped": [[kind, name, reason], ...],
//    "tables": [{"name", "estimated_rows", "indexes": [[name, unique, where, [columns]]],
//                "sample": {"documents", "unreadable", "complete", "stats"}}]}   (sample: when
//                sampled)
//   stats: {"p": present, "k": [count per BsonKind], "c": [[key, stats], ...],
//           "t": too many keys, "d": data-like keys, "e": stats of array elements, "m": max
//           elements}
#ifndef FERRY_MAPPING_DOCUMENT_SAMPLE_RECORD_H_
#define FERRY_MAPPING_DOCUMENT_SAMPLE_RECORD_H_

#include <string>
#include <string_view>

#include "mapping/document_plan.h"

namespace ferry {

std::string RecordDocumentSample(const DocumentPlan& plan);

// The plan `options` give for the recorded sample: the one BuildDocumentPlan
// gave when `recorded` was written, given the same options. Corruption when
// `recorded` is not what RecordDocumentSample writes.
Result<DocumentPlan> ReplayDocumentPlan(std::string_view recorded,
                                        const DocumentPlanOptions& options);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_SAMPLE_RECORD_H_
