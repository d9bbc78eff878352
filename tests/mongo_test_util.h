// Helpers for the document-source integration tests: copy a document source
// into a scratch PostgreSQL database through the real pipeline.
#ifndef FERRY_TESTS_MONGO_TEST_UTIL_H_
#define FERRY_TESTS_MONGO_TEST_UTIL_H_

#include <filesystem>
#include <string>
#include <vector>

#include "mapping/document_plan.h"
#include "pipeline/copy_options.h"
#include "pipeline/run_stats.h"
#include "test_util.h"

namespace ferry::testing {

// Plans `source_text` (mongodump:DIR, ndjson:PATH, mongodb://...) with `options`
// and copies it into `db`. Returns the plan used.
Result<DocumentPlan> CopyDocuments(const std::string& source_text, const ScratchPgDatabase& db,
                                   const DocumentPlanOptions& options,
                                   CopyOptions copy_options = {}, RunStats* stats = nullptr);

// Writes the documents (Extended JSON, one per entry) back to back as a .bson file.
void WriteBsonFile(const std::filesystem::path& path, const std::vector<std::string>& documents);

// The live test server's URL (FERRY_TEST_MONGO_URL, started by scripts/test), or "".
std::string MongoServerUrl();
// The server's URL with `database` as its path, keeping the query options.
std::string MongoUrlForDatabase(const std::string& database);
// A database name no other test uses ("ferry_<suffix>_<pid>_<counter>").
std::string UniqueMongoDatabase(const std::string& suffix);

// Inserts `count` documents {_id: ObjectId, n: i, name: "person i", address: {...}}
// into database.collection on the live server, in bulk batches.
Status SeedPeople(const std::string& database, const std::string& collection, int count);

// Runs the database command `command_json` (Extended JSON, e.g. an insert or
// update command) on `database` of the live server.
Status RunMongoCommand(const std::string& database, const std::string& command_json);

// Creates index `name` with `keys_json` (e.g. {"a":1,"b":-1}) on the live server.
Status CreateIndex(const std::string& database, const std::string& collection,
                   const std::string& keys_json, const std::string& name, bool unique);

}  // namespace ferry::testing

#define FERRY_REQUIRE_MONGO()                                                                \
  do {                                                                                       \
    if (::ferry::testing::MongoServerUrl().empty())                                          \
      GTEST_SKIP() << "FERRY_TEST_MONGO_URL is not set: run scripts/test, which starts the " \
                      "MongoDB test server (scripts/lib/mongo.sh; needs node and npm)";      \
  } while (0)

#endif  // FERRY_TESTS_MONGO_TEST_UTIL_H_
