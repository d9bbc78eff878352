#include "connectors/mongo/ndjson_source.h"

#include "connectors/mongo/document_reader.h"
#include "connectors/mongo/file_chunker.h"
#include "connectors/mongo/ndjson_reader.h"
#include "core/document_row.h"

namespace ferry {
namespace fs = std::filesystem;

std::string CollectionNameOfFile(const fs::path& file) {
  std::string name = file.filename().string();
  if (name.ends_with(".gz")) name.resize(name.size() - 3);
  for (std::string_view ext : {".json", ".ndjson", ".jsonl"}) {
    if (name.size() > ext.size() && name.ends_with(ext))
      return name.substr(0, name.size() - ext.size());
  }
  return "";
}

Result<std::unique_ptr<NdjsonSource>> NdjsonSource::Open(const fs::path& path) {
  std::error_code ec;
  std::unique_ptr<NdjsonSource> source(new NdjsonSource());
  if (fs::is_regular_file(path, ec)) {
    FERRY_RETURN_IF_ERROR(source->Add(path, ""));
    return source;
  }
  if (!fs::is_directory(path, ec)) {
    return Status::NotFound("'" + path.string() + "' does not exist");
  }
  FERRY_RETURN_IF_ERROR(source->AddFolder(path, ""));
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (!entry.is_directory() || entry.path().filename().string().starts_with(".")) continue;
    // A folder per database, as exported sample datasets are laid out.
    size_t before = source->files_.size();
    FERRY_RETURN_IF_ERROR(source->AddFolder(entry.path(), entry.path().filename().string()));
    if (source->files_.size() == before) source->ignored_folders_.push_back(entry.path());
  }
  if (ec) return Status::IoError("cannot list '" + path.string() + "': " + ec.message());
  if (source->files_.empty()) {
    return Status::NotFound("'" + path.string() +
                            "' holds no .json, .ndjson or .jsonl file (optionally .gz), "
                            "neither itself nor in a folder per database");
  }
  return source;
}

Status NdjsonSource::AddFolder(const fs::path& dir, const std::string& database) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && !CollectionNameOfFile(entry.path()).empty()) {
      FERRY_RETURN_IF_ERROR(Add(entry.path(), database));
    }
  }
  if (ec) return Status::IoError("cannot list '" + dir.string() + "': " + ec.message());
  return Status::OK();
}

Status NdjsonSource::Add(const fs::path& file, const std::string& database) {
  std::string name = CollectionNameOfFile(file);
  if (name.empty()) name = file.stem().string();
  if (!database.empty()) name = database + "." + name;  // as MongoDumpSource names them
  auto [it, added] = files_.emplace(name, file);
  if (!added) {
    return Status::InvalidArgument("'" + file.string() + "' and '" + it->second.string() +
                                   "' would both be collection '" + name +
                                   "': keep one of them in the folder");
  }
  return Status::OK();
}

Result<DatabaseSchema> NdjsonSource::DescribeSchema() {
  DatabaseSchema out;
  for (const auto& [name, file] : files_) {
    TableSchema table;
    table.name = name;
    table.columns = DocumentRowColumns();
    out.tables.push_back(std::move(table));
  }
  for (const fs::path& dir : ignored_folders_) {
    out.skipped.push_back({"folder", dir.filename().string(),
                           "holds no .json, .ndjson or .jsonl file (a mongodump folder is read "
                           "with mongodump:" +
                               dir.string() + ")"});
  }
  return out;
}

Result<fs::path> NdjsonSource::FileOf(const std::string& table) const {
  auto it = files_.find(table);
  if (it == files_.end()) {
    return Status::NotFound("collection '" + table + "' has no file in this NDJSON source");
  }
  return it->second;
}

Result<std::unique_ptr<BatchReader>> NdjsonSource::OpenReader(const TableSchema& table,
                                                              const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(fs::path file, FileOf(table.name));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<NdjsonReader> reader,
                         NdjsonReader::Open(file, FileRangeOf(chunk)));
  return NewDocumentBatchReader(std::move(reader));
}

Result<std::vector<Chunk>> NdjsonSource::PlanChunks(const TableSchema& table, int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(fs::path file, FileOf(table.name));
  return PlanFileChunks(file, RecordFormat::kNdjson, chunk_rows);
}

std::vector<fs::path> NdjsonSource::Files() const {
  std::vector<fs::path> out;
  for (const auto& [name, file] : files_) out.push_back(file);
  return out;
}

std::string NdjsonSource::SnapshotNote() const {
  return "NDJSON files, read in place as they are (a resumable copy records their sizes and "
         "times and refuses to go on if one changes)";
}

}  // namespace ferry
