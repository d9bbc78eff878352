#include "mongo_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "connectors/mongo/document_source.h"
#include "connectors/mongo/mongo_client.h"
#include "connectors/postgres/pg_target.h"
#include "core/bson_handles.h"
#include "pipeline/copy_runner.h"

namespace ferry::testing {

Result<DocumentPlan> CopyDocuments(const std::string& source_text, const ScratchPgDatabase& db,
                                   const DocumentPlanOptions& options, CopyOptions copy_options,
                                   RunStats* stats) {
  FERRY_ASSIGN_OR_RETURN(Endpoint from, ParseEndpoint(source_text));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, OpenDocumentSource(from));
  FERRY_ASSIGN_OR_RETURN(DocumentPlan plan, BuildDocumentPlan(*source, options));
  FERRY_ASSIGN_OR_RETURN(Endpoint to, ParseEndpoint(db.url()));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgTarget> target, PgTarget::Connect(to, "public"));
  CopyRun run;
  run.source = source.get();
  run.target = target.get();
  run.make_plan = [&plan](const DatabaseSchema&) -> Result<Plan> { return plan.plan; };
  run.make_transform = [&plan](const TablePlan& t) { return NewDocumentTransform(plan, t); };
  TempDir rejects;
  if (copy_options.rejects_dir == "rejects") copy_options.rejects_dir = rejects.path();
  run.options = copy_options;
  RunStats local;
  Status s = RunCopy(run, {}, stats != nullptr ? stats : &local);
  FERRY_RETURN_IF_ERROR(s);
  return plan;
}

void WriteBsonFile(const std::filesystem::path& path, const std::vector<std::string>& documents) {
  std::string bytes;
  for (const std::string& json : documents) {
    bson_error_t error;
    BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                      static_cast<ssize_t>(json.size()), &error));
    EXPECT_NE(doc, nullptr) << error.message << " in " << json;
    if (doc != nullptr)
      bytes.append(reinterpret_cast<const char*>(bson_get_data(doc.get())), doc->len);
  }
  std::filesystem::create_directories(path.parent_path());
  WriteFile(path, bytes);
}

std::string MongoServerUrl() {
  const char* url = std::getenv("FERRY_TEST_MONGO_URL");
  return url == nullptr ? "" : url;
}

std::string MongoUrlForDatabase(const std::string& database) {
  std::string url = MongoServerUrl();
  size_t query = url.find('?');
  std::string base = url.substr(0, query),
              options = query == std::string::npos ? "" : url.substr(query);
  if (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + database + options;
}

std::string UniqueMongoDatabase(const std::string& suffix) {
  static std::atomic<int> counter{0};
  return "ferry_" + suffix + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

Status SeedPeople(const std::string& database, const std::string& collection, int count) {
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(MongoServerUrl()));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<MongoPool> pool, MongoPool::Create(endpoint));
  PooledClient client = pool->Pop();
  MongoCollectionHandle coll(
      mongoc_client_get_collection(client.get(), database.c_str(), collection.c_str()));
  constexpr int kBatch = 5000;
  for (int start = 0; start < count; start += kBatch) {
    const int n = std::min(count, start + kBatch) - start;
    std::vector<BsonHandle> docs;
    // A plain array: bson_t's alignment attribute does not survive as a template argument.
    const bson_t* pointers[kBatch];
    for (int i = start; i < start + n; ++i) {
      bson_oid_t oid;
      bson_oid_init(&oid, nullptr);
      std::string name = "person " + std::to_string(i);
      docs.emplace_back(BCON_NEW(
          "_id", BCON_OID(&oid), "n", BCON_INT32(i), "name", BCON_UTF8(name.c_str()), "address",
          "{", "city", BCON_UTF8(i % 2 ? "Lyon" : "Oslo"), "zip", BCON_INT32(i % 100), "}"));
      pointers[i - start] = docs.back().get();
    }
    bson_error_t error;
    if (!mongoc_collection_insert_many(coll.get(), pointers, n, nullptr, nullptr, &error)) {
      return MongoError(error, "seeding " + database + "." + collection);
    }
  }
  return Status::OK();
}

Status CreateIndex(const std::string& database, const std::string& collection,
                   const std::string& keys_json, const std::string& name, bool unique) {
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(MongoServerUrl()));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<MongoPool> pool, MongoPool::Create(endpoint));
  PooledClient client = pool->Pop();
  bson_error_t error;
  BsonHandle keys(
      bson_new_from_json(reinterpret_cast<const uint8_t*>(keys_json.data()), -1, &error));
  if (keys == nullptr) return Status::InvalidArgument(error.message);
  BsonHandle command(BCON_NEW("createIndexes", BCON_UTF8(collection.c_str()), "indexes", "[", "{",
                              "key", BCON_DOCUMENT(keys.get()), "name", BCON_UTF8(name.c_str()),
                              "unique", BCON_BOOL(unique), "}", "]"));
  if (!mongoc_client_command_simple(client.get(), database.c_str(), command.get(), nullptr, nullptr,
                                    &error)) {
    return MongoError(error, "creating index " + name);
  }
  return Status::OK();
}

Status RunMongoCommand(const std::string& database, const std::string& command_json) {
  FERRY_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(MongoServerUrl()));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<MongoPool> pool, MongoPool::Create(endpoint));
  PooledClient client = pool->Pop();
  bson_error_t error;
  BsonHandle command(bson_new_from_json(reinterpret_cast<const uint8_t*>(command_json.data()),
                                        static_cast<ssize_t>(command_json.size()), &error));
  if (command == nullptr) return Status::InvalidArgument(error.message);
  BsonHandle reply(bson_new());
  if (!mongoc_client_command_simple(client.get(), database.c_str(), command.get(), nullptr,
                                    reply.get(), &error)) {
    return MongoError(error, "running " + command_json);
  }
  return Status::OK();
}

}  // namespace ferry::testing
