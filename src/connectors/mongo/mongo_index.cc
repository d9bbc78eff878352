#include "connectors/mongo/mongo_index.h"

namespace ferry {
namespace {

std::string StringField(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_UTF8(&it)) {
    return bson_iter_utf8(&it, nullptr);
  }
  return "";
}

bool HasField(const bson_t* doc, const char* key) {
  bson_iter_t it;
  return bson_iter_init_find(&it, doc, key);
}

bool TrueField(const bson_t* doc, const char* key) {
  bson_iter_t it;
  return bson_iter_init_find(&it, doc, key) && bson_iter_as_bool(&it);
}

// Fills index->columns from the key document; returns "" or why it does not translate.
std::string TranslateKeys(const bson_t* spec, Index* index) {
  bson_iter_t it, keys;
  if (!bson_iter_init_find(&it, spec, "key") || !BSON_ITER_HOLDS_DOCUMENT(&it) ||
      !bson_iter_recurse(&it, &keys)) {
    return "it has no key document";
  }
  while (bson_iter_next(&keys)) {
    std::string path = bson_iter_key(&keys);
    if (BSON_ITER_HOLDS_UTF8(&keys)) {
      return std::string(bson_iter_utf8(&keys, nullptr)) +
             " index: PostgreSQL has no equivalent ferry creates";
    }
    if (path.find("$**") != std::string::npos) return "wildcard index";
    double direction = BSON_ITER_HOLDS_NUMBER(&keys) ? bson_iter_as_double(&keys) : 1;
    index->columns.push_back(direction < 0 ? path + " DESC" : path);
  }
  return index->columns.empty() ? "it has no keys" : "";
}

}  // namespace

void TranslateIndexSpec(const std::string& collection, const bson_t* spec, TranslatedIndexes* out) {
  Index index;
  index.name = StringField(spec, "name");
  if (index.name == "_id_") return;  // the primary key
  index.unique = TrueField(spec, "unique");
  std::string reason = TranslateKeys(spec, &index);
  if (reason.empty() && HasField(spec, "expireAfterSeconds")) {
    reason = "TTL index: PostgreSQL does not expire rows; delete old rows with a scheduled job";
  }
  if (reason.empty() && HasField(spec, "partialFilterExpression")) {
    reason = "partial index: its filter is a MongoDB query, not translated";
  }
  if (!reason.empty()) {
    out->skipped.push_back({"index", collection + "." + index.name, "not translated: " + reason});
    return;
  }
  out->indexes.push_back(std::move(index));
}

}  // namespace ferry
