// MongoSource: a live MongoDB server (mongodb://, mongodb+srv://) as a document Source.
//
// Reads through one libmongoc client pool (mongo_client.h); every reader
// borrows its own client. Collections of the database the URL names, or of
// every database but admin/local/config when it names none, are tables of
// document rows (core/document_row.h), named by the collection or
// "<db>.<collection>" when several databases are read. Views, time series and
// system.* collections are listed as skipped. Indexes come from listIndexes.
//
// Readers use a cursor sorted by _id, fetched in batches of `batch_size`
// documents (getMore), with the URL's read preference (secondary allowed).
// PlanChunks splits a collection into _id ranges carried in the chunks
// themselves (ChunkBy::kIdRange), so a chunk read by another process or after
// a crash reads the same range. There is no snapshot across collections,
// chunks or a crash (SnapshotNote). Thread-safe.
#ifndef FERRY_CONNECTORS_MONGO_MONGO_SOURCE_H_
#define FERRY_CONNECTORS_MONGO_MONGO_SOURCE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connectors/mongo/mongo_client.h"
#include "core/bson_handles.h"
#include "ferry/source.h"

namespace ferry {

class MongoSource : public Source {
 public:
  // Creates the pool and checks that the server answers (ping).
  static Result<std::unique_ptr<MongoSource>> Connect(const Endpoint& endpoint,
                                                      int batch_size = 1000);

  Result<DatabaseSchema> DescribeSchema() override;
  // Chunk{} reads the whole collection; a kIdRange chunk reads the documents
  // with lower_key <= _id < upper_key (an empty bound is open).
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  std::string SnapshotNote() const override;

  // Chunks of `chunk_rows` documents (the last one open-ended, so documents
  // inserted later land in it), split at every chunk_rows-th _id, each found
  // by skipping from the one before through the _id index. One kWhole chunk,
  // with a warning in the log, when the _ids are of several BSON type
  // brackets (MongoDB's range queries do not cross them, so ranges could miss
  // documents) or of a type a bound cannot carry (dates, binary, documents).
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;

 private:
  struct Collection {
    std::string database;
    std::string name;
  };

  MongoSource() = default;
  Result<std::vector<std::string>> Databases(mongoc_client_t* client);
  Status ListCollections(mongoc_client_t* client, const std::string& database, bool qualify,
                         DatabaseSchema* out);
  Result<Collection> Find(const std::string& table) const;

  std::unique_ptr<MongoPool> pool_;
  int batch_size_ = 1000;
  mutable std::mutex mutex_;
  std::map<std::string, Collection> collections_;  // guarded by mutex_
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_MONGO_SOURCE_H_
