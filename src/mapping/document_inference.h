// Schema inference for document collections: what a sample of documents holds.
//
// DocumentInference observes documents one by one and keeps, per field path,
// how often the field was present and how many values of each BsonKind it
// held; for sub-documents the same for their keys, for arrays the same for
// their elements. Memory is bounded: an object with more than kMaxTrackedKeys
// distinct keys stops tracking its keys (it is data-keyed, see IsDataKeyed);
// the top level keeps the first kMaxTrackedKeys keys it saw (with too_many_keys
// set) and tracks no later one, so _id and the common fields stay columns.
//
// InferColumnType then picks the narrowest logical type that holds every value
// seen, by these widening rules (docs/documents.md):
//   int32 → int32; int32 + int64 → int64; integers + double → float64;
//   any number + decimal → numeric; bool, string, date → bool, text, timestamptz;
//   ObjectId → uuid (or text/bytes, per ObjectIdMode); binary → bytes, binary
//   subtype 4 (uuid) → uuid, both → bytes; anything else, or a mix of kinds
//   (e.g. string + int, scalar + document) → json. Nulls never decide a type.
// Not thread-safe.
#ifndef FERRY_MAPPING_DOCUMENT_INFERENCE_H_
#define FERRY_MAPPING_DOCUMENT_INFERENCE_H_

#include <bson/bson.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ferry/logical_type.h"
#include "mapping/bson_value.h"
#include "mapping/objectid.h"

namespace ferry {

inline constexpr size_t kMaxTrackedKeys = 1000;

struct FieldStats {
  int64_t present = 0;  // times the key was present (null values included)
  std::array<int64_t, kBsonKindCount> kinds{};
  // Keys of the sub-documents this field held, in first-seen order.
  std::vector<std::pair<std::string, std::unique_ptr<FieldStats>>> children;
  std::unordered_map<std::string, size_t> child_index;
  // More than kMaxTrackedKeys distinct keys: children dropped (the top level:
  // later keys not tracked).
  bool too_many_keys = false;
  int64_t data_like_keys = 0;  // distinct keys that look like values (ids, numbers, dates)
  // Elements of the arrays this field held (present = number of elements).
  std::unique_ptr<FieldStats> elements;
  int64_t max_elements = 0;

  int64_t count(BsonKind kind) const { return kinds[static_cast<int>(kind)]; }
  // Values that were not null.
  int64_t non_null() const { return present - count(BsonKind::kNull); }
  // True when every non-null value was of `kind` (and there was at least one).
  bool only(BsonKind kind) const { return non_null() > 0 && count(kind) == non_null(); }
  const FieldStats* Child(const std::string& key) const;
};

class DocumentInference {
 public:
  DocumentInference() = default;
  // What an earlier inference saw (document_sample_record.h reads it back).
  explicit DocumentInference(FieldStats root) : root_(std::move(root)) {}

  void Observe(const bson_t* document);
  int64_t documents() const { return root_.count(BsonKind::kDocument); }
  // The top-level fields (root().children) and, recursively, everything below.
  const FieldStats& root() const { return root_; }

 private:
  FieldStats root_;
};

// Objects whose keys are data (ids, dates, numbers as keys, or many keys each
// present in few objects) are kept whole as json rather than made into columns.
bool IsDataKeyed(const FieldStats& stats);

struct InferredType {
  LogicalType type = LogicalType::kJson;
  std::string note;  // why, when a rule widened or gave up ("int32 and double: float64")
};

// The narrowest type for the non-null scalar values of `stats` (rules above).
InferredType InferColumnType(const FieldStats& stats, ObjectIdMode objectid);

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_INFERENCE_H_
