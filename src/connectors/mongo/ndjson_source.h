// NdjsonSource: NDJSON / mongoexport files as a document Source.
//
// PATH is one file or a folder of them (*.json, *.ndjson, *.jsonl, each
// optionally .gz), and of folders of them, one per database. Each file is one
// collection named by the file without its extensions ("images.json.gz" →
// "images"), prefixed by its database folder when in one ("palbum/images.json"
// → "palbum.images", as MongoDumpSource names them; the table is then
// palbum_images). Folders without such files are listed as skipped. Files hold one Extended
// JSON document per line (ndjson_reader.h). Thread-safe: every reader opens its own file.
#ifndef FERRY_CONNECTORS_MONGO_NDJSON_SOURCE_H_
#define FERRY_CONNECTORS_MONGO_NDJSON_SOURCE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ferry/source.h"

namespace ferry {

class NdjsonSource : public Source {
 public:
  // NotFound when PATH does not exist or a folder holds no such file.
  static Result<std::unique_ptr<NdjsonSource>> Open(const std::filesystem::path& path);

  Result<DatabaseSchema> DescribeSchema() override;
  // Chunk{} reads the whole file; a kByteOffset chunk its lines (file_chunker.h).
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override;
  std::string SnapshotNote() const override;
  // Byte ranges of about `chunk_rows` lines; one chunk for a .gz file.
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override;

  // Every file this source reads.
  std::vector<std::filesystem::path> Files() const;

 private:
  NdjsonSource() = default;
  // `database`: "" for a file of PATH itself, else the folder it is in.
  Status Add(const std::filesystem::path& file, const std::string& database);
  Status AddFolder(const std::filesystem::path& dir, const std::string& database);
  Result<std::filesystem::path> FileOf(const std::string& table) const;

  std::map<std::string, std::filesystem::path> files_;  // collection → file
  std::vector<std::filesystem::path> ignored_folders_;  // subfolders with no such file
};

// The collection a file holds: its name without .gz and .json/.ndjson/.jsonl; "" when
// the name has none of these extensions.
std::string CollectionNameOfFile(const std::filesystem::path& file);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_NDJSON_SOURCE_H_
