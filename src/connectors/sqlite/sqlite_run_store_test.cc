#include "connectors/sqlite/sqlite_run_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "connectors/sqlite/sqlite_batch_writer.h"

namespace ferry {
namespace {

class SqliteRunStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("ferry_run_store_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    std::filesystem::remove(path_);
    Endpoint endpoint;
    endpoint.kind = EndpointKind::kSqlite;
    endpoint.path = path_;
    endpoint_ = endpoint;
    store_ = SqliteRunStore::Open(endpoint, "public").value();
    ASSERT_TRUE(store_->Initialize().ok());
    table_.name = "t";
    Column id;
    id.name = "id";
    id.type = LogicalType::kInt64;
    id.nullable = false;
    table_.columns = {id};
    table_.primary_key = {"id"};
    Chunk first, second;
    second.id = 1;
    RunTable run_table{table_, "t", {first, second}};
    RunRecord run;
    run.run_id = "r1";
    run.source = "s";
    run.target = "t";
    run.options = {{"--mode", "create"}};
    Status s = store_->CreateRun(run, {run_table}, WriteMode::kCreate);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  // Writes row `id` for `claim` and commits it with its done-record.
  Status CommitRow(const ChunkClaim& claim, const std::string& worker, int64_t id) {
    std::unique_ptr<SqliteBatchWriter> writer =
        SqliteBatchWriter::Open(path_, table_, WriteMode::kAppend).value();
    Batch batch(1);
    batch.AddRow()[0] = Value::Int64(id);
    size_t bad = 0;
    FERRY_RETURN_IF_ERROR(writer->Write(batch, &bad));
    return writer->CommitChunk({"r1", worker, claim.table_no, claim.chunk.id, 1, ""});
  }
  std::string path_;
  Endpoint endpoint_;
  TableSchema table_;
  std::unique_ptr<SqliteRunStore> store_;
};

TEST_F(SqliteRunStoreTest, ClaimsDistinctChunksThenNone) {
  auto a = store_->ClaimChunk("r1", "p/w1#1", std::chrono::seconds(60)).value();
  auto b = store_->ClaimChunk("r1", "p/w2#1", std::chrono::seconds(60)).value();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->chunk.id, b->chunk.id);
  EXPECT_FALSE(store_->ClaimChunk("r1", "p/w3#1", std::chrono::seconds(60)).value());
}

// Given a claim that expired and was taken by another worker, we expect the
// first worker's commit refused with nothing committed, the second's kept.
TEST_F(SqliteRunStoreTest, ExpiredClaimIsReclaimedAndTheLostOneRefusedAtCommit) {
  auto first = store_->ClaimChunk("r1", "p/w1#1", std::chrono::seconds(0)).value();
  ASSERT_TRUE(first);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto other = store_->ClaimChunk("r1", "p/w9#1", std::chrono::seconds(60)).value();
  ASSERT_TRUE(other);  // chunk 1, still pending
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto again = store_->ClaimChunk("r1", "q/w1#1", std::chrono::seconds(0)).value();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempts, 2);
  Status lost = CommitRow(*first, "p/w1#1", 1);
  EXPECT_EQ(lost.code(), StatusCode::kFailedPrecondition) << lost.message();
  EXPECT_TRUE(CommitRow(*again, "q/w1#1", 2).ok());
  EXPECT_TRUE(CommitRow(*other, "p/w9#1", 3).ok());
  EXPECT_TRUE(store_->TableDone("r1", 0).value());
  RunProgress progress = store_->LoadProgress("r1", std::chrono::seconds(60)).value();
  ASSERT_EQ(progress.tables.size(), 1u);
  EXPECT_EQ(progress.tables[0].rows_done, 2);
  EXPECT_TRUE(store_->BeginFinishing("r1").value());
}

TEST_F(SqliteRunStoreTest, AbandonDropsOnlyTheTableTheRunCreated) {
  AbandonedRun abandoned = store_->AbandonRun("r1", false).value();
  EXPECT_TRUE(abandoned.abandoned);
  EXPECT_EQ(abandoned.dropped, (std::vector<std::string>{"t"}));
  EXPECT_EQ(store_->FindRun("r1").value()->state, "abandoned");
}

TEST_F(SqliteRunStoreTest, AbandonKeepsATableMadeAgainBySomeoneElse) {
  SqliteDatabase db = SqliteDatabase::Open(path_, {}).value();
  ASSERT_TRUE(db.Exec("DROP TABLE t; CREATE TABLE t (id INTEGER, other TEXT)").ok());
  AbandonedRun abandoned = store_->AbandonRun("r1", false).value();
  EXPECT_TRUE(abandoned.dropped.empty());
  ASSERT_EQ(abandoned.kept.size(), 1u);
}

TEST_F(SqliteRunStoreTest, WorkersAndTakeOver) {
  ASSERT_TRUE(store_->RegisterWorker("r1", "host:1", "boot").ok());
  ASSERT_TRUE(store_->ClaimChunk("r1", "host:1/w1#1", std::chrono::seconds(60)).value());
  std::vector<WorkerRecord> workers = store_->ListWorkers("r1", std::chrono::seconds(60)).value();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].chunks_held, 1);
  EXPECT_EQ(workers[0].state, "live");
  EXPECT_EQ(store_->TakeOverChunks("r1", "host:1", "dead").value(), 1);
}

// Given another connection holding the file's write lock past the busy
// timeout, we expect a Timeout that names the file and says what to do.
TEST_F(SqliteRunStoreTest, AWriteLockHeldElsewhereIsReportedByName) {
  SqliteDatabase holder = SqliteDatabase::Open(path_, {}).value();
  ASSERT_TRUE(holder.Exec("BEGIN IMMEDIATE").ok());
  SqliteDatabase::Options options;
  options.busy_timeout_ms = 50;
  SqliteDatabase waiter = SqliteDatabase::Open(path_, options).value();
  Result<SqliteWriteTransaction> txn =
      SqliteWriteTransaction::Begin(waiter, std::make_shared<std::mutex>());
  ASSERT_FALSE(txn.ok());
  EXPECT_EQ(txn.status().code(), StatusCode::kTimeout);
  EXPECT_NE(
      txn.status().message().find("another process holds the write lock of SQLite file " + path_),
      std::string::npos)
      << txn.status().message();
  ASSERT_TRUE(holder.Exec("ROLLBACK").ok());
}

// Regression: a COMMIT refused for a lock another connection holds (a reader
// in the rollback journal mode) dereferenced the forgotten handle; it is a
// Timeout naming the file.
TEST_F(SqliteRunStoreTest, ACommitBlockedByAReaderIsReportedByName) {
  SqliteDatabase reader = SqliteDatabase::Open(path_, {}).value();
  ASSERT_TRUE(reader.Exec("PRAGMA journal_mode = DELETE").ok());
  ASSERT_TRUE(reader.Exec("BEGIN; SELECT count(*) FROM _ferry_runs").ok());
  SqliteDatabase::Options options;
  options.busy_timeout_ms = 50;
  SqliteDatabase writer = SqliteDatabase::Open(path_, options).value();
  SqliteWriteTransaction txn =
      SqliteWriteTransaction::Begin(writer, std::make_shared<std::mutex>()).value();
  ASSERT_TRUE(writer.Exec("INSERT INTO t VALUES (42)").ok());
  Status committed = txn.Commit();
  EXPECT_EQ(committed.code(), StatusCode::kTimeout);
  EXPECT_NE(committed.message().find(path_), std::string::npos) << committed.message();
  ASSERT_TRUE(reader.Exec("ROLLBACK").ok());
}

}  // namespace
}  // namespace ferry
