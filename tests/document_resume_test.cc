// Exactly-once chunked copies from document sources, proven by killing real
// processes: a mongodump folder (byte-offset chunks of .bson files, a .bson.gz
// collection in one chunk, normalize mode) and NDJSON files, killed with
// SIGKILL at random moments and resumed until done; the live test server in
// _id-range chunks shared by two processes; and a resumed live run whose
// collection gained a field meanwhile, which keeps the columns it recorded.
#include <gtest/gtest.h>
#include <signal.h>
#include <zlib.h>

#include <chrono>
#include <random>
#include <thread>

#include "mongo_test_util.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

using std::chrono::milliseconds;

constexpr int kOrders = 16000;

std::string Oid(int i) {
  char hex[25];
  std::snprintf(hex, sizeof hex, "%024x", i + 1);
  return hex;
}

// Order i: nested customer, 0-3 line items (each with an array of tags), a
// mixed-type field and an array of scalars.
std::string OrderJson(int i) {
  std::string items;
  for (int k = 0; k < i % 4; ++k) {
    items += std::string(k ? "," : "") + R"({"sku":"s)" + std::to_string(k) + R"(","qty":)" +
             std::to_string(k + i % 7) + R"(,"tags":["t)" + std::to_string(k) + R"("]})";
  }
  return R"({"_id":{"$oid":")" + Oid(i) + R"("},"n":)" + std::to_string(i) +
         R"(,"customer":{"name":"c)" + std::to_string(i % 97) + R"(","address":{"city":")" +
         (i % 2 ? "Lyon" : "Oslo") + R"(","zip":)" + std::to_string(i % 1000) + R"(}},"items":[)" +
         items + R"(],"note":)" + (i % 5 ? R"("n)" + std::to_string(i) + "\"" : "12") +
         R"(,"labels":["x","y"]})";
}

void WriteGz(const std::filesystem::path& path, const std::string& bytes) {
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(gz);
}

class DocumentResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  std::function<int()> DoneChunks() {
    return [this] {
      PgConnection conn = db_.Connect();
      Result<PgResult> r = conn.Exec("SELECT count(*) FROM _ferry.chunks WHERE state = 'done'");
      return r.ok() ? std::atoi(std::string(r->Get(0, 0)).c_str()) : 0;
    };
  }
  // Every chunk is done once and the table counts are `counts`.
  void ExpectDoneOnce(const std::map<std::string, std::string>& counts) {
    EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
    EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM _ferry.chunks WHERE state <> 'done'"), "0");
    for (const auto& [table, count] : counts) {
      EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM " + table), count) << table;
      EXPECT_EQ(db_.QueryValue("SELECT sum(c.rows) FROM _ferry.chunks c JOIN _ferry.tables t "
                               "USING (run_id, table_no) WHERE t.target_name = '" +
                               table + "'"),
                count)
          << table;
    }
  }
  // ferry verify finds the target equal, with the digests the run stored for
  // every table (its chunk bounds read back from the source) and reading it.
  void ExpectVerifiedEqualBothWays(std::vector<std::string> args) {
    std::string run_id = db_.QueryValue("SELECT run_id FROM _ferry.runs");
    args.insert(args.begin(), "verify");
    CommandResult reused = RunFerry(args);
    EXPECT_EQ(reused.exit_code, 0) << reused.out << reused.err;
    EXPECT_NE(reused.err.find("copy run " + run_id), std::string::npos) << reused.err;
    EXPECT_EQ(reused.out.find("target side read"), std::string::npos) << reused.out;
    args.push_back("--read-target");
    CommandResult read = RunFerry(args);
    EXPECT_EQ(read.exit_code, 0) << read.out << read.err;
  }
  // Waits (up to a minute) until `sql` answers "t".
  bool WaitFor(const std::string& sql) {
    for (int i = 0; i < 600; ++i) {
      if (db_.QueryValue(sql) == "t") return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  }

  ScratchPgDatabase db_{"docresume"};
  TempDir dir_;
  TempDir logs_;
};

TEST_F(DocumentResumeTest, MongodumpKilledAtRandomMomentsAndResumedEveryDocumentLandsOnce) {
  std::vector<std::string> orders;
  int items = 0;
  for (int i = 0; i < kOrders; ++i) orders.push_back(OrderJson(i)), items += i % 4;
  std::filesystem::path dump = dir_.path() / "dump";
  WriteBsonFile(dump / "shop" / "orders.bson", orders);
  std::vector<std::string> events;
  for (int i = 0; i < 3000; ++i) {
    events.push_back(R"({"_id":)" + std::to_string(i) + R"(,"kind":"k)" + std::to_string(i % 3) +
                     "\"}");
  }
  WriteBsonFile(dir_.path() / "events.bson", events);
  WriteGz(dump / "shop" / "events.bson.gz", ReadFile(dir_.path() / "events.bson"));

  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 random(seed);
  int chunk_rows = std::uniform_int_distribution<int>(60, 180)(random);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", --chunk-rows " + std::to_string(chunk_rows));
  std::string from = "mongodump:" + dump.string();
  std::vector<std::string> args = {"copy",
                                   "--from",
                                   from,
                                   "--to",
                                   db_.url(),
                                   "--documents",
                                   "normalize",
                                   "--chunk-rows",
                                   std::to_string(chunk_rows),
                                   "--claim-timeout",
                                   "2"};
  // A short delay: the whole copy takes about a second, and a kill that comes
  // after its end is no kill.
  int kills = KillUntilDone(args, logs_.path(), random, 1, 3, DoneChunks(), 6, 40);
  EXPECT_GE(kills, 4);
  ExpectDoneOnce({{"orders", std::to_string(kOrders)},
                  {"orders_items", std::to_string(items)},
                  {"events", "3000"}});
  EXPECT_EQ(db_.QueryRows("SELECT source_name, chunk_by FROM _ferry.tables ORDER BY table_no"),
            "events|whole table\norders|byte offsets\norders|byte offsets");
  ExpectVerifiedEqualBothWays({"--from", from, "--to", db_.url(), "--documents", "normalize"});
}

TEST_F(DocumentResumeTest, NdjsonKilledAtRandomMomentsAndResumedEveryDocumentLandsOnce) {
  std::string lines;
  for (int i = 0; i < kOrders; ++i) lines += OrderJson(i) + (i % 1000 == 0 ? "\n\n" : "\n");
  std::filesystem::path folder = dir_.path() / "export";
  std::filesystem::create_directories(folder);
  WriteFile(folder / "orders.json", lines);
  WriteGz(folder / "small.json.gz", "{\"_id\":1}\n{\"_id\":2}\n");

  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 random(seed);
  int chunk_rows = std::uniform_int_distribution<int>(60, 180)(random);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", --chunk-rows " + std::to_string(chunk_rows));
  std::string from = "ndjson:" + folder.string();
  std::vector<std::string> args = {"copy",
                                   "--from",
                                   from,
                                   "--to",
                                   db_.url(),
                                   "--chunk-rows",
                                   std::to_string(chunk_rows),
                                   "--claim-timeout",
                                   "2"};
  int kills = KillUntilDone(args, logs_.path(), random, 3, 1, DoneChunks(), 6, 40);
  EXPECT_GE(kills, 4);
  ExpectDoneOnce({{"orders", std::to_string(kOrders)}, {"small", "2"}});
  EXPECT_EQ(db_.QueryValue("SELECT customer_name FROM orders WHERE n = 7"), "c7");
  ExpectVerifiedEqualBothWays({"--from", from, "--to", db_.url()});
}

TEST_F(DocumentResumeTest, ChangedSourceFileStopsTheResumedRunAndSaysWhatToDo) {
  std::filesystem::path file = dir_.path() / "orders.json";
  std::string lines;
  for (int i = 0; i < 50; ++i) lines += OrderJson(i) + "\n";
  lines += "{oops\n";  // an unreadable line stops the first run (--on-error stop)
  WriteFile(file, lines);
  std::vector<std::string> args = {
      "copy", "--from", "ndjson:" + file.string(), "--to", db_.url(), "--chunk-rows", "10"};
  CommandResult first = RunFerry(args);
  ASSERT_EQ(first.exit_code, 1) << first.err;
  WriteFile(file, lines + OrderJson(60) + "\n");
  CommandResult second = RunFerry(args);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find(std::filesystem::weakly_canonical(file).string() + " changed"),
            std::string::npos)
      << second.err;
  EXPECT_NE(second.err.find("--restart --mode replace"), std::string::npos) << second.err;
}

TEST_F(DocumentResumeTest, LiveCollectionInIdChunksSharedByAJoiningProcess) {
  FERRY_REQUIRE_MONGO();
  std::string database = UniqueMongoDatabase("chunked");
  ASSERT_TRUE(SeedPeople(database, "people", 6000).ok());
  std::string from = MongoUrlForDatabase(database);
  BackgroundFerry first({"copy", "--from", from, "--to", db_.url(), "--chunk-rows", "150", "--jobs",
                         "2", "--claim-timeout", "5"},
                        logs_.path());
  ASSERT_TRUE(WaitFor("SELECT to_regclass('_ferry.runs') IS NOT NULL")) << first.Err();
  ASSERT_TRUE(WaitFor("SELECT count(*) > 0 FROM _ferry.runs")) << first.Err();
  std::string run_id = db_.QueryValue("SELECT run_id FROM _ferry.runs");
  BackgroundFerry second({"copy", "--join", run_id, "--to", db_.url(), "--jobs", "2"},
                         logs_.path());
  EXPECT_EQ(first.Wait(), 0) << first.Err();
  EXPECT_EQ(second.Wait(), 0) << second.Err();
  ExpectDoneOnce({{"people", "6000"}});
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM _ferry.chunks"), "40");
  EXPECT_EQ(db_.QueryValue("SELECT chunk_by FROM _ferry.tables"), "_id ranges");
  EXPECT_EQ(db_.QueryValue("SELECT count(DISTINCT n) FROM people"), "6000");
  EXPECT_NE(db_.QueryValue("SELECT snapshot_note FROM _ferry.runs").find("no snapshot"),
            std::string::npos);
  CommandResult verify = RunFerry({"verify", "--from", from, "--to", db_.url()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Given a live run stopped by a bad document after some chunks, and a new
// field added to the collection before the same command runs again, we expect
// the resumed run to plan from its recorded sample: the same columns, the new
// field's values in _extra.
TEST_F(DocumentResumeTest, ResumedLiveRunKeepsTheRecordedColumnsWhenTheCollectionGainedAField) {
  FERRY_REQUIRE_MONGO();
  std::string database = UniqueMongoDatabase("gained");
  ASSERT_TRUE(SeedPeople(database, "people", 1200).ok());
  Status bad = RunMongoCommand(
      database, R"({"insert": "people", "documents": [{"_id": {"$oid": "ff0000000000000000000001"},
                   "n": "not a number", "name": "bad"}]})");
  ASSERT_TRUE(bad.ok()) << bad.message();
  std::string from = MongoUrlForDatabase(database);
  std::vector<std::string> args = {"copy",    "--from",       from, "--to",
                                   db_.url(), "--chunk-rows", "300"};
  CommandResult first = RunFerry(args);
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_NE(first.err.find("run the same command again"), std::string::npos) << first.err;
  std::string columns_before = db_.QueryRows(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'people' "
      "ORDER BY ordinal_position");
  Status fixed = RunMongoCommand(
      database,
      R"({"update": "people", "updates": [{"q": {"_id": {"$oid": "ff0000000000000000000001"}},
                   "u": {"$set": {"n": 5000, "nickname": "fixed"}}}]})");
  ASSERT_TRUE(fixed.ok()) << fixed.message();
  Status gained = RunMongoCommand(
      database, R"({"insert": "people", "documents": [{"_id": {"$oid": "ff0000000000000000000002"},
                   "n": 5001, "name": "new", "nickname": "nick"}]})");
  ASSERT_TRUE(gained.ok()) << gained.message();

  CommandResult second = RunFerry(args);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("resuming run"), std::string::npos) << second.err;
  EXPECT_EQ(db_.QueryRows("SELECT column_name FROM information_schema.columns WHERE table_name = "
                          "'people' ORDER BY ordinal_position"),
            columns_before);
  EXPECT_EQ(columns_before.find("nickname"), std::string::npos) << columns_before;
  EXPECT_EQ(db_.QueryValue("SELECT _extra->>'nickname' FROM people WHERE n = 5001"), "nick");
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM people"), "1202");
}

}  // namespace
}  // namespace ferry::testing
