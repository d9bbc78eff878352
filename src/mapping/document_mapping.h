// Document collections → tables: the modes, and how each target column is filled.
//
//   flatten    top-level fields become columns; nested objects become
//              parent_child columns down to `depth` levels (depth 1: top level
//              only); deeper objects, arrays and data-keyed objects are json.
//   jsonb      `_id` plus one json column `document` holding the whole document.
//   normalize  as flatten, and every array of sub-documents becomes a child table
//              `<table>_<field>` with the parent's key columns, an `ordinal` (the
//              element's 0-based position, as in MongoDB's `items.3`) and the
//              element's fields, recursively.
//
// In flatten and normalize mode every table also gets `_extra` (json): fields the
// mapping does not know (not in the sample) land there keyed by their dotted
// path, so nothing is dropped silently. `_id` is the primary key; its type holds
// every `_id` seen (ObjectId → per ObjectIdMode, mixed kinds → json).
// Columns are NOT NULL only when the sample covered the whole collection and the
// field was present and non-null in every document.
#ifndef FERRY_MAPPING_DOCUMENT_MAPPING_H_
#define FERRY_MAPPING_DOCUMENT_MAPPING_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ferry/schema.h"
#include "ferry/status.h"
#include "mapping/document_inference.h"
#include "mapping/objectid.h"
#include "mapping/plan.h"
#include "mapping/target_dialect.h"

namespace ferry {

enum class DocumentMode { kFlatten, kJsonb, kNormalize };
std::string_view DocumentModeName(DocumentMode mode);
std::optional<DocumentMode> ParseDocumentMode(std::string_view name);

struct DocumentOptions {
  DocumentMode mode = DocumentMode::kFlatten;
  int depth = 2;
  ObjectIdMode objectid = ObjectIdMode::kUuid;
  bool snake_case = true;  // field names → snake_case (document_names.h)
  // The sample held every document of the collection (presence may decide NOT NULL).
  bool sample_complete = false;
  // The target's name limit and storage rules (pipeline/endpoints.h SetTargetDialect).
  TargetDialect dialect = PostgreSqlDialect();
};

// What ferry.toml says about one field (by dotted path) of a collection.
struct FieldOverride {
  std::optional<std::string> name;
  std::optional<LogicalType> type;
  bool exclude = false;
};

// What ferry.toml says about one collection.
struct CollectionOverrides {
  std::optional<std::string> name;  // target table name
  std::optional<DocumentMode> mode;
  std::optional<int> depth;
  std::map<std::string, FieldOverride> fields;  // by dotted path ("shipping.zip")
};

// How one target column is filled from the document (or array element) a row comes from.
struct DocumentColumn {
  enum class Kind {
    kField,     // the value at `path` (keys from the row's document or element)
    kDocument,  // the whole document as json (jsonb mode)
    kRootId,    // the root document's _id (parent key of a child table)
    kOrdinal,   // the 0-based position at array level `level` (0 = the first array)
    kExtra,     // fields the mapping does not know, as a json object
  };
  Kind kind = Kind::kField;
  std::vector<std::string> path;
  int level = 0;
  std::string stats;  // for the plan: "int32, in 98% of documents"
};

// One target table fed from a collection: its plan and how to fill it.
struct DocumentTable {
  TablePlan plan;
  // Empty for the collection's own table; for a child table, the arrays walked to
  // reach its rows: arrays[0] within the document, arrays[1] within each element
  // of arrays[0], and so on.
  std::vector<std::vector<std::string>> arrays;
  std::vector<DocumentColumn> columns;  // one per plan.target.columns
  // Paths of the row's document that are deliberately left out (excluded, or
  // read by a child table): not copied to _extra.
  std::vector<std::vector<std::string>> skipped_paths;
  ObjectIdMode objectid = ObjectIdMode::kUuid;
  DocumentMode mode = DocumentMode::kFlatten;
};

struct CollectionMapping {
  std::vector<DocumentTable> tables;   // the collection's table first, then child tables
  std::vector<SkippedObject> skipped;  // excluded fields, untranslatable indexes
};

// Maps `source` (a document-row table, core/document_row.h) using what `inference`
// saw. Fails with InvalidArgument when an override names an unknown type.
Result<CollectionMapping> MapCollection(const TableSchema& source,
                                        const DocumentInference& inference,
                                        const DocumentOptions& options,
                                        const CollectionOverrides& overrides);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_MAPPING_H_
