#include "connectors/sqlite/sqlite_engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_snapshot_source.h"
#include "ferry/batch.h"

namespace ferry {
namespace {

class SqliteEngineSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ferry-source-snapshot-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "app.db").string();
    Result<SqliteDatabase> db = SqliteDatabase::Open(path_, {.create = true});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2)").ok());
    Result<Endpoint> endpoint = ParseEndpoint("sqlite:" + path_);
    ASSERT_TRUE(endpoint.ok());
    endpoint_ = *endpoint;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Takes the snapshot, has its file made (as a writer would) and waits until
  // it is in place.
  SourceSnapshot Take() {
    Result<TakenSnapshot> taken = SqliteEngine().TakeSnapshot(endpoint_, "run1", dir_);
    EXPECT_TRUE(taken.ok()) << taken.status().message();
    if (!taken.ok()) return {};
    auto* sqlite = dynamic_cast<SqliteSnapshotSource*>(taken->source.get());
    EXPECT_NE(sqlite, nullptr);
    if (sqlite != nullptr) {
      EXPECT_TRUE(sqlite->WaitForSnapshot().ok());
    }
    taken->source.reset();
    EXPECT_TRUE(std::filesystem::exists(taken->snapshot.location));
    return taken->snapshot;
  }

  // Rows of t in `source`.
  static int64_t CountRows(Source& source) {
    Result<DatabaseSchema> schema = source.DescribeSchema();
    EXPECT_TRUE(schema.ok() && schema->tables.size() == 1u);
    if (!schema.ok() || schema->tables.size() != 1u) return -1;
    Result<std::unique_ptr<BatchReader>> reader = source.OpenReader(schema->tables[0], Chunk{});
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return -1;
    Batch batch(schema->tables[0].columns.size());
    int64_t rows = 0;
    while ((*reader)->Next(&batch, 1000)) rows += static_cast<int64_t>(batch.num_rows());
    EXPECT_TRUE((*reader)->status().ok());
    return rows;
  }

  std::filesystem::path dir_;
  std::string path_;
  Endpoint endpoint_;
};

// Given a new run and no writer, we expect the source read in place and no
// snapshot file made at all.
TEST_F(SqliteEngineSnapshotTest, WithoutAWriterNoSnapshotFileIsMade) {
  Result<TakenSnapshot> taken = SqliteEngine().TakeSnapshot(endpoint_, "run1", dir_);
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  EXPECT_EQ(CountRows(*taken->source), 2);
  taken->source.reset();
  EXPECT_FALSE(std::filesystem::exists(taken->snapshot.location));
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename(), "app.db") << "left behind: " << entry.path();
  }
}

// Given a run without a snapshot file (no writer came, or it was lost) while
// the source did not change, we expect the source pinned and read again.
TEST_F(SqliteEngineSnapshotTest, GoneSnapshotOfAnUnchangedSourceIsReadInPlaceAgain) {
  SourceSnapshot snapshot = Take();
  std::filesystem::remove(snapshot.location);
  Result<std::unique_ptr<Source>> source = SqliteEngine().OpenSnapshotSource(endpoint_, snapshot);
  ASSERT_TRUE(source.ok()) << source.status().message();
  EXPECT_EQ(CountRows(**source), 2);
  // Pinned: a writer of this process cannot commit (busy_timeout 0).
  Result<SqliteDatabase> writer = SqliteDatabase::Open(path_, {.busy_timeout_ms = 0});
  ASSERT_TRUE(writer.ok());
  EXPECT_FALSE(writer->Exec("INSERT INTO t VALUES (3)").ok());
  source->reset();
  EXPECT_TRUE(writer->Exec("INSERT INTO t VALUES (3)").ok());
}

// Given the snapshot gone and the source written since, we expect NotFound
// saying how to start over, and no snapshot of the new data left behind.
TEST_F(SqliteEngineSnapshotTest, GoneSnapshotOfAChangedSourceIsNotFound) {
  SourceSnapshot snapshot = Take();
  std::filesystem::remove(snapshot.location);
  {
    Result<SqliteDatabase> db = SqliteDatabase::Open(path_, {});
    ASSERT_TRUE(db.ok());
    // Enough rows to grow the file: its size tells the change, whatever the clock.
    ASSERT_TRUE(db->Exec("WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 5000) INSERT INTO t SELECT i FROM n")
                    .ok());
  }
  Result<std::unique_ptr<Source>> source = SqliteEngine().OpenSnapshotSource(endpoint_, snapshot);
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_NE(source.status().message().find("--restart"), std::string::npos)
      << source.status().message();
  EXPECT_FALSE(std::filesystem::exists(snapshot.location));
}

// Given a process that lost the race to record a run, we expect that removing
// its snapshot leaves the snapshot of the run's recorded one alone, and
// removing a snapshot takes partial copies of dead processes with it.
TEST_F(SqliteEngineSnapshotTest, RemovingOneProcessSnapshotLeavesTheOthers) {
  SourceSnapshot recorded = Take();
  SourceSnapshot mine = recorded;
  mine.location = recorded.location + ".other.snapshot";
  std::filesystem::copy_file(recorded.location, mine.location);
  std::filesystem::copy_file(recorded.location, recorded.location + ".partial.1");
  SqliteEngine().RemoveSnapshot(endpoint_, mine);
  EXPECT_TRUE(std::filesystem::exists(recorded.location));
  SqliteEngine().RemoveSnapshot(endpoint_, recorded);
  EXPECT_FALSE(std::filesystem::exists(recorded.location));
  EXPECT_FALSE(std::filesystem::exists(recorded.location + ".partial.1"));
}

}  // namespace
}  // namespace ferry
