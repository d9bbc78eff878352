#include "mapping/document_inference.h"

#include <cctype>
#include <string_view>

namespace ferry {
namespace {

constexpr size_t kMinDataKeyedKeys = 8;

bool AllOf(std::string_view s, int (*pred)(int)) {
  for (unsigned char c : s) {
    if (!pred(c)) return false;
  }
  return !s.empty();
}

// Keys that are values: numbers, ObjectId/hex ids, uuids, ISO dates.
bool LooksLikeDataKey(std::string_view key) {
  if (AllOf(key, isdigit)) return true;
  if (key.size() >= 16 && AllOf(key, isxdigit)) return true;
  if (key.size() == 36 && key[8] == '-' && key[13] == '-') return true;
  return key.size() >= 10 && isdigit(key[0]) && key[4] == '-' && key[7] == '-';
}

void ObserveValue(FieldStats* stats, const bson_iter_t* it);

// `frozen`: past kMaxTrackedKeys, keep the keys seen so far (the root's columns)
// rather than drop them all (a nested object that many keys is json anyway).
void ObserveKeys(FieldStats* stats, bson_iter_t* child, bool frozen = false) {
  while (bson_iter_next(child)) {
    if (stats->too_many_keys && !frozen) return;
    std::string key(bson_iter_key(child), bson_iter_key_len(child));
    auto pos = stats->child_index.find(key);
    if (pos == stats->child_index.end()) {
      if (stats->children.size() >= kMaxTrackedKeys) {
        stats->too_many_keys = true;
        if (frozen) continue;  // an untracked key: it goes to _extra
        stats->children.clear();
        stats->child_index.clear();
        return;
      }
      pos = stats->child_index.emplace(key, stats->children.size()).first;
      if (LooksLikeDataKey(key)) ++stats->data_like_keys;
      stats->children.emplace_back(key, std::make_unique<FieldStats>());
    }
    FieldStats* field = stats->children[pos->second].second.get();
    ++field->present;
    ObserveValue(field, child);
  }
}

void ObserveElements(FieldStats* stats, bson_iter_t* element) {
  if (stats->elements == nullptr) stats->elements = std::make_unique<FieldStats>();
  int64_t n = 0;
  while (bson_iter_next(element)) {
    ++n;
    ++stats->elements->present;
    ObserveValue(stats->elements.get(), element);
  }
  stats->max_elements = std::max(stats->max_elements, n);
}

void ObserveValue(FieldStats* stats, const bson_iter_t* it) {
  BsonKind kind = ClassifyBson(it);
  ++stats->kinds[static_cast<int>(kind)];
  bson_iter_t child;
  if (kind == BsonKind::kDocument && bson_iter_recurse(it, &child)) ObserveKeys(stats, &child);
  if (kind == BsonKind::kArray && bson_iter_recurse(it, &child)) ObserveElements(stats, &child);
}

// Bit set of the non-null kinds seen.
uint32_t KindSet(const FieldStats& s) {
  uint32_t set = 0;
  for (int k = 1; k < kBsonKindCount; ++k) {
    if (s.kinds[k] > 0) set |= 1u << k;
  }
  return set;
}

constexpr uint32_t Bit(BsonKind k) { return 1u << static_cast<int>(k); }

std::string KindList(uint32_t set) {
  std::string out;
  for (int k = 1; k < kBsonKindCount; ++k) {
    if ((set & (1u << k)) == 0) continue;
    if (!out.empty()) out += ", ";
    out += BsonKindName(static_cast<BsonKind>(k));
  }
  return out;
}

}  // namespace

const FieldStats* FieldStats::Child(const std::string& key) const {
  auto it = child_index.find(key);
  return it == child_index.end() ? nullptr : children[it->second].second.get();
}

void DocumentInference::Observe(const bson_t* document) {
  ++root_.present;
  ++root_.kinds[static_cast<int>(BsonKind::kDocument)];
  bson_iter_t it;
  if (bson_iter_init(&it, document)) ObserveKeys(&root_, &it, /*frozen=*/true);
}

bool IsDataKeyed(const FieldStats& stats) {
  if (stats.too_many_keys) return true;
  size_t keys = stats.children.size();
  if (keys < kMinDataKeyedKeys) return false;
  if (stats.data_like_keys * 10 >= static_cast<int64_t>(keys) * 8) return true;
  // Many keys, each in few of the objects: a map, not a record.
  int64_t objects = stats.count(BsonKind::kDocument);
  int64_t presences = 0;
  for (const auto& [key, child] : stats.children) presences += child->present;
  return keys >= 32 && presences * 5 < objects * static_cast<int64_t>(keys);
}

InferredType InferColumnType(const FieldStats& stats, ObjectIdMode objectid) {
  uint32_t set = KindSet(stats);
  constexpr uint32_t kInts = Bit(BsonKind::kInt32) | Bit(BsonKind::kInt64);
  constexpr uint32_t kFloats = kInts | Bit(BsonKind::kDouble);
  constexpr uint32_t kNumbers = kFloats | Bit(BsonKind::kDecimal);
  constexpr uint32_t kBinaries = Bit(BsonKind::kBinary) | Bit(BsonKind::kUuid);
  if (set == 0) return {LogicalType::kJson, "only nulls seen: json holds whatever comes"};
  if (set == Bit(BsonKind::kInt32)) return {LogicalType::kInt32, ""};
  if (set == Bit(BsonKind::kInt64)) return {LogicalType::kInt64, ""};
  if ((set & ~kInts) == 0) return {LogicalType::kInt64, "int32 and int64: int64"};
  if (set == Bit(BsonKind::kDouble)) return {LogicalType::kFloat64, ""};
  if ((set & ~kFloats) == 0) return {LogicalType::kFloat64, "integers and doubles: float64"};
  if (set == Bit(BsonKind::kDecimal)) return {LogicalType::kNumeric, ""};
  if ((set & ~kNumbers) == 0) return {LogicalType::kNumeric, "numbers with decimal128: numeric"};
  if (set == Bit(BsonKind::kBool)) return {LogicalType::kBool, ""};
  if (set == Bit(BsonKind::kString)) return {LogicalType::kText, ""};
  if (set == Bit(BsonKind::kDate)) return {LogicalType::kTimestampTz, ""};
  if (set == Bit(BsonKind::kObjectId)) return {ObjectIdLogicalType(objectid), ""};
  if (set == Bit(BsonKind::kUuid)) return {LogicalType::kUuid, ""};
  if ((set & ~kBinaries) == 0) return {LogicalType::kBytes, ""};
  if (set == Bit(BsonKind::kDocument) || set == Bit(BsonKind::kArray) ||
      set == Bit(BsonKind::kOther)) {
    return {LogicalType::kJson, ""};
  }
  return {LogicalType::kJson, "mixed kinds (" + KindList(set) + "): json"};
}

}  // namespace ferry
