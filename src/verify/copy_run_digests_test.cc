#include "verify/copy_run_digests.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

RunOptions CopyOptions() {
  return {{"--schema", "public"}, {"--tables", ""},          {"--exclude", ""},
          {"--config", ""},       {"--snake-case", "true"},  {"--mode", "create"},
          {"--on-error", "skip"}, {"--chunk-rows", "100000"}};
}

RunOptions AskedOptions() {
  return {{"--schema", "public"},
          {"--tables", ""},
          {"--exclude", ""},
          {"--config", ""},
          {"--snake-case", "true"}};
}

TEST(RunOptionsMismatchTest, HowRowsWereWrittenDoesNotMatter) {
  EXPECT_TRUE(RunOptionsMismatch("r1", CopyOptions(), AskedOptions()).empty());
}

TEST(RunOptionsMismatchTest, EveryMappingOptionMustBeEqual) {
  RunOptions asked = AskedOptions();
  asked["--snake-case"] = "false";
  asked["--tables"] = "a";
  EXPECT_EQ(RunOptionsMismatch("r1", CopyOptions(), asked),
            (std::vector<std::string>{"--snake-case: true in run r1, false now",
                                      "--tables: \"\" in run r1, a now"}));
}

TEST(RunOptionsMismatchTest, AnOptionVerifyDoesNotKnowIsAMismatch) {
  RunOptions run = CopyOptions();
  run["--documents"] = "normalize";
  EXPECT_EQ(RunOptionsMismatch("r1", run, AskedOptions()),
            (std::vector<std::string>{
                "--documents: normalize in run r1, an option verify does not know"}));
}

TEST(RunOptionsMismatchTest, AMappingOptionTheRunLacksIsAMismatch) {
  RunOptions asked = AskedOptions();
  asked["--config content"] = "abc";
  EXPECT_EQ(RunOptionsMismatch("r1", CopyOptions(), asked),
            (std::vector<std::string>{"--config content: (not set) in run r1, abc now"}));
}

TEST(WhyModeCannotStandTest, OnlyTablesTheRunCreatedAreTrusted) {
  RunOptions run = CopyOptions();
  EXPECT_EQ(WhyModeCannotStand("r1", run), "");
  run["--mode"] = "replace";
  EXPECT_EQ(WhyModeCannotStand("r1", run), "");
  for (const char* mode : {"append", "truncate", "upsert"}) {
    run["--mode"] = mode;
    EXPECT_NE(WhyModeCannotStand("r1", run).find("(--mode " + std::string(mode) + ")"),
              std::string::npos);
  }
  run.erase("--mode");
  EXPECT_NE(WhyModeCannotStand("r1", run), "");
}

DoneChunk Done(int id, std::optional<int64_t> lower, std::optional<int64_t> upper) {
  DoneChunk done;
  done.chunk.id = id;
  done.chunk.lower = lower;
  done.chunk.upper = upper;
  done.rows = 10 + id;
  done.content_hash = Hash128{static_cast<uint64_t>(id), 7}.ToHex();
  done.committed_xid = 100 + id;
  return done;
}

DoneTable ThreeChunks() {
  DoneTable table;
  table.target_name = "items";
  table.chunks = {Done(0, std::nullopt, 10), Done(1, 10, 20), Done(2, 20, std::nullopt)};
  table.chunks_total = 3;
  return table;
}

TEST(StoredTableOfTest, ChunksBecomeDigests) {
  Result<StoredTable> stored = StoredTableOf("r1", ThreeChunks());
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(stored->run_id, "r1");
  ASSERT_EQ(stored->chunks.size(), 3u);
  EXPECT_EQ(stored->chunks[1].digest.rows, 11);
  EXPECT_EQ(stored->chunks[1].digest.sum, (Hash128{1, 7}));
  EXPECT_EQ(stored->chunks[1].chunk.lower, 10);
}

TEST(StoredTableOfTest, AChunkNotDoneIsRefused) {
  DoneTable table = ThreeChunks();
  table.chunks_total = 4;
  EXPECT_EQ(StoredTableOf("r1", table).status().code(), StatusCode::kFailedPrecondition);
}

TEST(StoredTableOfTest, BoundsThatLeaveAGapOrAClosedEndAreRefused) {
  DoneTable gap = ThreeChunks();
  gap.chunks[1].chunk.upper = 15;
  EXPECT_FALSE(StoredTableOf("r1", gap).ok());
  DoneTable closed = ThreeChunks();
  closed.chunks[0].chunk.lower = 0;
  EXPECT_FALSE(StoredTableOf("r1", closed).ok());
}

TEST(StoredTableOfTest, OneWholeChunkCoversEveryKey) {
  DoneTable table = ThreeChunks();
  table.chunks = {Done(0, std::nullopt, std::nullopt)};
  table.chunks_total = 1;
  EXPECT_TRUE(StoredTableOf("r1", table).ok());
}

TEST(StoredTableOfTest, AMissingHashIsRefused) {
  DoneTable table = ThreeChunks();
  table.chunks[2].content_hash = "";
  EXPECT_EQ(StoredTableOf("r1", table).status().code(), StatusCode::kFailedPrecondition);
}

TEST(Hash128Test, FromHexReadsWhatToHexWrote) {
  Hash128 h{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  Hash128 back;
  ASSERT_TRUE(Hash128::FromHex(h.ToHex(), &back));
  EXPECT_EQ(back, h);
  EXPECT_FALSE(Hash128::FromHex("00ff", &back));
  EXPECT_FALSE(Hash128::FromHex(std::string(31, '0') + "g", &back));
}

}  // namespace
}  // namespace ferry
