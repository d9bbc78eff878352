#include "pipeline/copy_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>

#include "pipeline/chunked_copy.h"

namespace ferry {
namespace {

// A Source that forwards to the caller's, which it does not own.
class BorrowedSource : public Source {
 public:
  explicit BorrowedSource(Source* source) : source_(source) {}
  Result<DatabaseSchema> DescribeSchema() override { return source_->DescribeSchema(); }
  Result<std::unique_ptr<BatchReader>> OpenReader(const TableSchema& table,
                                                  const Chunk& chunk) override {
    return source_->OpenReader(table, chunk);
  }
  std::string SnapshotNote() const override { return source_->SnapshotNote(); }
  std::string raw_row_format() const override { return source_->raw_row_format(); }
  Result<std::string> RawRowsWhyNot(const TableSchema& table) override {
    return source_->RawRowsWhyNot(table);
  }
  Result<std::unique_ptr<BatchReader>> OpenRawReader(const TableSchema& table,
                                                     const Chunk& chunk) override {
    return source_->OpenRawReader(table, chunk);
  }
  Result<std::vector<Chunk>> PlanChunks(const TableSchema& table, int64_t chunk_rows) override {
    return source_->PlanChunks(table, chunk_rows);
  }

 private:
  Source* const source_;
};

// The engine of a Source the caller opened: its snapshot is that Source,
// read in place (its own SnapshotNote says how consistent it is).
class GivenSourceEngine : public Engine {
 public:
  explicit GivenSourceEngine(Source* source) : source_(source) {}
  std::string_view name() const override { return "the given source"; }
  bool CanRead() const override { return true; }
  SourceValues source_values() const override { return SourceValues::kSqlite; }
  SnapshotLife snapshot_life() const override { return SnapshotLife::kNone; }
  bool CanWrite() const override { return false; }
  Result<std::unique_ptr<Source>> OpenSource(const Endpoint& /*endpoint*/) const override {
    return std::unique_ptr<Source>(new BorrowedSource(source_));
  }
  Result<TakenSnapshot> TakeSnapshot(const Endpoint& from, const std::string& /*run_id*/,
                                     const std::filesystem::path& /*dir*/) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, OpenSource(from));
    std::string note = source->SnapshotNote();
    return TakenSnapshot{{"", "", note}, std::move(source)};
  }

 private:
  Source* const source_;
};

// Each call is a run of its own: a given Source has no identity to resume by.
std::string NewRunNonce() {
  static std::atomic<int64_t> calls{0};
  return std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + "-" +
         std::to_string(calls++);
}

}  // namespace

Status FinishCopiedTables(const Plan& plan, Target& target, const CopyOptions& options,
                          std::vector<SkippedObject>* not_created) {
  bool fresh = options.mode == WriteMode::kCreate || options.mode == WriteMode::kReplace;
  std::set<std::string> copied;
  for (const TablePlan& t : plan.tables) copied.insert(t.target.name);
  std::vector<TableSchema> tables;
  for (const TablePlan& t : plan.tables) {
    if (t.native_schema) continue;  // the source's own schema finishes it (RestorePostData)
    TableSchema table = t.target;
    if (!fresh) {
      table.indexes.clear();  // existing tables keep the ones they have
      table.foreign_keys.clear();
    }
    std::erase_if(table.foreign_keys, [&](const ForeignKey& fk) {
      if (copied.count(fk.referenced_table)) return false;
      spdlog::warn("   not adding the foreign key of {} to {}: that table is not copied",
                   table.name, fk.referenced_table);
      return true;
    });
    tables.push_back(std::move(table));
  }
  std::vector<SkippedObject> broken;
  bool skip = options.on_error == OnError::kSkip;
  FERRY_RETURN_IF_ERROR(target.Finish(tables, std::max(1, options.jobs), skip ? &broken : nullptr)
                            .WithContext("the data is copied, but finishing the tables failed"));
  for (const SkippedObject& s : broken) spdlog::warn("   {} {} {}", s.kind, s.name, s.reason);
  if (not_created != nullptr) *not_created = std::move(broken);
  return target.FinishSequences(plan.sequences, tables)
      .WithContext("the data is copied, but copying the sequences failed");
}

Status RunCopy(const CopyRun& run, std::stop_token stop, RunStats* stats) {
  if (run.store == nullptr) return Status::InvalidArgument("RunCopy needs the target's run store");
  GivenSourceEngine engine(run.source);
  ChunkedCopyRun chunked;
  chunked.engine = &engine;
  chunked.target_identity = run.target->Describe();
  chunked.target = run.target;
  chunked.store = run.store;
  chunked.make_plan = run.make_plan;
  chunked.make_transform = run.make_transform;
  chunked.options = run.options;
  chunked.run_options = {{"given source", NewRunNonce()}};
  chunked.chunking.chunk_rows = run.chunk_rows;
  chunked.observer = run.observer;
  return RunChunkedCopy(chunked, stop, stats);
}

}  // namespace ferry
