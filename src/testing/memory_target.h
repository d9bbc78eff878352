// MemoryTarget and FailingTarget: Targets that keep committed rows in memory,
// for tests of the pipeline without a server.
//
// Rows are kept rendered as text ("1|'abc'|null"), per table, and become
// visible only when a writer commits, like a real transaction. FailingTarget
// fails the Nth Write call (counting all writers) with a given Status;
// FlakyTarget fails the first N Write calls, then none. With a
// MemoryRunStore (UseRunStore), a writer's CommitChunk commits its rows
// together with the chunk's done-record in that store (CommitDone); without
// one it fails. After TakeRawRows, its raw writers (OpenRawWriter) keep a
// batch's raw rows as its rendered rows (MemorySource gives "raw:1|'x'").
// Thread-safe.
#ifndef FERRY_TESTING_MEMORY_TARGET_H_
#define FERRY_TESTING_MEMORY_TARGET_H_

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ferry/target.h"

namespace ferry::testing {

class MemoryRunStore;

// "null", "true", "42", "1.5", "'text'", "x'00ff'".
std::string ValueDebugString(const Value& value);

class MemoryTarget : public Target {
 public:
  // Tables that exist before the run (as for an earlier copy), with no rows.
  void AddExistingTable(const std::string& name);

  Status Prepare(const std::vector<TableSchema>& tables, WriteMode mode) override;
  Result<std::unique_ptr<BatchWriter>> OpenWriter(const TableSchema& table, const Chunk& chunk,
                                                  WriteMode mode) override;
  std::string raw_row_format() const override { return raw_format_; }
  Result<std::unique_ptr<BatchWriter>> OpenRawWriter(const TableSchema& table, const Chunk& chunk,
                                                     WriteMode mode) override;
  Status Finish(const std::vector<TableSchema>& tables, int parallelism,
                std::vector<SkippedObject>* broken_foreign_keys) override;
  Status DropTable(const TableSchema& table) override;
  std::string Describe() const override { return "memory"; }

  // Committed rows of `table`, in commit order; empty when it does not exist.
  std::vector<std::string> Rows(const std::string& table) const;
  bool Exists(const std::string& table) const;
  int finish_calls() const { return finish_calls_; }
  // Raw rows in `format` are kept as they are. Call before any writer is opened.
  void TakeRawRows(std::string format) { raw_format_ = std::move(format); }
  // The run state its writers commit chunks into (not owned; set before any
  // writer is opened).
  void UseRunStore(MemoryRunStore* store) { run_store_ = store; }
  MemoryRunStore* run_store() const { return run_store_; }

  // Called by writers.
  virtual Status BeforeWrite() { return Status::OK(); }
  void CommitRows(const std::string& table, WriteMode mode, std::vector<std::string> rows);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> tables_;  // guarded by mutex_
  std::atomic<int> finish_calls_{0};
  MemoryRunStore* run_store_ = nullptr;
  std::string raw_format_;
};

class FailingTarget : public MemoryTarget {
 public:
  // The `n`th Write (1-based, over all writers) returns `status`.
  FailingTarget(int n, Status status) : fail_on_(n), status_(std::move(status)) {}
  Status BeforeWrite() override;

 private:
  const int fail_on_;
  const Status status_;
  std::atomic<int> writes_{0};
};

class FlakyTarget : public MemoryTarget {
 public:
  // The first `n` Writes (over all writers) return `status`.
  FlakyTarget(int n, Status status) : failures_left_(n), status_(std::move(status)) {}
  Status BeforeWrite() override;
  // How many Writes failed so far.
  int failed() const { return failed_; }

 private:
  std::atomic<int> failures_left_;
  const Status status_;
  std::atomic<int> failed_{0};
};

}  // namespace ferry::testing

#endif  // FERRY_TESTING_MEMORY_TARGET_H_
