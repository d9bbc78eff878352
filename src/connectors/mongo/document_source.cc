#include "connectors/mongo/document_source.h"

#include "connectors/mongo/mongo_source.h"
#include "connectors/mongo/mongodump_source.h"
#include "connectors/mongo/ndjson_source.h"

namespace ferry {

bool ReadsDocuments(const Endpoint& endpoint) {
  return endpoint.kind == EndpointKind::kMongo || endpoint.kind == EndpointKind::kMongoDump ||
         endpoint.kind == EndpointKind::kNdjson;
}

Result<std::unique_ptr<Source>> OpenDocumentSource(const Endpoint& endpoint) {
  switch (endpoint.kind) {
    case EndpointKind::kMongoDump: {
      FERRY_ASSIGN_OR_RETURN(auto source, MongoDumpSource::Open(endpoint.path));
      return std::unique_ptr<Source>(std::move(source));
    }
    case EndpointKind::kMongo: {
      FERRY_ASSIGN_OR_RETURN(auto source, MongoSource::Connect(endpoint));
      return std::unique_ptr<Source>(std::move(source));
    }
    case EndpointKind::kNdjson: {
      FERRY_ASSIGN_OR_RETURN(auto source, NdjsonSource::Open(endpoint.path));
      return std::unique_ptr<Source>(std::move(source));
    }
    default:
      return Status::InvalidArgument(endpoint.Redacted() + " is not a document source");
  }
}

}  // namespace ferry
