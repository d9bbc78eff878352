#include "verify/copy_run_digests.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace ferry {
namespace {

std::string Shown(const RunOptions& options, const std::string& name) {
  auto it = options.find(name);
  if (it == options.end()) return "(not set)";
  return it->second.empty() ? "\"\"" : it->second;
}

bool IgnoredByVerify(const std::string& name) {
  return std::any_of(std::begin(kOptionsVerifyIgnores), std::end(kOptionsVerifyIgnores),
                     [&](const char* ignored) { return name == ignored; });
}

bool OpenBelow(const Chunk& c) { return !c.lower && c.lower_key.empty(); }
bool OpenAbove(const Chunk& c) { return !c.upper && c.upper_key.empty(); }
bool Adjacent(const Chunk& a, const Chunk& b) {
  return a.by == b.by && a.upper == b.lower && a.upper_key == b.lower_key && !OpenAbove(a);
}

// True when the chunks cover the key space once: open at both ends, each
// chunk's upper bound the next one's lower bound.
bool CoversEveryKeyOnce(const std::vector<StoredChunk>& chunks) {
  if (chunks.empty() || !OpenBelow(chunks.front().chunk) || !OpenAbove(chunks.back().chunk)) {
    return false;
  }
  for (size_t i = 0; i + 1 < chunks.size(); ++i) {
    if (!Adjacent(chunks[i].chunk, chunks[i + 1].chunk)) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> RunOptionsMismatch(const std::string& run_id, const RunOptions& run,
                                            const RunOptions& asked) {
  std::set<std::string> names;
  for (const auto& entry : run) names.insert(entry.first);
  for (const auto& entry : asked) names.insert(entry.first);
  std::vector<std::string> lines;
  for (const std::string& name : names) {
    if (!asked.contains(name)) {
      if (!IgnoredByVerify(name)) {
        lines.push_back(name + ": " + Shown(run, name) + " in run " + run_id +
                        ", an option verify does not know");
      }
      continue;
    }
    std::string was = Shown(run, name), is = Shown(asked, name);
    if (was != is) lines.push_back(name + ": " + was + " in run " + run_id + ", " + is + " now");
  }
  return lines;
}

std::string WhyModeCannotStand(const std::string& run_id, const RunOptions& run) {
  auto mode = run.find("--mode");
  std::string shown = mode == run.end() ? "(not set)" : mode->second;
  if (shown == "create" || shown == "replace") return "";
  return "copy run " + run_id + " wrote into tables that existed before it (--mode " + shown +
         "), whose own column types or triggers may have changed values as they were stored";
}

Result<StoredTable> StoredTableOf(const std::string& run_id, const DoneTable& table) {
  if (static_cast<int64_t>(table.chunks.size()) != table.chunks_total) {
    return Status::FailedPrecondition(std::to_string(table.chunks_total - table.chunks.size()) +
                                      " of its chunks in copy run " + run_id + " are not done");
  }
  StoredTable stored;
  stored.run_id = run_id;
  for (const DoneChunk& done : table.chunks) {
    StoredChunk chunk{done.chunk, {done.rows, {}}};
    if (!Hash128::FromHex(done.content_hash, &chunk.digest.sum)) {
      return Status::FailedPrecondition("chunk " + std::to_string(done.chunk.id) + " of copy run " +
                                        run_id + " has no content hash");
    }
    stored.chunks.push_back(std::move(chunk));
  }
  if (!CoversEveryKeyOnce(stored.chunks)) {
    return Status::FailedPrecondition("the chunks of copy run " + run_id +
                                      " do not cover every key once");
  }
  return stored;
}

Result<std::unique_ptr<CopyRunDigests>> CopyRunDigests::Find(RunCatalog* catalog, RunTables* tables,
                                                             const CopyRunQuery& query) {
  std::unique_ptr<CopyRunDigests> digests(new CopyRunDigests());
  digests->catalog_ = catalog;
  digests->run_tables_ = tables;
  FERRY_ASSIGN_OR_RETURN(std::vector<RunRecord> runs,
                         catalog->FindDoneRuns(query.source, query.target));
  RunOptions runs_options;  // of the run chosen
  for (const RunRecord& run : runs) {
    std::vector<std::string> mismatch = RunOptionsMismatch(run.run_id, run.options, query.mapping);
    if (mismatch.empty()) {
      digests->run_id_ = run.run_id;
      runs_options = run.options;
      break;
    }
    for (const std::string& line : mismatch)
      spdlog::debug("   not copy run {}: {}", run.run_id, line);
    if (digests->why_none_.empty()) {
      digests->options_differ_ = mismatch;
      digests->why_none_ =
          "the last finished copy run of this source into this target used other "
          "options (" +
          mismatch.front() + ")";
    }
  }
  if (runs.empty()) {
    digests->why_none_ = "no finished chunked copy run of this source into this target and schema";
  }
  if (digests->run_id_.empty()) return digests;
  digests->why_none_ = WhyModeCannotStand(digests->run_id_, runs_options);
  if (!digests->why_none_.empty()) {
    digests->run_id_.clear();
    return digests;
  }
  Result<std::vector<DoneTable>> done = catalog->LoadDoneTables(digests->run_id_);
  if (!done.ok()) {
    digests->why_none_ = done.status().message();
    digests->run_id_.clear();
    return digests;
  }
  digests->tables_ = std::move(done).value();
  return digests;
}

Result<const DoneTable*> CopyRunDigests::FindTable(const TablePlan& table) const {
  if (run_id_.empty()) return Status::NotFound(why_none_);
  auto done = std::find_if(tables_.begin(), tables_.end(),
                           [&](const DoneTable& t) { return t.target_name == table.target.name; });
  if (done == tables_.end() || done->source_name != table.source.name) {
    return Status::NotFound("copy run " + run_id_ + " did not copy " + table.source.name +
                            " into " + table.target.name);
  }
  return &*done;
}

Result<StoredTable> CopyRunDigests::ForTable(const TablePlan& table) {
  FERRY_ASSIGN_OR_RETURN(const DoneTable* done, FindTable(table));
  return StoredTableOf(run_id_, *done);
}

Status CopyRunDigests::CheckTargetUnchanged(const TablePlan& table) {
  FERRY_ASSIGN_OR_RETURN(const DoneTable* done, FindTable(table));
  FERRY_ASSIGN_OR_RETURN(UnchangedCheck check, run_tables_->CheckUnchanged(*done));
  if (!check.unchanged && !check.known) {
    return Status::FailedPrecondition("copy run " + run_id_ +
                                      "'s digests cannot stand for the table: " + check.reason);
  }
  if (!check.unchanged) {
    return Status::FailedPrecondition("the table changed since copy run " + run_id_ + ": " +
                                      check.reason);
  }
  return Status::OK();
}

}  // namespace ferry
