// MongoDB index specifications (from a mongodump `.metadata.json` or the
// listIndexes command) as ferry index descriptions.
//
// Single-field and compound indexes on ascending/descending keys, unique or
// not, become `Index` entries whose columns are the MongoDB field paths
// ("address.zip", or "address.zip DESC" for a descending key); the mapping
// turns paths into target columns. The `_id_` index is the primary key and is
// not listed. Text, 2dsphere, 2d, hashed, TTL (expireAfterSeconds), partial and
// wildcard indexes do not translate and become SkippedObjects with the reason.
#ifndef FERRY_CONNECTORS_MONGO_MONGO_INDEX_H_
#define FERRY_CONNECTORS_MONGO_MONGO_INDEX_H_

#include <bson/bson.h>

#include <string>
#include <vector>

#include "ferry/schema.h"

namespace ferry {

struct TranslatedIndexes {
  std::vector<Index> indexes;
  std::vector<SkippedObject> skipped;
};

// Translates one index specification of `collection`; adds it to `out`.
void TranslateIndexSpec(const std::string& collection, const bson_t* spec, TranslatedIndexes* out);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_MONGO_INDEX_H_
