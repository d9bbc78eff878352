#include "pipeline/chunk_workers.h"

#include <gtest/gtest.h>

#include <climits>
#include <map>
#include <mutex>
#include <set>

#include "digest/row_hasher.h"
#include "testing/identity_transform.h"
#include "testing/memory_run_store.h"
#include "testing/memory_source.h"
#include "testing/memory_target.h"

namespace ferry {
namespace {

using testing::FlakyTarget;
using testing::IdentityTransform;
using testing::ManualClock;
using testing::MemoryChunk;
using testing::MemoryRunStore;
using testing::MemorySource;
using testing::MemoryTarget;

constexpr char kRun[] = "run-1";
constexpr char kProcess[] = "test-host:1";  // another host's name: never judged dead from here
constexpr int kRows = 1000;                 // ids 1..1000 of table items
constexpr int kChunkRows = 100;             // 10 chunks
constexpr auto kTimeout = std::chrono::seconds(30);

// Counts what the workers report.
class RecordingObserver : public RunObserver {
 public:
  void TableStarted(const TableStats& table) override {
    std::lock_guard lock(mutex_);
    ++tables_started_;
  }
  void ChunkDone(const TableStats& table, const Chunk& chunk) override {
    std::lock_guard lock(mutex_);
    ++done_[chunk.id];
  }
  int DoneCount(int64_t chunk_id) {
    std::lock_guard lock(mutex_);
    return done_[chunk_id];
  }
  int tables_started() {
    std::lock_guard lock(mutex_);
    return tables_started_;
  }

 private:
  std::mutex mutex_;
  std::map<int64_t, int> done_;
  int tables_started_ = 0;
};

TableSchema Items() {
  TableSchema t;
  t.name = "items";
  Column id;
  id.name = "id";
  id.type = LogicalType::kInt64;
  id.nullable = false;
  Column name;
  name.name = "name";
  name.type = LogicalType::kText;
  t.columns = {id, name};
  t.primary_key = {"id"};
  return t;
}

// One run of table items in 10 chunks, in a MemoryRunStore on a manual
// clock, copied by RunChunkWorkers into `target`.
class ChunkWorkersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_.AddTable(Items());
    for (int i = 1; i <= kRows; ++i) source_.AddRow("items", {Value::Int64(i), Value::Text("x")});
    Result<DatabaseSchema> schema = source_.DescribeSchema();
    ASSERT_TRUE(schema.ok());
    plan_ = testing::IdentityPlan(*schema);
    stats_.Add("items", "items", kRows);
    Result<std::vector<Chunk>> chunks = source_.PlanChunks(plan_.tables[0].source, kChunkRows);
    ASSERT_TRUE(chunks.ok());
    ASSERT_EQ(chunks->size(), 10u);
    RunRecord record;
    record.run_id = kRun;
    ASSERT_TRUE(
        store_.CreateRun(record, {{plan_.tables[0].target, "items", *chunks}}, WriteMode::kAppend)
            .ok());
    make_transform_ = [this](const TablePlan& t) -> Result<std::unique_ptr<RowTransform>> {
      return std::unique_ptr<RowTransform>(
          new IdentityTransform(static_cast<int>(t.target.columns.size()), reject_if_));
    };
  }

  // Runs `jobs` workers of this process until the run has no chunk left;
  // `target` commits each chunk with its record in store_.
  Status Work(MemoryTarget& target, int jobs) {
    target.UseRunStore(&store_);
    ChunkWorkersContext context;
    context.catalog = &store_;
    context.run_id = kRun;
    context.source = &source_;
    context.target = &target;
    context.plan = &plan_;
    context.make_transform = &make_transform_;
    context.options.mode = WriteMode::kAppend;
    context.options.jobs = jobs;
    context.options.batch_rows = 30;
    context.stats = &stats_;
    context.observer = &observer_;
    context.process = kProcess;
    context.claim_timeout = kTimeout;
    context.max_retries = max_retries_;
    context.first_backoff = std::chrono::milliseconds(1);
    context.table_copied = table_copied_;
    return RunChunkWorkers(context, {});
  }

  MemoryChunk ChunkAt(int64_t id) {
    Result<MemoryChunk> chunk = store_.ChunkAt(kRun, 0, id);
    EXPECT_TRUE(chunk.ok()) << chunk.status().message();
    return chunk.ok() ? *chunk : MemoryChunk();
  }

  // Chunks in each state.
  std::map<std::string, int> States() {
    std::map<std::string, int> states;
    for (int64_t id = 0; id < kRows / kChunkRows; ++id) ++states[ChunkAt(id).state];
    return states;
  }

  // Every id 1..1000 exactly once among `rows` ("5|'x'").
  static void ExpectEveryRowOnce(const std::vector<std::string>& rows) {
    EXPECT_EQ(rows.size(), static_cast<size_t>(kRows));
    std::set<std::string> ids;
    for (const std::string& row : rows) ids.insert(row.substr(0, row.find('|')));
    EXPECT_EQ(ids.size(), static_cast<size_t>(kRows)) << "a row landed twice";
  }

  ManualClock clock_;
  MemoryRunStore store_{[this] { return clock_.Now(); }};
  MemorySource source_;
  MemoryTarget target_;
  Plan plan_;
  RunStats stats_;
  RecordingObserver observer_;
  TransformFactory make_transform_;
  IdentityTransform::RejectIf reject_if_;
  int max_retries_ = 5;
  std::function<Status(int table_no)> table_copied_;
};

TEST_F(ChunkWorkersTest, WorkersClaimEveryChunkOnceAndCopyEveryRowOnce) {
  ASSERT_TRUE(Work(target_, 3).ok());
  ExpectEveryRowOnce(target_.Rows("items"));
  for (int64_t id = 0; id < 10; ++id) {
    MemoryChunk chunk = ChunkAt(id);
    EXPECT_EQ(chunk.state, "done") << id;
    EXPECT_EQ(chunk.attempts, 1) << id;
    EXPECT_EQ(chunk.rows, kChunkRows) << id;
    EXPECT_EQ(chunk.content_hash.size(), 32u) << id;  // the rows' 128-bit digest, in hex
    EXPECT_EQ(observer_.DoneCount(id), 1) << id;
  }
  EXPECT_EQ(observer_.tables_started(), 1);
  EXPECT_EQ(stats_.tables[0]->rows_written, kRows);
  Result<bool> finishing = store_.BeginFinishing(kRun);
  ASSERT_TRUE(finishing.ok());
  EXPECT_TRUE(*finishing);
}

// Given a table whose rows travel raw (a source that gives raw rows, a target
// that takes them, a plan that says so), we expect the target to get each
// row's raw bytes once, and each chunk's digest to be that of the rows'
// values, as verify computes it from the values it reads.
TEST_F(ChunkWorkersTest, RawRowsReachTheTargetAndChunksAreHashedByTheirValues) {
  source_.GiveRawRows("test rows");
  target_.TakeRawRows("test rows");
  plan_.tables[0].raw_rows = "test rows";
  ASSERT_TRUE(Work(target_, 2).ok());
  std::vector<std::string> rows = target_.Rows("items");
  ExpectEveryRowOnce(rows);
  for (const std::string& row : rows) ASSERT_TRUE(row.starts_with("raw:")) << row;
  RowHasher hasher(plan_.tables[0].target);
  for (int64_t id = 0; id < 10; ++id) {
    MemoryChunk chunk = ChunkAt(id);
    RowDigest expected;
    for (int64_t key = 1; key <= kRows; ++key) {
      if (key < chunk.chunk.lower.value_or(INT64_MIN) ||
          key >= chunk.chunk.upper.value_or(INT64_MAX))
        continue;
      Value row[2] = {Value::Int64(key), Value::Text("x")};
      expected.Add(*hasher.HashRow(row));
    }
    EXPECT_EQ(chunk.rows, kChunkRows) << id;
    EXPECT_EQ(chunk.content_hash, expected.sum.ToHex()) << id;
  }
}

// Given a plan that says raw rows and a source that gives none, we expect the
// job to stop rather than write rows without them.
TEST_F(ChunkWorkersTest, APlanOfRawRowsFromASourceWithoutThemFails) {
  plan_.tables[0].raw_rows = "test rows";
  target_.TakeRawRows("test rows");
  Status s = Work(target_, 1);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(target_.Rows("items").empty());
}

TEST_F(ChunkWorkersTest, TheWorkerThatCommitsATablesLastChunkSaysTheTableIsCopied) {
  std::vector<int> copied;
  table_copied_ = [&](int table_no) {
    EXPECT_EQ(ChunkAt(9).state, "done");
    copied.push_back(table_no);
    return Status::OK();
  };
  ASSERT_TRUE(Work(target_, 1).ok());
  EXPECT_EQ(copied, std::vector<int>{0});
}

TEST_F(ChunkWorkersTest, AnExpiredClaimIsTakenOverByAnotherWorker) {
  // Given chunk 0 claimed by a worker of another process that then went
  // silent past the claim timeout, we expect this process's workers to take
  // it over, and the silent worker's late commit to be refused.
  const std::string silent = "other-host:7/w0#1";
  Result<std::optional<ChunkClaim>> claim = store_.ClaimChunk(kRun, silent, kTimeout);
  ASSERT_TRUE(claim.ok() && claim->has_value());
  ASSERT_EQ((*claim)->chunk.id, 0);
  clock_.Advance(kTimeout + std::chrono::seconds(1));

  ASSERT_TRUE(Work(target_, 2).ok());
  ExpectEveryRowOnce(target_.Rows("items"));
  EXPECT_EQ(ChunkAt(0).state, "done");
  EXPECT_EQ(ChunkAt(0).attempts, 2);
  EXPECT_EQ(observer_.DoneCount(0), 1);

  bool committed = false;
  Status late = store_.CommitDone({kRun, silent, 0, 0, kChunkRows, ""}, [&] {
    committed = true;
    return Status::OK();
  });
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition) << late.message();
  EXPECT_FALSE(committed);
  ExpectEveryRowOnce(target_.Rows("items"));
}

TEST_F(ChunkWorkersTest, TheClaimsOfAProcessThatExitedAreTakenOverAtOnce) {
  // Given chunk 0 still claimed by a process recorded as exited (its claim
  // well within the timeout), we expect the workers to take it over before
  // they claim anything, saying from whom and why.
  ASSERT_TRUE(store_.RegisterWorker(kRun, "other-host:7", "").ok());
  ASSERT_TRUE(store_.ClaimChunk(kRun, "other-host:7/w0#1", kTimeout).ok());
  ASSERT_TRUE(store_.WorkerExited(kRun, "other-host:7").ok());
  ASSERT_TRUE(Work(target_, 2).ok());
  ExpectEveryRowOnce(target_.Rows("items"));
  MemoryChunk taken = ChunkAt(0);
  EXPECT_EQ(taken.state, "done");
  EXPECT_EQ(taken.attempts, 2);
  EXPECT_EQ(taken.last_error, "taken over from dead worker other-host:7 (it exited)");
}

TEST_F(ChunkWorkersTest, AConnectionFailureIsRetriedWithBackoffAndRowsLandOnce) {
  // Given a target whose first two writes fail with a lost connection, we
  // expect the chunk to be given back and claimed again twice, then copied,
  // and every row to land once.
  FlakyTarget flaky(2, Status::Connection("server closed the connection unexpectedly"));
  ASSERT_TRUE(Work(flaky, 1).ok());
  EXPECT_EQ(flaky.failed(), 2);
  MemoryChunk first = ChunkAt(0);
  EXPECT_EQ(first.state, "done");
  EXPECT_EQ(first.attempts, 3);
  EXPECT_EQ(first.errors, 2);
  EXPECT_NE(first.last_error.find("server closed the connection"), std::string::npos)
      << first.last_error;
  for (int64_t id = 1; id < 10; ++id) EXPECT_EQ(ChunkAt(id).attempts, 1) << id;
  ExpectEveryRowOnce(flaky.Rows("items"));
  EXPECT_EQ(observer_.DoneCount(0), 1);
}

TEST_F(ChunkWorkersTest, ConnectionFailuresPastTheRetriesStopTheWorkers) {
  max_retries_ = 2;
  FlakyTarget down(1000, Status::Connection("connection refused"));
  Status s = Work(down, 2);
  EXPECT_EQ(s.code(), StatusCode::kConnection) << s.message();
  EXPECT_NE(s.message().find("gave up after 2 connection failures in a row"), std::string::npos)
      << s.message();
  EXPECT_EQ(States()["running"], 0) << "a claim was kept";
  EXPECT_TRUE(down.Rows("items").empty());
}

TEST_F(ChunkWorkersTest, AFailedClaimIsRetriedLikeAFailedChunk) {
  store_.FailClaims(2, Status::Connection("state connection lost"));
  ASSERT_TRUE(Work(target_, 1).ok());
  ExpectEveryRowOnce(target_.Rows("items"));
}

TEST_F(ChunkWorkersTest, ADataErrorStopsTheWorkersAndNamesTheRow) {
  // Given a bad value in row id=150 (chunk 1) under --on-error stop, we
  // expect the error naming table, key, column and reason, chunk 1 given
  // back with it, no chunk claimed after it, and none of chunk 1's rows.
  reject_if_ = [](const Value* row, Rejection* r) {
    if (row[0].int64_value() != 150) return false;
    *r = {1, "'x' is not a date"};
    return true;
  };
  Status s = Work(target_, 1);
  ASSERT_EQ(s.code(), StatusCode::kDataError) << s.message();
  EXPECT_NE(s.message().find("table items, key id=150, column name: 'x' is not a date"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("chunk 1 of table items"), std::string::npos) << s.message();
  EXPECT_EQ(ChunkAt(0).state, "done");
  MemoryChunk bad = ChunkAt(1);
  EXPECT_EQ(bad.state, "pending");
  EXPECT_EQ(bad.errors, 1);
  EXPECT_NE(bad.last_error.find("key id=150"), std::string::npos) << bad.last_error;
  for (int64_t id = 2; id < 10; ++id) EXPECT_EQ(ChunkAt(id).attempts, 0) << id;
  EXPECT_EQ(target_.Rows("items").size(), static_cast<size_t>(kChunkRows));  // chunk 0's
}

TEST_F(ChunkWorkersTest, ADataErrorStopsEveryWorkerAndGivesEveryClaimBack) {
  reject_if_ = [](const Value* row, Rejection* r) {
    if (row[0].int64_value() != 50) return false;
    *r = {1, "bad"};
    return true;
  };
  Status s = Work(target_, 3);
  ASSERT_EQ(s.code(), StatusCode::kDataError) << s.message();
  EXPECT_NE(s.message().find("key id=50"), std::string::npos) << s.message();
  std::map<std::string, int> states = States();
  EXPECT_EQ(states["running"], 0) << "a claim was kept";
  EXPECT_EQ(ChunkAt(0).state, "pending");
  Result<std::vector<WorkerRecord>> workers = store_.ListWorkers(kRun, kTimeout);
  ASSERT_TRUE(workers.ok());
  ASSERT_EQ(workers->size(), 1u);
  EXPECT_EQ((*workers)[0].state, "exited");
  EXPECT_EQ((*workers)[0].chunks_held, 0);
  EXPECT_EQ(target_.Rows("items").size(), static_cast<size_t>(states["done"] * kChunkRows));
}

TEST_F(ChunkWorkersTest, ALostClaimIsRefusedAtCommitAndTheChunkIsDoneOnce) {
  // Given chunk 0 taken over while this process copies it (its claim handed
  // to another worker, which commits the chunk first), we expect this
  // attempt's commit refused, none of its rows visible, the chunk done once
  // (by the other worker) and the other chunks copied as usual.
  const std::string thief = "thief-host:9/w0#1";
  std::vector<std::string> thief_rows;
  for (int i = 1; i <= kChunkRows; ++i) thief_rows.push_back(std::to_string(i) + "|'thief'");
  bool taken = false;  // each reader has a copy of the hook: the flag is shared
  source_.CallAfterRows("items", 50, [&] {
    if (taken) return;
    taken = true;
    ASSERT_EQ(*store_.TakeOverChunks(kRun, kProcess, "taken over by the test"), 1);
    Result<std::optional<ChunkClaim>> claim = store_.ClaimChunk(kRun, thief, kTimeout);
    ASSERT_TRUE(claim.ok() && claim->has_value());
    ASSERT_EQ((*claim)->chunk.id, 0);
    ASSERT_TRUE(store_
                    .CommitDone({kRun, thief, 0, 0, kChunkRows, ""},
                                [&] {
                                  target_.CommitRows("items", WriteMode::kAppend, thief_rows);
                                  return Status::OK();
                                })
                    .ok());
  });
  ASSERT_TRUE(Work(target_, 1).ok());
  std::vector<std::string> rows = target_.Rows("items");
  ExpectEveryRowOnce(rows);
  for (int i = 0; i < kChunkRows; ++i) EXPECT_EQ(rows[i], thief_rows[i]);
  EXPECT_EQ(ChunkAt(0).state, "done");
  EXPECT_EQ(ChunkAt(0).worker, thief);
  EXPECT_EQ(ChunkAt(0).attempts, 2);
  EXPECT_EQ(observer_.DoneCount(0), 0) << "this process's attempt counted as done";
  for (int64_t id = 1; id < 10; ++id) EXPECT_EQ(observer_.DoneCount(id), 1) << id;
}

}  // namespace
}  // namespace ferry
