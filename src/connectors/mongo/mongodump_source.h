// MongoDumpSource: a mongodump output folder as a document Source.
//
//   DIR/<db>/<collection>.bson[.gz]            the documents
//   DIR/<db>/<collection>.metadata.json[.gz]   options and indexes
//
// DIR may also be one database's folder (holding the .bson files itself).
// Each collection is a table of document rows (core/document_row.h), named by
// the collection, or "<db>.<collection>" when several databases are dumped.
// Collections with metadata but no data file, and system.* collections, are
// listed as skipped with the reason. Indexes come from the metadata
// (mongo_index.h). Thread-safe: every reader opens its own file.
#ifndef FERRY_CONNECTORS_MONGO_MONGODUMP_SOURCE_H_
#define FERRY_CONNECTORS_MONGO_MONGODUMP_SOURCE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ferry/source.h"

namespace ferry {

class MongoDumpSource : public Source {
 public:
  // Scans `dir`. NotFound when it holds no .bson or .metadata.json file.
  static Result<std::unique_ptr<MongoDumpSource>> Open(const std::filesystem::path& dir);

  Result<DatabaseSchema> DescribeSchema() override;
  // Chunk{} reads the whole file; a kByteOffset chunk its documents (file_chunker.h).
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  std::string SnapshotNote() const override;
  // Byte ranges of about `chunk_rows` documents; one chunk for a .bson.gz file.
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;

  // Every file this source reads (data and metadata).
  std::vector<std::filesystem::path> Files() const;

 private:
  struct Collection {
    std::string database;
    std::string name;
    std::string table;               // the table name it is listed under
    std::filesystem::path data;      // empty when only metadata was dumped
    std::filesystem::path metadata;  // empty when absent
  };

  MongoDumpSource() = default;
  Status Scan(const std::filesystem::path& db_dir);
  void NameTables();
  Result<std::filesystem::path> DataFileOf(const std::string& table) const;
  Status AddIndexes(const Collection& collection, const std::string& table, TableSchema* schema,
                    DatabaseSchema* out) const;

  std::filesystem::path dir_;
  std::map<std::string, Collection> collections_;  // by "<db>\0<collection>"
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_MONGODUMP_SOURCE_H_
