#include "connectors/mongo/mongo_source.h"

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

// Appends {name: <the _id of boundary>} to `doc`.
void AppendId(bson_t* doc, const char* name, const bson_t* boundary) {
  bson_iter_t it;
  if (bson_iter_init_find(&it, boundary, "_id")) bson_append_iter(doc, name, -1, &it);
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
  PooledClient client = source->pool_->Pop();
  BsonHandle ping(BCON_NEW("ping", BCON_INT32(1)));
  bson_error_t error;
  if (!mongoc_client_command_simple(client.get(), "admin", ping.get(), nullptr, nullptr, &error)) {
    return MongoError(error, "MongoDB at " + source->pool_->redacted());
  }
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

Result<BsonHandle> MongoSource::ChunkFilter(const std::string& table, const Chunk& chunk) const {
  BsonHandle filter(bson_new());
  if (chunk.id == 0) return filter;
  std::lock_guard lock(mutex_);
  auto it = boundaries_.find(table);
  if (it == boundaries_.end() || chunk.id < 1 ||
      chunk.id > static_cast<int64_t>(it->second.size()) + 1) {
    return Status::InvalidArgument("collection '" + table + "' has no chunk " +
                                   std::to_string(chunk.id) + ": call PlanChunks first");
  }
  const auto& b = it->second;
  bson_t range;
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "_id", &range);
  if (chunk.id > 1) AppendId(&range, "$gte", b[chunk.id - 2].get());
  if (chunk.id <= static_cast<int64_t>(b.size())) AppendId(&range, "$lt", b[chunk.id - 1].get());
  bson_append_document_end(filter.get(), &range);
  return filter;
}

Result<std::unique_ptr<BatchReader>> MongoSource::OpenReader(const TableSchema& table,
                                                             const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(Collection c, Find(table.name));
  FERRY_ASSIGN_OR_RETURN(BsonHandle filter, ChunkFilter(table.name, chunk));
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

Result<std::vector<BsonHandle>> FindBoundaries(mongoc_collection_t* coll, int64_t count, int n,
                                               const std::string& context) {
  std::vector<BsonHandle> bounds;
  for (int i = 1; i < n; ++i) {
    BsonHandle opts(BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}", "projection", "{", "_id",
                             BCON_INT32(1), "}", "skip", BCON_INT64(count * i / n), "limit",
                             BCON_INT64(1)));
    BsonHandle filter(bson_new());
    MongoCursorHandle cursor(
        mongoc_collection_find_with_opts(coll, filter.get(), opts.get(), nullptr));
    const bson_t* doc = nullptr;
    if (mongoc_cursor_next(cursor.get(), &doc)) bounds.emplace_back(bson_copy(doc));
    bson_error_t error;
    if (mongoc_cursor_error(cursor.get(), &error)) return MongoError(error, context);
  }
  return bounds;
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

Result<std::vector<Chunk>> MongoSource::PlanChunks(const TableSchema& table, int max_chunks) {
  FERRY_ASSIGN_OR_RETURN(Collection c, Find(table.name));
  PooledClient client = pool_->Pop();
  MongoCollectionHandle coll(
      mongoc_client_get_collection(client.get(), c.database.c_str(), c.name.c_str()));
  std::string context = "planning chunks of collection " + table.name;
  bson_error_t error;
  BsonHandle all(bson_new());
  int64_t count =
      mongoc_collection_count_documents(coll.get(), all.get(), nullptr, nullptr, nullptr, &error);
  if (count < 0) return MongoError(error, context);
  int n = count >= 2 * static_cast<int64_t>(max_chunks) ? max_chunks : 1;
  FERRY_ASSIGN_OR_RETURN(std::vector<BsonHandle> bounds,
                         FindBoundaries(coll.get(), count, n, context));
  FERRY_ASSIGN_OR_RETURN(bool single_type, SingleIdBracket(coll.get(), context));
  if (!single_type) bounds.clear();
  std::vector<Chunk> chunks(bounds.size() + 1);
  for (size_t i = 0; i < chunks.size(); ++i) chunks[i].id = static_cast<int64_t>(i) + 1;
  std::lock_guard lock(mutex_);
  boundaries_[table.name] = std::move(bounds);
  return chunks;
}

std::string MongoSource::SnapshotNote() const {
  return "MongoDB cursors per collection, sorted by _id: no single snapshot across collections "
         "(stop writes to the source for an exact copy)";
}

}  // namespace ferry
