#include "testing/memory_run_store.h"

#include <gtest/gtest.h>

namespace ferry::testing {
namespace {

constexpr char kRun[] = "run-1";
constexpr auto kTimeout = std::chrono::seconds(30);

// Run kRun: table 0 with chunks 0 and 1, table 1 with chunk 0.
class MemoryRunStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RunRecord run;
    run.run_id = kRun;
    run.source = "sqlite:a.db";
    run.target = "memory";
    Chunk first, second;
    first.id = 0;
    first.upper = 10;
    second.id = 1;
    second.lower = 10;
    TableSchema a, b;
    a.name = "a";
    b.name = "b";
    ASSERT_TRUE(
        store_.CreateRun(run, {{a, "A", {first, second}}, {b, "B", {Chunk{}}}}, WriteMode::kCreate)
            .ok());
  }

  std::optional<ChunkClaim> Claim(const std::string& worker) {
    Result<std::optional<ChunkClaim>> claim = store_.ClaimChunk(kRun, worker, kTimeout);
    EXPECT_TRUE(claim.ok()) << claim.status().message();
    return claim.ok() ? *claim : std::nullopt;
  }

  Status Commit(const std::string& worker, const ChunkClaim& claim, bool* committed) {
    return store_.CommitDone({kRun, worker, claim.table_no, claim.chunk.id, 10, "ab"}, [&] {
      *committed = true;
      return Status::OK();
    });
  }

  ManualClock clock_;
  MemoryRunStore store_{[this] { return clock_.Now(); }};
};

TEST_F(MemoryRunStoreTest, ClaimsGoInTableAndChunkOrderUntilNoneIsLeft) {
  std::optional<ChunkClaim> a0 = Claim("p:1/w0#1"), a1 = Claim("p:1/w1#1"), b0 = Claim("p:1/w2#1");
  ASSERT_TRUE(a0 && a1 && b0);
  EXPECT_EQ(a0->table_no, 0);
  EXPECT_EQ(a0->chunk.id, 0);
  EXPECT_EQ(a0->chunk.upper, 10);
  EXPECT_EQ(a1->chunk.id, 1);
  EXPECT_EQ(b0->table_no, 1);
  EXPECT_EQ(b0->attempts, 1);
  EXPECT_FALSE(Claim("p:1/w3#1").has_value());
}

TEST_F(MemoryRunStoreTest, AClaimPastTheTimeoutIsClaimedAgain) {
  std::optional<ChunkClaim> first = Claim("p:1/w0#1");
  clock_.Advance(kTimeout - std::chrono::seconds(1));
  std::optional<ChunkClaim> next = Claim("q:2/w0#1");
  EXPECT_EQ(next->chunk.id, 1);  // chunk 0 is still held
  clock_.Advance(std::chrono::seconds(2));
  std::optional<ChunkClaim> again = Claim("q:2/w1#1");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->table_no, first->table_no);  // before table 1's pending chunk
  EXPECT_EQ(again->chunk.id, first->chunk.id);
  EXPECT_EQ(again->attempts, 2);
}

TEST_F(MemoryRunStoreTest, HeartbeatsKeepAClaimAlive) {
  std::optional<ChunkClaim> held = Claim("p:1/w0#1");
  ASSERT_TRUE(Claim("p:1/w1#1") && Claim("p:1/w2#1"));
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(kTimeout - std::chrono::seconds(5));
    ASSERT_TRUE(store_.Heartbeat(kRun, "p:1", {"p:1/w0#1"}).ok());
  }
  // Only the claim listed in the heartbeats is still held.
  std::optional<ChunkClaim> a1 = Claim("q:2/w0#1");
  std::optional<ChunkClaim> b0 = Claim("q:2/w1#1");
  ASSERT_TRUE(a1 && b0);
  EXPECT_EQ(a1->chunk.id, 1);
  EXPECT_EQ(b0->table_no, 1);
  EXPECT_FALSE(Claim("q:2/w2#1").has_value());
  bool committed = false;
  EXPECT_TRUE(Commit("p:1/w0#1", *held, &committed).ok());
  EXPECT_TRUE(committed);
}

TEST_F(MemoryRunStoreTest, ACommitByALostClaimCommitsNothing) {
  std::optional<ChunkClaim> claim = Claim("p:1/w0#1");
  clock_.Advance(kTimeout + std::chrono::seconds(1));
  ASSERT_TRUE(Claim("q:2/w0#1").has_value());  // takes chunk 0 over
  bool committed = false;
  Status s = Commit("p:1/w0#1", *claim, &committed);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("no longer held by p:1/w0#1"), std::string::npos) << s.message();
  EXPECT_FALSE(committed);
  EXPECT_EQ(store_.ChunkAt(kRun, 0, 0)->state, "running");
}

TEST_F(MemoryRunStoreTest, AFailedCommitOfTheRowsLeavesTheChunkRunning) {
  std::optional<ChunkClaim> claim = Claim("p:1/w0#1");
  Status s = store_.CommitDone({kRun, "p:1/w0#1", 0, 0, 10, ""},
                               [] { return Status::Connection("server went away"); });
  EXPECT_EQ(s.code(), StatusCode::kConnection);
  EXPECT_EQ(store_.ChunkAt(kRun, 0, 0)->state, "running");
}

TEST_F(MemoryRunStoreTest, AReleasedChunkIsPendingWithItsError) {
  std::optional<ChunkClaim> claim = Claim("p:1/w0#1");
  ASSERT_TRUE(store_.ReleaseChunk(kRun, "p:1/w0#1", *claim, "connection lost").ok());
  Result<RunProgress> progress = store_.LoadProgress(kRun, kTimeout);
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->tables[0].errors, 1);
  EXPECT_EQ(progress->tables[0].last_error, "connection lost");
  EXPECT_EQ(progress->tables[0].chunks_running, 0);
  std::optional<ChunkClaim> again = Claim("p:1/w0#2");
  EXPECT_EQ(again->chunk.id, 0);
  EXPECT_EQ(again->attempts, 2);
}

TEST_F(MemoryRunStoreTest, ProgressCountsDoneChunksAndTheirRows) {
  std::optional<ChunkClaim> a0 = Claim("p:1/w0#1");
  ASSERT_TRUE(Claim("p:1/w1#1").has_value());
  clock_.Advance(std::chrono::seconds(2));
  bool committed = false;
  ASSERT_TRUE(Commit("p:1/w0#1", *a0, &committed).ok());
  Result<RunProgress> progress = store_.LoadProgress(kRun, kTimeout);
  ASSERT_TRUE(progress.ok());
  const TableProgress& a = progress->tables[0];
  EXPECT_EQ(a.target_name, "a");
  EXPECT_EQ(a.chunks_total, 2);
  EXPECT_EQ(a.chunks_done, 1);
  EXPECT_EQ(a.chunks_running, 1);
  EXPECT_EQ(a.rows_done, 10);
  EXPECT_DOUBLE_EQ(a.rows_per_second, 5);
  EXPECT_EQ(a.workers, 1);  // "p:1/w1" holds a live claim
  EXPECT_EQ(progress->chunks_done(), 1);
  EXPECT_EQ(progress->chunks_total(), 3);
}

TEST_F(MemoryRunStoreTest, TheRunBeginsFinishingOnceWhenEveryChunkIsDone) {
  for (int i = 0; i < 3; ++i) {
    std::string worker = "p:1/w" + std::to_string(i) + "#1";
    std::optional<ChunkClaim> claim = Claim(worker);
    EXPECT_FALSE(*store_.BeginFinishing(kRun));
    bool committed = false;
    ASSERT_TRUE(Commit(worker, *claim, &committed).ok());
    if (i == 1) {
      EXPECT_TRUE(*store_.TableDone(kRun, 0));
    }
  }
  EXPECT_TRUE(*store_.TableDone(kRun, 1));
  EXPECT_TRUE(*store_.BeginFinishing(kRun));
  EXPECT_FALSE(*store_.BeginFinishing(kRun));  // one caller finishes
  ASSERT_TRUE(store_.MarkRunDone(kRun).ok());
  Result<std::vector<RunRecord>> done = store_.FindDoneRuns("sqlite:a.db", "memory");
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ((*done)[0].state, "done");
  Result<std::vector<DoneTable>> tables = store_.LoadDoneTables(kRun);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ((*tables)[0].chunks.size(), 2u);
  EXPECT_EQ((*tables)[0].chunks[1].content_hash, "ab");
}

TEST_F(MemoryRunStoreTest, WorkersAreLiveStaleOrExited) {
  ASSERT_TRUE(store_.RegisterWorker(kRun, "p:1", "boot 1").ok());
  ASSERT_TRUE(store_.RegisterWorker(kRun, "q:2", "boot 2").ok());
  ASSERT_TRUE(Claim("p:1/w0#1").has_value());
  ASSERT_TRUE(Claim("q:2/w0#1").has_value());
  clock_.Advance(kTimeout + std::chrono::seconds(1));
  ASSERT_TRUE(store_.Heartbeat(kRun, "q:2", {"q:2/w0#1"}).ok());
  ASSERT_TRUE(store_.RegisterWorker(kRun, "r:3", "").ok());
  ASSERT_TRUE(store_.WorkerExited(kRun, "r:3").ok());
  Result<std::vector<WorkerRecord>> workers = store_.ListWorkers(kRun, kTimeout);
  ASSERT_TRUE(workers.ok());
  ASSERT_EQ(workers->size(), 3u);
  EXPECT_EQ((*workers)[0].process, "p:1");
  EXPECT_EQ((*workers)[0].state, "stale");
  EXPECT_EQ((*workers)[0].chunks_held, 1);
  EXPECT_EQ((*workers)[0].process_start, "boot 1");
  EXPECT_EQ((*workers)[1].state, "live");
  EXPECT_EQ((*workers)[2].state, "exited");
}

TEST_F(MemoryRunStoreTest, TakingOverADeadProcessMakesItsClaimsPending) {
  std::optional<ChunkClaim> dead = Claim("p:1/w0#1");
  ASSERT_TRUE(Claim("p:11/w0#1").has_value());  // another process whose name starts alike
  Result<int64_t> taken = store_.TakeOverChunks(kRun, "p:1", "its pid is gone");
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(*taken, 1);
  EXPECT_EQ(store_.ChunkAt(kRun, 0, 0)->state, "pending");
  EXPECT_EQ(store_.ChunkAt(kRun, 0, 0)->last_error, "its pid is gone");
  EXPECT_EQ(store_.ChunkAt(kRun, 0, 1)->state, "running");
  bool committed = false;
  EXPECT_EQ(Commit("p:1/w0#1", *dead, &committed).code(), StatusCode::kFailedPrecondition);
}

TEST_F(MemoryRunStoreTest, ARunIsCreatedOnceAndAbandonedOnlyWhenNothingIsDone) {
  RunRecord again;
  again.run_id = kRun;
  EXPECT_EQ(store_.CreateRun(again, {}, WriteMode::kCreate).code(), StatusCode::kAlreadyExists);
  std::optional<ChunkClaim> claim = Claim("p:1/w0#1");
  bool committed = false;
  ASSERT_TRUE(Commit("p:1/w0#1", *claim, &committed).ok());
  EXPECT_FALSE(store_.AbandonRun(kRun, /*only_if_nothing_done=*/true)->abandoned);
  EXPECT_TRUE(store_.AbandonRun(kRun, /*only_if_nothing_done=*/false)->abandoned);
  EXPECT_EQ((*store_.FindRun(kRun))->state, "abandoned");
  EXPECT_TRUE(store_.FindUnfinishedRuns("sqlite:a.db", "memory")->empty());
  EXPECT_TRUE(store_.CreateRun(again, {}, WriteMode::kCreate).ok());  // an abandoned run gives way
  EXPECT_EQ((*store_.LatestRun())->state, "loading");
}

}  // namespace
}  // namespace ferry::testing
