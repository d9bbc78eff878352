#include "connectors/mongo/mongodump_source.h"

#include <algorithm>
#include <set>

#include "connectors/mongo/bson_file_reader.h"
#include "connectors/mongo/file_chunker.h"
#include "connectors/mongo/gz_input.h"
#include "connectors/mongo/mongo_index.h"
#include "core/bson_handles.h"
#include "core/document_row.h"

namespace ferry {
namespace fs = std::filesystem;
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "users.bson.gz" → {"users", true}; "users.metadata.json" → {"users", false}; else {"", _}.
std::pair<std::string, bool> ParseDumpFileName(const std::string& file) {
  for (std::string_view suffix : {".bson", ".bson.gz"}) {
    if (EndsWith(file, suffix)) return {file.substr(0, file.size() - suffix.size()), true};
  }
  for (std::string_view suffix : {".metadata.json", ".metadata.json.gz"}) {
    if (EndsWith(file, suffix)) return {file.substr(0, file.size() - suffix.size()), false};
  }
  return {"", false};
}

bool HoldsDumpFiles(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && !ParseDumpFileName(entry.path().filename()).first.empty()) {
      return true;
    }
  }
  return false;
}

Result<BsonHandle> ReadJsonFile(const fs::path& path) {
  FERRY_ASSIGN_OR_RETURN(GzInput input, GzInput::Open(path));
  std::string text;
  char buffer[65536];
  while (true) {
    FERRY_ASSIGN_OR_RETURN(size_t got, input.Read(buffer, sizeof buffer));
    if (got == 0) break;
    text.append(buffer, got);
  }
  bson_error_t error;
  BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(text.data()),
                                    static_cast<ssize_t>(text.size()), &error));
  if (doc == nullptr) {
    return Status::Corruption("'" + path.string() +
                              "' is not valid Extended JSON: " + error.message);
  }
  return doc;
}

}  // namespace

Result<std::unique_ptr<MongoDumpSource>> MongoDumpSource::Open(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("mongodump folder '" + dir.string() + "' does not exist");
  }
  std::unique_ptr<MongoDumpSource> source(new MongoDumpSource());
  source->dir_ = dir;
  if (HoldsDumpFiles(dir)) {
    FERRY_RETURN_IF_ERROR(source->Scan(dir));
  } else {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.is_directory() && HoldsDumpFiles(entry.path())) {
        FERRY_RETURN_IF_ERROR(source->Scan(entry.path()));
      }
    }
  }
  source->NameTables();
  if (source->collections_.empty()) {
    return Status::NotFound("'" + dir.string() +
                            "' holds no mongodump output (DB/COLLECTION.bson files): "
                            "pass the folder mongodump wrote (its --out, 'dump' by default)");
  }
  return source;
}

Status MongoDumpSource::Scan(const fs::path& db_dir) {
  std::error_code ec;
  std::string database = db_dir.filename().string();
  if (database.empty()) database = db_dir.parent_path().filename().string();
  for (const auto& entry : fs::directory_iterator(db_dir, ec)) {
    if (!entry.is_regular_file()) continue;
    auto [name, is_data] = ParseDumpFileName(entry.path().filename());
    if (name.empty()) continue;
    Collection& c = collections_[database + '\0' + name];
    c.database = database;
    c.name = name;
    (is_data ? c.data : c.metadata) = entry.path();
  }
  if (ec) return Status::IoError("cannot list '" + db_dir.string() + "': " + ec.message());
  return Status::OK();
}

void MongoDumpSource::NameTables() {
  std::set<std::string> databases;
  for (const auto& [key, c] : collections_) databases.insert(c.database);
  for (auto& [key, c] : collections_) {
    c.table = databases.size() > 1 ? c.database + "." + c.name : c.name;
  }
}

Result<DatabaseSchema> MongoDumpSource::DescribeSchema() {
  DatabaseSchema out;
  for (const auto& [key, c] : collections_) {
    const std::string& table = c.table;
    if (c.name.starts_with("system.")) {
      out.skipped.push_back({"collection", table, "system collection: not application data"});
      continue;
    }
    if (c.data.empty()) {
      out.skipped.push_back({"collection", table,
                             "metadata but no data file (" + c.name +
                                 ".bson): nothing to copy; the dump may be incomplete"});
      continue;
    }
    TableSchema schema;
    schema.name = table;
    schema.columns = DocumentRowColumns();
    FERRY_RETURN_IF_ERROR(AddIndexes(c, table, &schema, &out));
    out.tables.push_back(std::move(schema));
  }
  return out;
}

Status MongoDumpSource::AddIndexes(const Collection& c, const std::string& table,
                                   TableSchema* schema, DatabaseSchema* out) const {
  if (c.metadata.empty()) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(BsonHandle metadata, ReadJsonFile(c.metadata));
  bson_iter_t it, indexes;
  if (!bson_iter_init_find(&it, metadata.get(), "indexes") || !BSON_ITER_HOLDS_ARRAY(&it) ||
      !bson_iter_recurse(&it, &indexes)) {
    return Status::OK();
  }
  TranslatedIndexes translated;
  while (bson_iter_next(&indexes)) {
    if (!BSON_ITER_HOLDS_DOCUMENT(&indexes)) continue;
    uint32_t length = 0;
    const uint8_t* data = nullptr;
    bson_iter_document(&indexes, &length, &data);
    bson_t spec;
    if (bson_init_static(&spec, data, length)) TranslateIndexSpec(table, &spec, &translated);
  }
  schema->indexes = std::move(translated.indexes);
  for (SkippedObject& s : translated.skipped) out->skipped.push_back(std::move(s));
  return Status::OK();
}

Result<fs::path> MongoDumpSource::DataFileOf(const std::string& table) const {
  auto it = std::find_if(collections_.begin(), collections_.end(), [&](const auto& entry) {
    return entry.second.table == table && !entry.second.data.empty();
  });
  if (it == collections_.end()) {
    return Status::NotFound("collection '" + table + "' is not in the mongodump folder '" +
                            dir_.string() + "'");
  }
  return it->second.data;
}

Result<std::unique_ptr<BatchReader>> MongoDumpSource::OpenReader(const TableSchema& table,
                                                                 const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(fs::path file, DataFileOf(table.name));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BsonFileReader> reader,
                         BsonFileReader::Open(file, FileRangeOf(chunk)));
  return NewDocumentBatchReader(std::move(reader));
}

Result<std::vector<Chunk>> MongoDumpSource::PlanChunks(const TableSchema& table,
                                                       int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(fs::path file, DataFileOf(table.name));
  return PlanFileChunks(file, RecordFormat::kBson, chunk_rows);
}

std::vector<fs::path> MongoDumpSource::Files() const {
  std::vector<fs::path> out;
  for (const auto& [key, c] : collections_) {
    for (const fs::path& file : {c.data, c.metadata}) {
      if (!file.empty()) out.push_back(file);
    }
  }
  return out;
}

std::string MongoDumpSource::SnapshotNote() const {
  return "mongodump files, read in place as they are (consistent if the dump was taken with "
         "--oplog; a resumable copy records their sizes and times and refuses to go on if one "
         "changes)";
}

}  // namespace ferry
