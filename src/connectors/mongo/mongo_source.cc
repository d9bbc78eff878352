#include "connectors/mongo/mongo_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

#include "connectors/mongo/document_reader.h"
#include "connectors/mongo/mongo_index.h"
#include "core/document_row.h"

namespace ferry {
namespace {

// Reads one cursor; owns the borrowed client so it goes back to the pool last.
class MongoCursorReader : public DocumentReader {
 public:
  MongoCursorReader(PooledClient client, MongoCollectionHandle collection, MongoCursorHandle cursor,
                    std::string context)
      : client_(std::move(client)),
        collection_(std::move(collection)),
        cursor_(std::move(cursor)),
        context_(std::move(context)) {}

  bool Next() override {
    document_ = nullptr;
    if (done_) return false;  // libmongoc fails a cursor advanced past its end
    if (mongoc_cursor_next(cursor_.get(), &document_)) return true;
    done_ = true;
    bson_error_t error;
    if (mongoc_cursor_error(cursor_.get(), &error)) status_ = MongoError(error, context_);
    return false;
  }
  const bson_t* document() const override { return document_; }
  const std::string& error() const override { return no_error_; }
  Status status() const override { return status_; }

 private:
  PooledClient client_;
  MongoCollectionHandle collection_;
  MongoCursorHandle cursor_;
  std::string context_;
  const bson_t* document_ = nullptr;
  bool done_ = false;
  std::string no_error_;
  Status status_;
};

// Appends `part` as a BSON value named `name` (the inverse of IdKeyPart).
void AppendKeyPart(bson_t* doc, const char* name, const KeyPart& part) {
  switch (part.kind) {
    case ValueKind::kInt64:
      bson_append_int64(doc, name, -1, part.int_value);
      break;
    case ValueKind::kDouble:
      bson_append_double(doc, name, -1, part.double_value);
      break;
    case ValueKind::kText:
      bson_append_utf8(doc, name, -1, part.bytes.data(), static_cast<int>(part.bytes.size()));
      break;
    default: {  // kBytes: an ObjectId's 12 bytes
      bson_oid_t oid;
      std::memcpy(oid.bytes, part.bytes.data(), std::min<size_t>(12, part.bytes.size()));
      bson_append_oid(doc, name, -1, &oid);
    }
  }
}

// {_id: {$gte: lower, $lt: upper}} for a kIdRange chunk; {} for the whole collection.
BsonHandle IdRangeFilter(const Chunk& chunk) {
  BsonHandle filter(bson_new());
  if (chunk.lower_key.empty() && chunk.upper_key.empty()) return filter;
  bson_t range;
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "_id", &range);
  if (!chunk.lower_key.empty()) AppendKeyPart(&range, "$gte", chunk.lower_key[0]);
  if (!chunk.upper_key.empty()) AppendKeyPart(&range, "$lt", chunk.upper_key[0]);
  bson_append_document_end(filter.get(), &range);
  return filter;
}

bool IsSkippedDatabase(const std::string& name) {
  return name == "admin" || name == "local" || name == "config";
}

}  // namespace

Result<std::unique_ptr<MongoSource>> MongoSource::Connect(const Endpoint& endpoint,
                                                          int batch_size) {
  std::unique_ptr<MongoSource> source(new MongoSource());
  source->batch_size_ = batch_size;
  FERRY_ASSIGN_OR_RETURN(source->pool_, MongoPool::Create(endpoint));
  FERRY_RETURN_IF_ERROR(source->pool_->Ping());
  return source;
}

Result<std::vector<std::string>> MongoSource::Databases(mongoc_client_t* client) {
  if (!pool_->database().empty()) return std::vector<std::string>{pool_->database()};
  bson_error_t error;
  char** names = mongoc_client_get_database_names_with_opts(client, nullptr, &error);
  if (names == nullptr) return MongoError(error, "listing databases of " + pool_->redacted());
  std::vector<std::string> out;
  for (char** name = names; *name != nullptr; ++name) {
    if (!IsSkippedDatabase(*name)) out.push_back(*name);
  }
  bson_strfreev(names);
  return out;
}

Status MongoSource::ListCollections(mongoc_client_t* client, const std::string& database,
                                    bool qualify, DatabaseSchema* out) {
  MongoDatabaseHandle db(mongoc_client_get_database(client, database.c_str()));
  MongoCursorHandle cursor(mongoc_database_find_collections_with_opts(db.get(), nullptr));
  const bson_t* info = nullptr;
  while (mongoc_cursor_next(cursor.get(), &info)) {
    bson_iter_t it;
    std::string name, type = "collection";
    if (bson_iter_init_find(&it, info, "name") && BSON_ITER_HOLDS_UTF8(&it))
      name = bson_iter_utf8(&it, nullptr);
    if (bson_iter_init_find(&it, info, "type") && BSON_ITER_HOLDS_UTF8(&it))
      type = bson_iter_utf8(&it, nullptr);
    std::string table = qualify ? database + "." + name : name;
    if (name.starts_with("system.") || type != "collection") {
      out->skipped.push_back({type == "collection" ? "collection" : type, table,
                              type == "view" ? "a view: copy the collections it reads"
                                             : "not application data, or not a plain collection"});
      continue;
    }
    TableSchema schema;
    schema.name = table;
    schema.columns = DocumentRowColumns();
    MongoCollectionHandle coll(
        mongoc_client_get_collection(client, database.c_str(), name.c_str()));
    bson_error_t error;
    schema.estimated_rows =
        mongoc_collection_estimated_document_count(coll.get(), nullptr, nullptr, nullptr, &error);
    MongoCursorHandle indexes(mongoc_collection_find_indexes_with_opts(coll.get(), nullptr));
    TranslatedIndexes translated;
    const bson_t* spec = nullptr;
    while (mongoc_cursor_next(indexes.get(), &spec)) TranslateIndexSpec(table, spec, &translated);
    schema.indexes = std::move(translated.indexes);
    for (SkippedObject& s : translated.skipped) out->skipped.push_back(std::move(s));
    {
      std::lock_guard lock(mutex_);
      collections_[table] = {database, name};
    }
    out->tables.push_back(std::move(schema));
  }
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) {
    return MongoError(error, "listing collections of database " + database);
  }
  return Status::OK();
}

Result<DatabaseSchema> MongoSource::DescribeSchema() {
  PooledClient client = pool_->Pop();
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> databases, Databases(client.get()));
  DatabaseSchema out;
  for (const std::string& db : databases) {
    FERRY_RETURN_IF_ERROR(ListCollections(client.get(), db, databases.size() > 1, &out));
  }
  return out;
}

Result<MongoSource::Collection> MongoSource::Find(const std::string& table) const {
  std::lock_guard lock(mutex_);
  auto it = collections_.find(table);
  if (it == collections_.end()) {
    return Status::NotFound("collection '" + table + "' is not on " + pool_->redacted() +
                            " (or DescribeSchema was not called)");
  }
  return it->second;
}

Result<std::unique_ptr<BatchReader>> MongoSource::OpenReader(const TableSchema& table,
                                                             const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(Collection c, Find(table.name));
  BsonHandle filter = IdRangeFilter(chunk);
  PooledClient client = pool_->Pop();
  MongoCollectionHandle coll(
      mongoc_client_get_collection(client.get(), c.database.c_str(), c.name.c_str()));
  BsonHandle opts(
      BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}", "batchSize", BCON_INT32(batch_size_)));
  MongoCursorHandle cursor(
      mongoc_collection_find_with_opts(coll.get(), filter.get(), opts.get(), nullptr));
  auto reader = std::make_unique<MongoCursorReader>(
      std::move(client), std::move(coll), std::move(cursor), "reading collection " + table.name);
  return NewDocumentBatchReader(std::move(reader));
}

namespace {

// The _id of `it` as a chunk bound; nullopt for types a bound does not carry.
std::optional<KeyPart> IdKeyPart(const bson_iter_t* it) {
  KeyPart part;
  switch (bson_iter_type(it)) {
    case BSON_TYPE_OID:
      part.kind = ValueKind::kBytes;
      part.bytes.assign(reinterpret_cast<const char*>(bson_iter_oid(it)->bytes), 12);
      return part;
    case BSON_TYPE_UTF8: {
      uint32_t length = 0;
      const char* text = bson_iter_utf8(it, &length);
      part.kind = ValueKind::kText;
      part.bytes.assign(text, length);
      return part;
    }
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
      part.kind = ValueKind::kInt64;
      part.int_value = bson_iter_as_int64(it);
      return part;
    case BSON_TYPE_DOUBLE:
      part.kind = ValueKind::kDouble;
      part.double_value = bson_iter_double(it);
      return part;
    default:
      return std::nullopt;
  }
}

// The _id `skip` places after `from` (the first _id when from is null) in _id
// order: {found, bound}; found is false past the end.
Result<std::pair<bool, std::optional<KeyPart>>> NextBoundary(mongoc_collection_t* coll,
                                                             const std::optional<KeyPart>& from,
                                                             int64_t skip,
                                                             const std::string& context) {
  BsonHandle opts(BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}", "projection", "{", "_id",
                           BCON_INT32(1), "}", "skip", BCON_INT64(skip), "limit", BCON_INT64(1)));
  Chunk range;
  if (from) range.lower_key = {*from};
  BsonHandle filter = IdRangeFilter(range);
  MongoCursorHandle cursor(
      mongoc_collection_find_with_opts(coll, filter.get(), opts.get(), nullptr));
  const bson_t* doc = nullptr;
  std::pair<bool, std::optional<KeyPart>> out{false, std::nullopt};
  bson_iter_t it;
  if (mongoc_cursor_next(cursor.get(), &doc) && bson_iter_init_find(&it, doc, "_id")) {
    out = {true, IdKeyPart(&it)};
  }
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) return MongoError(error, context);
  return out;
}

// MongoDB compares values of different types by a fixed type order (numbers of
// every width count as one type), and range queries only match their own type.
int TypeBracket(bson_type_t type) {
  switch (type) {
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DOUBLE:
    case BSON_TYPE_DECIMAL128:
      return BSON_TYPE_DOUBLE;
    case BSON_TYPE_SYMBOL:
      return BSON_TYPE_UTF8;
    default:
      return type;
  }
}

// The type bracket of the first _id in `direction` (1: smallest, -1: largest); -1 when empty.
Result<int> EdgeIdBracket(mongoc_collection_t* coll, int direction, const std::string& context) {
  BsonHandle opts(BCON_NEW("sort", "{", "_id", BCON_INT32(direction), "}", "projection", "{", "_id",
                           BCON_INT32(1), "}", "limit", BCON_INT64(1)));
  BsonHandle filter(bson_new());
  MongoCursorHandle cursor(
      mongoc_collection_find_with_opts(coll, filter.get(), opts.get(), nullptr));
  const bson_t* doc = nullptr;
  bson_iter_t it;
  int bracket = -1;
  if (mongoc_cursor_next(cursor.get(), &doc) && bson_iter_init_find(&it, doc, "_id")) {
    bracket = TypeBracket(bson_iter_type(&it));
  }
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) return MongoError(error, context);
  return bracket;
}

// True when every _id is of one type bracket: then the smallest and the largest
// _id (in MongoDB's order, which sorts by type first) are of the same one.
Result<bool> SingleIdBracket(mongoc_collection_t* coll, const std::string& context) {
  FERRY_ASSIGN_OR_RETURN(int first, EdgeIdBracket(coll, 1, context));
  FERRY_ASSIGN_OR_RETURN(int last, EdgeIdBracket(coll, -1, context));
  return first == last;
}

}  // namespace

Result<std::vector<Chunk>> MongoSource::PlanChunks(const TableSchema& table, int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(Collection c, Find(table.name));
  PooledClient client = pool_->Pop();
  MongoCollectionHandle coll(
      mongoc_client_get_collection(client.get(), c.database.c_str(), c.name.c_str()));
  std::string context = "planning chunks of collection " + table.name;
  Chunk whole;
  whole.by = ChunkBy::kWhole;
  whole.estimated_rows = table.estimated_rows;
  FERRY_ASSIGN_OR_RETURN(bool single_type, SingleIdBracket(coll.get(), context));
  if (!single_type) {
    spdlog::warn(
        "collection {}: its _ids are of several BSON types; MongoDB's range queries do not "
        "cross types, so it is copied as one chunk (resumable per collection only)",
        table.name);
    return std::vector<Chunk>{whole};
  }
  std::vector<KeyPart> bounds;
  std::optional<KeyPart> from;
  while (chunk_rows > 0) {
    FERRY_ASSIGN_OR_RETURN(auto next, NextBoundary(coll.get(), from, chunk_rows, context));
    if (!next.first) break;
    if (!next.second) {
      spdlog::warn(
          "collection {}: its _ids are of a type a chunk bound cannot hold (only ObjectId, "
          "string and numbers can), so it is copied as one chunk",
          table.name);
      return std::vector<Chunk>{whole};
    }
    bounds.push_back(*next.second);
    from = next.second;
  }
  std::vector<Chunk> chunks(bounds.size() + 1);
  for (size_t i = 0; i < chunks.size(); ++i) {
    chunks[i].id = static_cast<int64_t>(i);
    chunks[i].by = ChunkBy::kIdRange;
    if (i > 0) chunks[i].lower_key = {bounds[i - 1]};
    if (i < bounds.size()) chunks[i].upper_key = {bounds[i]};
    chunks[i].estimated_rows = i < bounds.size() ? chunk_rows : -1;
  }
  return chunks;
}

std::string MongoSource::SnapshotNote() const {
  return "no snapshot: a live MongoDB server keeps a snapshot read for minutes at most, not "
         "across a crash or a resume, so each collection (each _id range of a resumable copy) "
         "is read as it is when read; documents written meanwhile may or may not be copied. "
         "Stop writes to the source for an exact copy (ferry verify then proves it)";
}

}  // namespace ferry
