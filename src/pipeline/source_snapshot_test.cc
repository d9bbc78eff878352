#include "pipeline/source_snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {
namespace {

class SourceSnapshotTest : public ::testing::Test {
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

  // Takes the snapshot and waits until its file is in place.
  SourceSnapshot Take() {
    Result<TakenSnapshot> taken = TakeSourceSnapshot(endpoint_, "run1", dir_);
    EXPECT_TRUE(taken.ok()) << taken.status().message();
    if (!taken.ok()) return {};
    EXPECT_NE(taken->source, nullptr);
    taken->source.reset();  // waits for the file
    EXPECT_TRUE(std::filesystem::exists(taken->snapshot.location));
    return taken->snapshot;
  }

  std::filesystem::path dir_;
  std::string path_;
  Endpoint endpoint_;
};

// Given a run whose snapshot file is gone (e.g. the process died before it was
// complete) while the source did not change, we expect it taken again.
TEST_F(SourceSnapshotTest, GoneSnapshotOfAnUnchangedSourceIsTakenAgain) {
  SourceSnapshot snapshot = Take();
  std::filesystem::remove(snapshot.location);
  Result<std::unique_ptr<Source>> source = OpenSnapshotSource(endpoint_, snapshot);
  ASSERT_TRUE(source.ok()) << source.status().message();
  EXPECT_TRUE(std::filesystem::exists(snapshot.location));
  Result<DatabaseSchema> schema = (*source)->DescribeSchema();
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(schema->tables.size(), 1u);
}

// Given the snapshot gone and the source written since, we expect NotFound
// saying how to start over, and no snapshot of the new data left behind.
TEST_F(SourceSnapshotTest, GoneSnapshotOfAChangedSourceIsNotFound) {
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
  Result<std::unique_ptr<Source>> source = OpenSnapshotSource(endpoint_, snapshot);
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_NE(source.status().message().find("--restart"), std::string::npos)
      << source.status().message();
  EXPECT_FALSE(std::filesystem::exists(snapshot.location));
}

// Given a process that lost the race to record a run, we expect that removing
// its snapshot leaves the snapshot of the run's recorded one alone, and
// removing a snapshot takes partial copies of dead processes with it.
TEST_F(SourceSnapshotTest, RemovingOneProcessSnapshotLeavesTheOthers) {
  SourceSnapshot recorded = Take();
  SourceSnapshot mine = recorded;
  mine.location = recorded.location + ".other.snapshot";
  std::filesystem::copy_file(recorded.location, mine.location);
  std::filesystem::copy_file(recorded.location, recorded.location + ".partial.1");
  RemoveSourceSnapshot(endpoint_, mine);
  EXPECT_TRUE(std::filesystem::exists(recorded.location));
  RemoveSourceSnapshot(endpoint_, recorded);
  EXPECT_FALSE(std::filesystem::exists(recorded.location));
  EXPECT_FALSE(std::filesystem::exists(recorded.location + ".partial.1"));
}

}  // namespace
}  // namespace ferry
