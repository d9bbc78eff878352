// The one file that knows every engine (CONTRIBUTING.md, "Layers"): which
// engine serves each kind of endpoint.
#include "connectors/mongo/mongo_engine.h"
#include "connectors/postgres/pg_engine.h"
#include "connectors/sqlite/sqlite_engine.h"
#include "ferry/engine.h"

namespace ferry {
namespace {

// Endpoints ferry parses but cannot read or write yet (csv:, json:, archive:).
class NotYetEngine : public Engine {
 public:
  explicit NotYetEngine(std::string_view name) : name_(name) {}
  std::string_view name() const override { return name_; }
  bool CanRead() const override { return false; }
  SourceValues source_values() const override { return SourceValues::kDocuments; }
  SnapshotLife snapshot_life() const override { return SnapshotLife::kNone; }
  bool CanWrite() const override { return false; }

 private:
  const std::string_view name_;
};

}  // namespace

const Engine& EngineFor(const Endpoint& endpoint) {
  static const NotYetEngine csv("a CSV file"), json("a JSON file"), archive("an archive");
  switch (endpoint.kind) {
    case EndpointKind::kPostgres:
      return PostgresEngine();
    case EndpointKind::kSqlite:
      return SqliteEngine();
    case EndpointKind::kMongo:
      return LiveMongoEngine();
    case EndpointKind::kMongoDump:
      return MongoDumpEngine();
    case EndpointKind::kNdjson:
      return NdjsonEngine();
    case EndpointKind::kCsv:
      return csv;
    case EndpointKind::kJson:
      return json;
    case EndpointKind::kArchive:
      return archive;
  }
  return archive;
}

}  // namespace ferry
