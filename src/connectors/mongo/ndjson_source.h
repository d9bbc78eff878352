// NdjsonSource: NDJSON / mongoexport files as a document Source.
//
// PATH is one file or a folder of them (*.json, *.ndjson, *.jsonl, each
// optionally .gz). Each file is one collection named by the file without its
// extensions ("palbum/images.json.gz" → "images"). Files hold one Extended JSON
// document per line (ndjson_reader.h). Thread-safe: every reader opens its own file.
#ifndef FERRY_CONNECTORS_MONGO_NDJSON_SOURCE_H_
#define FERRY_CONNECTORS_MONGO_NDJSON_SOURCE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "ferry/source.h"

namespace ferry {

class NdjsonSource : public Source {
 public:
  // NotFound when PATH does not exist or a folder holds no such file.
  static Result<std::unique_ptr<NdjsonSource>> Open(const std::filesystem::path& path);

  Result<DatabaseSchema> DescribeSchema() override;
  // Chunks are not supported: every chunk reads the whole file.
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  std::string SnapshotNote() const override;

 private:
  NdjsonSource() = default;
  Status Add(const std::filesystem::path& file);

  std::map<std::string, std::filesystem::path> files_;  // collection → file
};

// The collection a file holds: its name without .gz and .json/.ndjson/.jsonl; "" when
// the name has none of these extensions.
std::string CollectionNameOfFile(const std::filesystem::path& file);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_NDJSON_SOURCE_H_
