// The document engines: a live MongoDB server (mongodb://), a mongodump
// folder (mongodump:) and NDJSON / mongoexport files (ndjson:). Sources only;
// their rows come from a document plan (src/mapping/document_plan.h), and a
// resumable run reads files in place, comparing their state, while a live
// server gives no snapshot (document_snapshot.h).
#ifndef FERRY_CONNECTORS_MONGO_MONGO_ENGINE_H_
#define FERRY_CONNECTORS_MONGO_MONGO_ENGINE_H_

#include "ferry/engine.h"

namespace ferry {

const Engine& LiveMongoEngine();
const Engine& MongoDumpEngine();
const Engine& NdjsonEngine();

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_MONGO_ENGINE_H_
