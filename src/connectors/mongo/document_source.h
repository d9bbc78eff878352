// Opens the document Source an endpoint names: mongodump:DIR, ndjson:PATH /
// mongoexport:PATH, mongodb:// and mongodb+srv://.
#ifndef FERRY_CONNECTORS_MONGO_DOCUMENT_SOURCE_H_
#define FERRY_CONNECTORS_MONGO_DOCUMENT_SOURCE_H_

#include <memory>

#include "ferry/endpoint.h"
#include "ferry/source.h"

namespace ferry {

// True for the endpoint kinds whose tables are document rows (core/document_row.h).
bool ReadsDocuments(const Endpoint& endpoint);

// REQUIRES: ReadsDocuments(endpoint).
Result<std::unique_ptr<Source>> OpenDocumentSource(const Endpoint& endpoint);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_DOCUMENT_SOURCE_H_
