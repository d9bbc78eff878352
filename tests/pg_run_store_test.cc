// The `_ferry` state store against a real PostgreSQL: idempotent setup,
// claims with SKIP LOCKED, expiry, exactly-once commits, progress.
#include "connectors/postgres/pg_run_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "connectors/postgres/pg_batch_writer.h"
#include "connectors/postgres/pg_run_schema.h"
#include "connectors/postgres/pg_target.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

using std::chrono::seconds;

TableSchema ItemsTable() {
  TableSchema table;
  table.name = "items";
  Column id;
  id.name = "id";
  id.type = LogicalType::kInt64;
  id.native_type = "bigint";
  id.nullable = false;
  table.columns = {id};
  table.primary_key = {"id"};
  return table;
}

RunTable ItemsWithChunks(int count) {
  RunTable table{ItemsTable(), "items", {}};
  for (int i = 0; i < count; ++i) {
    Chunk chunk;
    chunk.id = i;
    if (i > 0) chunk.lower = i * 10;
    if (i + 1 < count) chunk.upper = (i + 1) * 10;
    table.chunks.push_back(chunk);
  }
  return table;
}

RunRecord SampleRun(const std::string& id) {
  RunRecord run;
  run.run_id = id;
  run.source = "sqlite:/data/app.db";
  run.target = "postgres://u@h/db schema public";
  run.options = {{"--mode", "create"}, {"--chunk-rows", "10"}};
  run.snapshot = "/data/app.db.snapshot";
  run.mapping = "{\"format\": 1, \"tables\": []}";
  return run;
}

class PgRunStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    db_ = std::make_unique<ScratchPgDatabase>("runstore");
    ASSERT_TRUE(db_->ok()) << db_->error();
    endpoint_ = *ParseEndpoint(db_->url());
    store_ = NewStore();
    ASSERT_TRUE(store_->Initialize().ok());
  }
  std::unique_ptr<PgRunStore> NewStore() {
    Result<std::unique_ptr<PgRunStore>> store = PgRunStore::Connect(endpoint_, "public");
    EXPECT_TRUE(store.ok()) << store.status().message();
    return std::move(store).value();
  }
  // Writes ids [from, to) for `claim` and commits them with the chunk record;
  // sets *backend_pid (when given) to the writer connection's server process.
  Status CopyChunk(PgTarget& target, const std::string& worker, const ChunkClaim& claim, int from,
                   int to, int* backend_pid = nullptr) {
    Result<std::unique_ptr<BatchWriter>> writer =
        target.OpenWriter(ItemsTable(), claim.chunk, WriteMode::kAppend);
    if (!writer.ok()) return writer.status();
    if (backend_pid != nullptr) {
      *backend_pid = dynamic_cast<PgBatchWriter&>(**writer).backend_pid();
    }
    Batch batch(1);
    for (int id = from; id < to; ++id) batch.AddRow()[0] = Value::Int64(id);
    size_t bad = 0;
    FERRY_RETURN_IF_ERROR((*writer)->Write(batch, &bad));
    return (*writer)->CommitChunk(
        {"r1", worker, claim.table_no, claim.chunk.id, to - from, "00ff"});
  }

  std::unique_ptr<ScratchPgDatabase> db_;
  Endpoint endpoint_;
  std::unique_ptr<PgRunStore> store_;
};

TEST_F(PgRunStoreTest, InitializeIsIdempotentAndSafeConcurrently) {
  std::vector<std::jthread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (!NewStore()->Initialize().ok()) ++failures;
    });
  }
  threads.clear();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(db_->QueryValue("SELECT version FROM _ferry.schema_version"),
            std::to_string(kPgRunSchemaVersion));
}

// Given a _ferry schema of version 2 (before runs recorded their mapping) with
// a run in it, Initialize adds the column and the run reads back unchanged.
TEST_F(PgRunStoreTest, VersionTwoSchemaIsUpgradedInPlace) {
  RunRecord old = SampleRun("r1");
  old.mapping.clear();
  ASSERT_TRUE(store_->CreateRun(old, {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  PgConnection conn = db_->Connect();
  ASSERT_TRUE(conn.Run("ALTER TABLE _ferry.runs DROP COLUMN mapping; "
                       "UPDATE _ferry.schema_version SET version = 2")
                  .ok());
  ASSERT_TRUE(NewStore()->Initialize().ok());
  EXPECT_EQ(db_->QueryValue("SELECT version FROM _ferry.schema_version"),
            std::to_string(kPgRunSchemaVersion));
  Result<std::optional<RunRecord>> found = store_->FindRun("r1");
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().message();
  EXPECT_EQ((*found)->mapping, "");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _ferry.chunks"), "2");
}

TEST_F(PgRunStoreTest, CreateRunRecordsChunksAndCreatesTablesOnce) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(3)}, WriteMode::kCreate).ok());
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM public.items"), "0");
  EXPECT_EQ(db_->QueryRows("SELECT chunk_no, lower_int, upper_int, state FROM _ferry.chunks "
                           "ORDER BY chunk_no"),
            "0|<null>|10|pending\n1|10|20|pending\n2|20|<null>|pending");
  Status again = store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(3)}, WriteMode::kCreate);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  Result<std::optional<RunRecord>> found = store_->FindRun("r1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->options.at("--chunk-rows"), "10");
  EXPECT_EQ((*found)->state, "loading");
  EXPECT_EQ((*found)->mapping, SampleRun("r1").mapping);
  Result<std::vector<RunRecord>> unfinished =
      store_->FindUnfinishedRuns("sqlite:/data/app.db", "postgres://u@h/db schema public");
  ASSERT_TRUE(unfinished.ok());
  EXPECT_EQ(unfinished->size(), 1u);
}

TEST_F(PgRunStoreTest, ConcurrentWorkersClaimEachChunkOnce) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(40)}, WriteMode::kCreate).ok());
  std::mutex mutex;
  std::multiset<int64_t> claimed;
  std::vector<std::jthread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      std::unique_ptr<PgRunStore> store = NewStore();
      while (true) {
        Result<std::optional<ChunkClaim>> claim =
            store->ClaimChunk("r1", "host:1/w" + std::to_string(w), seconds(60));
        if (!claim.ok() || !claim->has_value()) return;
        std::lock_guard lock(mutex);
        claimed.insert((*claim)->chunk.id);
      }
    });
  }
  threads.clear();
  EXPECT_EQ(claimed.size(), 40u);
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), 40u);
}

TEST_F(PgRunStoreTest, ExpiredClaimIsTakenOverAndTheOldWorkerCannotCommit) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(1)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> first = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_FALSE(store_->ClaimChunk("r1", "b#1", seconds(30))->has_value());
  // Given a's heartbeat stopped long ago, b takes the chunk over.
  db_->QueryValue("UPDATE _ferry.chunks SET heartbeat_at = now() - interval '1 hour'");
  Result<std::optional<ChunkClaim>> second = store_->ClaimChunk("r1", "b#1", seconds(30));
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->attempts, 2);
  ASSERT_TRUE(CopyChunk(**target, "b#1", **second, 0, 5).ok());
  // a wakes up and tries to commit its copy: refused, and its rows roll back.
  Status late = CopyChunk(**target, "a#1", **first, 100, 105);
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition) << late.message();
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM public.items"), "5");
  EXPECT_EQ(db_->QueryRows("SELECT state, rows, content_hash, worker FROM _ferry.chunks"),
            "done|5|00ff|b#1");
}

TEST_F(PgRunStoreTest, ReleasedChunkIsPendingAgainWithItsError) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::optional<ChunkClaim>> claim = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(claim.ok() && claim->has_value());
  ASSERT_TRUE(store_->ReleaseChunk("r1", "a#1", **claim, "lost the connection").ok());
  Result<RunProgress> progress = store_->LoadProgress("r1", seconds(30));
  ASSERT_TRUE(progress.ok()) << progress.status().message();
  ASSERT_EQ(progress->tables.size(), 1u);
  EXPECT_EQ(progress->tables[0].chunks_total, 2);
  EXPECT_EQ(progress->tables[0].chunks_done, 0);
  EXPECT_EQ(progress->tables[0].errors, 1);
  EXPECT_EQ(progress->tables[0].last_error, "lost the connection");
  Result<std::optional<ChunkClaim>> again = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->chunk.id, 0);
}

TEST_F(PgRunStoreTest, RunFinishesOnceWhenEveryChunkIsDone) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10).ok());
  EXPECT_FALSE(*store_->BeginFinishing("r1"));
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#2", **c1, 10, 25).ok());
  EXPECT_TRUE(*store_->BeginFinishing("r1"));
  EXPECT_FALSE(*store_->BeginFinishing("r1"));
  ASSERT_TRUE(store_->MarkRunDone("r1").ok());
  Result<RunProgress> progress = store_->LoadProgress("r1", seconds(30));
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->run.state, "done");
  // Keys come after the rows, once, even when asked twice (a resumed finish).
  ASSERT_TRUE(store_->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate, nullptr).ok());
  ASSERT_TRUE(store_->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate, nullptr).ok());
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND "
                            "conrelid = 'public.items'::regclass"),
            "1");
  EXPECT_EQ(progress->rows_done(), 25);
  EXPECT_EQ(progress->chunks_done(), 2);
}

// Given the last two chunks of a table committed by two workers at once, both
// may see the table done and add its keys: we expect each key added once and
// neither caller to fail.
TEST_F(PgRunStoreTest, TableDoneAfterItsLastChunkAndRacingKeyBuildsAddTheKeyOnce) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10).ok());
  EXPECT_FALSE(*store_->TableDone("r1", 0));
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#2", **c1, 10, 25).ok());
  EXPECT_TRUE(*store_->TableDone("r1", 0));
  std::unique_ptr<PgRunStore> other = NewStore();
  Status first, second;
  {
    std::jthread a([&] {
      first = store_->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate, nullptr);
    });
    std::jthread b([&] {
      second = other->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate, nullptr);
    });
  }
  EXPECT_TRUE(first.ok()) << first.message();
  EXPECT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND "
                            "conrelid = 'public.items'::regclass"),
            "1");
}

// Given one worker copying three chunks in turn (and a commit refused in
// between), we expect every chunk on the same writer connection: a connection
// per chunk was most of what a chunk cost.
TEST_F(PgRunStoreTest, OneWorkersChunksReuseOneWriterConnection) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(3)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  std::vector<int> pids(4);
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10, &pids[0]).ok());
  // A commit whose claim is not ours rolls back; the connection stays usable.
  Status refused = CopyChunk(**target, "b#1", **c0, 100, 110, &pids[1]);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition) << refused.message();
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#2", **c1, 10, 20, &pids[2]).ok());
  Result<std::optional<ChunkClaim>> c2 = store_->ClaimChunk("r1", "a#3", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#3", **c2, 20, 25, &pids[3]).ok());
  EXPECT_EQ(std::set<int>(pids.begin(), pids.end()).size(), 1u);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM public.items"), "25");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND application_name = 'ferry writer'"),
            "1");
}

// Given the idle writer connection was cut between two chunks, we expect the
// next chunk on a new connection, without an error.
TEST_F(PgRunStoreTest, AWriterConnectionCutWhileIdleIsReplaced) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  int first_pid = 0, second_pid = 0;
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10, &first_pid).ok());
  ASSERT_EQ(db_->QueryValue("SELECT pg_terminate_backend(" + std::to_string(first_pid) + ")"), "t");
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  Status second = CopyChunk(**target, "a#2", **c1, 10, 25, &second_pid);
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_NE(second_pid, first_pid);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM public.items"), "25");
}

// Given a writer connection cut mid-chunk, we expect that chunk to fail as a
// retryable connection error with nothing written, and the retry to get a new
// connection and commit the chunk once.
TEST_F(PgRunStoreTest, AWriterConnectionCutMidChunkIsNotReused) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(1)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> claim = store_->ClaimChunk("r1", "a#1", seconds(30));
  int cut_pid = 0;
  {
    Result<std::unique_ptr<BatchWriter>> writer =
        (*target)->OpenWriter(ItemsTable(), (*claim)->chunk, WriteMode::kAppend);
    ASSERT_TRUE(writer.ok());
    cut_pid = dynamic_cast<PgBatchWriter&>(**writer).backend_pid();
    ASSERT_EQ(db_->QueryValue("SELECT pg_terminate_backend(" + std::to_string(cut_pid) + ")"), "t");
    Batch batch(1);
    batch.AddRow()[0] = Value::Int64(1);
    size_t bad = 0;
    Status s = (*writer)->Write(batch, &bad);
    if (s.ok())
      s = (*writer)->CommitChunk({"r1", "a#1", (*claim)->table_no, (*claim)->chunk.id, 1, "00ff"});
    EXPECT_EQ(s.code(), StatusCode::kConnection) << s.message();
  }
  ASSERT_TRUE(store_->ReleaseChunk("r1", "a#1", **claim, "cut").ok());
  Result<std::optional<ChunkClaim>> again = store_->ClaimChunk("r1", "a#2", seconds(30));
  int retry_pid = 0;
  ASSERT_TRUE(CopyChunk(**target, "a#2", **again, 0, 5, &retry_pid).ok());
  EXPECT_NE(retry_pid, cut_pid);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM public.items"), "5");
}

// Given a done run of two chunks, we expect each chunk to record the
// transaction that wrote its rows (their xmin), and verify's reads to find it.
TEST_F(PgRunStoreTest, DoneChunksRecordTheTransactionThatWroteTheirRows) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10).ok());
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#2", **c1, 10, 25).ok());
  ASSERT_TRUE(*store_->BeginFinishing("r1"));
  ASSERT_TRUE(store_->MarkRunDone("r1").ok());
  EXPECT_EQ(db_->QueryRows("SELECT c.chunk_no, count(*) FROM public.items i JOIN _ferry.chunks c "
                           "ON i.xmin::text::bigint = c.committed_xid % 4294967296 "
                           "GROUP BY 1 ORDER BY 1"),
            "0|10\n1|15");
  Result<std::vector<RunRecord>> done =
      store_->FindDoneRuns("sqlite:/data/app.db", "postgres://u@h/db schema public");
  ASSERT_TRUE(done.ok()) << done.status().message();
  ASSERT_EQ(done->size(), 1u);
  Result<std::vector<DoneTable>> tables = store_->LoadDoneTables("r1");
  ASSERT_TRUE(tables.ok()) << tables.status().message();
  ASSERT_EQ(tables->size(), 1u);
  const DoneTable& items = (*tables)[0];
  EXPECT_EQ(items.target_name, "items");
  ASSERT_EQ(items.chunks.size(), 2u);
  EXPECT_EQ(items.chunks[1].rows, 15);
  EXPECT_EQ(items.chunks[1].chunk.lower, 10);
  EXPECT_GT(items.chunks[1].committed_xid, items.chunks[0].committed_xid);
  Result<UnchangedCheck> check = store_->CheckUnchanged(items);
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->unchanged) << check->reason;
  // VACUUM FULL rewrites the file but keeps every row version: still unchanged.
  ASSERT_TRUE(db_->Connect().Run("VACUUM (FULL, FREEZE) public.items").ok());
  EXPECT_TRUE(store_->CheckUnchanged(items)->unchanged);
  ASSERT_TRUE(db_->Connect().Run("UPDATE public.items SET id = id WHERE id = 3").ok());
  check = store_->CheckUnchanged(items);
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->unchanged);
  EXPECT_NE(check->reason.find("the first in chunk 0"), std::string::npos) << check->reason;
}

// Given a state schema of version 1 with a done chunk, we expect the upgrade
// to keep it (without a transaction id, so verify will not trust it).
TEST_F(PgRunStoreTest, AVersionOneSchemaIsUpgradedAndItsChunksAreNotTrusted) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(1)}, WriteMode::kCreate).ok());
  ASSERT_TRUE(db_->Connect()
                  .Run("UPDATE _ferry.chunks SET state = 'done', rows = 0, content_hash = "
                       "repeat('0', 32); ALTER TABLE _ferry.chunks DROP COLUMN committed_xid; "
                       "UPDATE _ferry.schema_version SET version = 1")
                  .ok());
  EXPECT_EQ(store_->LoadDoneTables("r1").status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(NewStore()->Initialize().ok());
  EXPECT_EQ(db_->QueryValue("SELECT version FROM _ferry.schema_version"),
            std::to_string(kPgRunSchemaVersion));
  Result<std::vector<DoneTable>> tables = store_->LoadDoneTables("r1");
  ASSERT_TRUE(tables.ok()) << tables.status().message();
  ASSERT_EQ((*tables)[0].chunks.size(), 1u);
  EXPECT_EQ((*tables)[0].chunks[0].committed_xid, -1);
  EXPECT_FALSE(store_->CheckUnchanged((*tables)[0])->unchanged);
}

TEST_F(PgRunStoreTest, TakeOverChunksFreesOnlyTheClaimsOfThatProcessAtOnce) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(4)}, WriteMode::kCreate).ok());
  for (const char* process : {"h_1:7", "h_1:70", "hx1:7"}) {
    ASSERT_TRUE(store_->RegisterWorker("r1", process, "boot ns 1").ok());
    ASSERT_TRUE(store_->ClaimChunk("r1", std::string(process) + "/w0#1", seconds(30))->has_value());
  }
  Result<std::vector<WorkerRecord>> workers = store_->ListWorkers("r1", seconds(30));
  ASSERT_TRUE(workers.ok()) << workers.status().message();
  ASSERT_EQ(workers->size(), 3u);
  EXPECT_EQ((*workers)[0].process, "h_1:7");
  EXPECT_EQ((*workers)[0].process_start, "boot ns 1");
  EXPECT_EQ((*workers)[0].chunks_held, 1);
  EXPECT_EQ((*workers)[0].state, "live");
  // h_1:7 is dead: only its chunk is pending again, with why, long before the timeout.
  Result<int64_t> taken = store_->TakeOverChunks("r1", "h_1:7", "taken over from dead worker");
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  EXPECT_EQ(*taken, 1);
  EXPECT_EQ(db_->QueryRows("SELECT state, coalesce(worker, '-'), coalesce(last_error, '-') FROM "
                           "_ferry.chunks ORDER BY chunk_no"),
            "pending|-|taken over from dead worker\nrunning|h_1:70/w0#1|-\n"
            "running|hx1:7/w0#1|-\npending|-|-");
  Result<std::optional<ChunkClaim>> claim = store_->ClaimChunk("r1", "h_1:8/w0#1", seconds(30));
  ASSERT_TRUE(claim.ok() && claim->has_value());
  EXPECT_EQ((*claim)->chunk.id, 0);
  EXPECT_EQ((*claim)->attempts, 2);
}

TEST_F(PgRunStoreTest, WorkersShowStaleAndExitedInProgress) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(1)}, WriteMode::kCreate).ok());
  ASSERT_TRUE(store_->RegisterWorker("r1", "a:1", "").ok());
  ASSERT_TRUE(store_->RegisterWorker("r1", "b:2", "").ok());
  ASSERT_TRUE(store_->RegisterWorker("r1", "c:3", "").ok());
  db_->QueryValue(
      "UPDATE _ferry.workers SET heartbeat_at = now() - interval '1 minute' "
      "WHERE worker = 'b:2'");
  ASSERT_TRUE(store_->WorkerExited("r1", "c:3").ok());
  Result<RunProgress> progress = store_->LoadProgress("r1", seconds(30));
  ASSERT_TRUE(progress.ok()) << progress.status().message();
  ASSERT_EQ(progress->workers.size(), 3u);
  EXPECT_EQ(progress->workers[0].state, "live");
  EXPECT_EQ(progress->workers[1].state, "stale");
  EXPECT_EQ(progress->workers[1].why.rfind("no heartbeat for 6", 0), 0u)
      << progress->workers[1].why;
  EXPECT_EQ(progress->workers[2].state, "exited");
}

TEST_F(PgRunStoreTest, TheFerrySchemaIsNeverATarget) {
  Result<std::unique_ptr<PgRunStore>> store = PgRunStore::Connect(endpoint_, "_ferry");
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "_ferry");
  EXPECT_EQ(target.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(target.status().message().find("--schema _ferry"), std::string::npos);
}

}  // namespace
}  // namespace ferry::testing

namespace ferry::testing {
namespace {

// Given a user who may not create schemas in the target database, setting up
// the state schema fails saying what ferry was doing and which GRANT is needed.
TEST(PgRunSchemaTest, RefusedStateSchemaNamesTheGrantItNeeds) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("nogrant");
  ASSERT_TRUE(db.ok()) << db.error();
  std::string role = db.name() + "_user";
  PgConnection admin = db.Connect();
  ASSERT_TRUE(admin.Run("CREATE ROLE " + role + " LOGIN").ok());
  std::string url = db.url();
  size_t at = url.find('@'), scheme = url.find("://") + 3;
  url = url.substr(0, scheme) + role + url.substr(at);
  Status s;
  {
    Result<PgConnection> conn = PgConnection::Connect(*ParseEndpoint(url));
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    s = EnsurePgRunSchema(*conn);
  }
  (void)admin.Run("DROP OWNED BY " + role + "; DROP ROLE " + role);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("creating its _ferry state schema"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("permission denied for database"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("GRANT CREATE ON DATABASE " + db.name() + " TO " + role + ";"),
            std::string::npos)
      << s.message();
}

// Regression: rows sharing a key (a SQLite PRIMARY KEY SQLite did not
// enforce, an _id twice in NDJSON) were committed, the key could not be
// built, and the message named no row. Given chunk 0 with ids 0..9 and
// chunk 1 with ids 5..14, we expect the error to name the key values and
// both chunks, and nothing changed.
TEST_F(PgRunStoreTest, AddKeysNamesDuplicateKeysAndTheChunksTheyCameFrom) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10).ok());
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#2", **c1, 5, 15).ok());
  Status s = store_->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate, nullptr);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("the primary key (id) of table items cannot be built"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("id=5 (chunks 0 and 1)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("run the same command again"), std::string::npos) << s.message();
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "20");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                            "'public.items'::regclass"),
            "0");
}

// Under --on-error skip the later row of each duplicated key is taken out,
// handed over for the rejects file with both places named, and the key built.
TEST_F(PgRunStoreTest, AddKeysUnderSkipTakesOutTheLaterDuplicates) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10).ok());
  Result<std::optional<ChunkClaim>> c1 = store_->ClaimChunk("r1", "a#2", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#2", **c1, 5, 15).ok());
  std::vector<RemovedDuplicate> removed;
  Status s = store_->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate,
                             [&](const std::vector<RemovedDuplicate>& rows) {
                               removed.insert(removed.end(), rows.begin(), rows.end());
                               return Status::OK();
                             });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(removed.size(), 5u);
  EXPECT_EQ(removed[0].key, "id=5");
  EXPECT_EQ(removed[0].row_json, "{\"id\": 5}");
  EXPECT_NE(removed[0].reason.find("(chunk 0) was kept"), std::string::npos) << removed[0].reason;
  EXPECT_NE(removed[0].reason.find("this one (chunk 1)"), std::string::npos) << removed[0].reason;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "15");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND "
                            "conrelid = 'public.items'::regclass"),
            "1");
}

// Regression: --restart abandoned the failed run but left its tables, so the
// new run stopped at "tables already exist". Given a run that created items,
// we expect --restart's AbandonRun to drop it, and a run of the same id to
// start again.
TEST_F(PgRunStoreTest, AbandonRunDropsTheTablesTheRunCreated) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  ASSERT_TRUE(store_->AddKeys("r1", {{0, ItemsTable()}}, WriteMode::kCreate, nullptr).ok());
  Result<AbandonedRun> abandoned = store_->AbandonRun("r1", false);
  ASSERT_TRUE(abandoned.ok()) << abandoned.status().message();
  EXPECT_TRUE(abandoned->abandoned);
  EXPECT_EQ(abandoned->dropped, std::vector<std::string>{"public.items"});
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('public.items') IS NULL"), "t");
  EXPECT_EQ(db_->QueryValue("SELECT state FROM _ferry.runs WHERE run_id = 'r1'"), "abandoned");
  Status again = store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate);
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(db_->QueryValue("SELECT state FROM _ferry.runs WHERE run_id = 'r1'"), "loading");
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('public.items') IS NOT NULL"), "t");
}

// The user's own table of the same name is never dropped.
TEST_F(PgRunStoreTest, AbandonRunKeepsATableTheRunDidNotCreate) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  ASSERT_TRUE(db_->Connect()
                  .Run("ALTER TABLE items RENAME TO items_old; CREATE TABLE items (id bigint); "
                       "INSERT INTO items VALUES (1)")
                  .ok());
  Result<AbandonedRun> abandoned = store_->AbandonRun("r1", false);
  ASSERT_TRUE(abandoned.ok()) << abandoned.status().message();
  EXPECT_TRUE(abandoned->abandoned);
  EXPECT_TRUE(abandoned->dropped.empty());
  ASSERT_EQ(abandoned->kept.size(), 1u);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "1");
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('public.items_old') IS NOT NULL"), "t");
}

// A failed new run is given up only while none of its chunks is done.
TEST_F(PgRunStoreTest, AbandonRunIfNothingDoneKeepsARunWithDoneChunks) {
  ASSERT_TRUE(store_->CreateRun(SampleRun("r1"), {ItemsWithChunks(2)}, WriteMode::kCreate).ok());
  Result<std::unique_ptr<PgTarget>> target = PgTarget::Connect(endpoint_, "public");
  ASSERT_TRUE(target.ok());
  Result<std::optional<ChunkClaim>> c0 = store_->ClaimChunk("r1", "a#1", seconds(30));
  ASSERT_TRUE(CopyChunk(**target, "a#1", **c0, 0, 10).ok());
  Result<AbandonedRun> abandoned = store_->AbandonRun("r1", true);
  ASSERT_TRUE(abandoned.ok()) << abandoned.status().message();
  EXPECT_FALSE(abandoned->abandoned);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "10");
  EXPECT_EQ(db_->QueryValue("SELECT state FROM _ferry.runs WHERE run_id = 'r1'"), "loading");
}

}  // namespace
}  // namespace ferry::testing
