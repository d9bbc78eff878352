#include "connectors/mongo/mongo_engine.h"

#include "connectors/mongo/document_snapshot.h"
#include "connectors/mongo/document_source.h"

namespace ferry {
namespace {

class DocumentEngine : public Engine {
 public:
  DocumentEngine(std::string_view name, SnapshotLife life) : name_(name), life_(life) {}

  std::string_view name() const override { return name_; }
  bool CanRead() const override { return true; }
  SourceValues source_values() const override { return SourceValues::kDocuments; }
  SnapshotLife snapshot_life() const override { return life_; }

  Result<std::unique_ptr<Source>> OpenSource(const Endpoint& endpoint) const override {
    return OpenDocumentSource(endpoint);
  }
  std::string SourceIdentity(const Endpoint& source) const override {
    return DocumentSourceIdentity(source);
  }
  Result<TakenSnapshot> TakeSnapshot(const Endpoint& source, const std::string& /*run_id*/,
                                     const std::filesystem::path& /*dir*/) const override {
    FERRY_ASSIGN_OR_RETURN(SourceSnapshot taken, TakeDocumentSnapshot(source));
    return TakenSnapshot{std::move(taken), nullptr};
  }
  // Read in place (OpenSnapshotSource: the default, OpenSource).
  Result<std::string> DescribeSourceChange(const Endpoint& source,
                                           const SourceSnapshot& snapshot) const override {
    return DescribeDocumentChange(source, snapshot);
  }

  bool CanWrite() const override { return false; }

 private:
  const std::string_view name_;
  const SnapshotLife life_;
};

}  // namespace

const Engine& LiveMongoEngine() {
  static const DocumentEngine engine("MongoDB", SnapshotLife::kNone);
  return engine;
}

const Engine& MongoDumpEngine() {
  static const DocumentEngine engine("a mongodump folder", SnapshotLife::kRun);
  return engine;
}

const Engine& NdjsonEngine() {
  static const DocumentEngine engine("an NDJSON file", SnapshotLife::kRun);
  return engine;
}

}  // namespace ferry
