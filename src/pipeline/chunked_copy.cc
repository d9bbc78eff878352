#include "pipeline/chunked_copy.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <thread>

#include "ferry/engine.h"
#include "mapping/plan_builder.h"
#include "pipeline/chunk_workers.h"
#include "pipeline/connection_retry.h"
#include "pipeline/raw_rows.h"
#include "pipeline/rejects.h"
#include "pipeline/run_identity.h"

namespace ferry {

int64_t ChunkRowsFor(const TableSchema& table, int64_t chunk_rows) {
  if (table.estimated_bytes <= 0 || table.estimated_rows <= 0) return chunk_rows;
  double row_bytes =
      static_cast<double>(table.estimated_bytes) / static_cast<double>(table.estimated_rows);
  auto fitting = static_cast<int64_t>(static_cast<double>(kChunkBytes) / std::max(row_bytes, 1.0));
  return std::min(chunk_rows, std::max<int64_t>(fitting, 100));
}

namespace {

std::string ProcessId() {
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

std::string Indented(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += "\n  " + line;
  return out;
}

class ChunkedCopy {
 public:
  ChunkedCopy(const ChunkedCopyRun& run, RunStats* stats)
      : run_(run),
        engine_(run.engine != nullptr ? *run.engine : EngineFor(run.from)),
        stats_(*stats),
        observer_(run.observer ? *run.observer : SilentObserver()) {}
  Status Run(std::stop_token stop);

 private:
  Status IdentifyRun();
  Status RefuseOtherRuns();
  Status RefuseResume();
  // --restart: gives `run` up, dropping the tables it created.
  Status Abandon(const RunRecord& run);
  Status AfterFailure(const Status& failure);
  // Adds the keys of these tables (plan indexes); under --on-error skip the
  // rows of a repeated key are rejected and counted.
  Status AddKeys(const std::vector<int>& table_nos);
  Status SnapshotSource();
  Status MakePlan();
  Status PlanTables();
  // Logs what the plan leaves out (plan_.skipped).
  void LogSkipped() const;
  Result<std::vector<Chunk>> PlanSourceChunks(const TableSchema& table);
  Status RecordRun();
  // Tables the source's own schema creates (TablePlan::native_schema): their
  // schema as the source dumps it, for CreateRun and the finish step.
  Status DumpNativeSchema();
  // The finish step's part for those tables: the native schema's post-data.
  Status RestorePostData();
  Status CopyChunks(std::stop_token stop);
  Status FinishRun(std::stop_token stop);
  Status Summarize(const Status& outcome);
  Status CheckTablesMatch();
  void UseChunkEstimate(RunTable* table, TableStats* stats);
  Status NoteEarlierChunks();
  void MarkFinishedTables();
  // Closes the source (waiting for a snapshot still being written) and deletes the snapshot.
  void DropSnapshot();

  const ChunkedCopyRun& run_;
  const Engine& engine_;  // the source's
  RunStats& stats_;
  RunObserver& observer_;
  std::string run_id_;
  std::optional<RunRecord> existing_;  // the run being resumed or joined
  SourceSnapshot snapshot_;
  std::unique_ptr<Source> source_;
  Plan plan_;
  std::string mapping_;           // what a resumed run plans from (RunPlanner)
  std::vector<RunTable> tables_;  // new run only
  NativeSchema native_;           // empty until DumpNativeSchema
  bool nothing_to_do_ = false;
  bool recorded_ = false;      // the run is in the target: failures leave it resumable
  bool created_here_ = false;  // this process recorded the run (RecordRun)
};

Status ChunkedCopy::Run(std::stop_token stop) {
  Status outcome = [&]() -> Status {
    FERRY_RETURN_IF_ERROR(IdentifyRun());
    if (nothing_to_do_) return Status::OK();
    FERRY_RETURN_IF_ERROR(SnapshotSource());
    FERRY_RETURN_IF_ERROR(MakePlan());
    FERRY_RETURN_IF_ERROR(RecordRun());
    FERRY_RETURN_IF_ERROR(CopyChunks(stop));
    return FinishRun(stop);
  }();
  if (nothing_to_do_) return outcome;
  if (!outcome.ok() && recorded_) outcome = AfterFailure(outcome);
  Status reported = Summarize(outcome);
  return outcome.ok() ? reported : outcome;
}

// A new --mode create run that failed before any chunk was done is abandoned
// and the tables it created are dropped: the target is as before, and the same
// command, or one with other options (--on-error skip), starts afresh.
// Otherwise the run is kept for the same command to continue, and the
// message says the one command for each way on.
Status ChunkedCopy::AfterFailure(const Status& failure) {
  if (created_here_ && run_.options.mode == WriteMode::kCreate) {
    Result<AbandonedRun> abandoned = run_.store->AbandonRun(run_id_, /*only_if_nothing_done=*/true);
    if (abandoned.ok() && abandoned->abandoned) {
      DropSnapshot();
      std::string dropped;
      for (const std::string& t : abandoned->dropped) dropped += (dropped.empty() ? "" : ", ") + t;
      return Status(
          failure.code(),
          failure.message() + "\nNo chunk was copied: run " + run_id_ + " is given up" +
              (dropped.empty() ? "" : " and the tables it created (" + dropped + ") dropped") +
              ", so the target is as before. Fix the cause and run the same command again" +
              (run_.options.on_error == OnError::kStop && failure.code() == StatusCode::kDataError
                   ? ", or run it with --on-error skip to write bad rows to the rejects "
                     "directory and copy the rest"
                   : ""));
    }
  }
  std::string advice = "\nRun " + run_id_ +
                       " stopped; the chunks done so far are kept. Fix the cause and run the same "
                       "command again (or add --resume) to continue";
  if (run_.options.on_error == OnError::kStop && failure.code() == StatusCode::kDataError) {
    advice +=
        "; or run it with --on-error skip --restart to start over, writing bad rows (and "
        "later rows of a repeated key) to the rejects directory and leaving out foreign keys "
        "the rows break";
  }
  advice +=
      ". With other options (--on-error skip, --sample all, an edited mapping) add "
      "--restart: it starts over, dropping the tables run " +
      run_id_ + " created";
  return Status(failure.code(), failure.message() + advice);
}

Status ChunkedCopy::IdentifyRun() {
  spdlog::info("1. identify run");
  run_id_ = MakeRunId(engine_.SourceIdentity(run_.from), run_.target_identity, run_.run_options);
  FERRY_RETURN_IF_ERROR(run_.store->Initialize());
  const std::string& join = run_.chunking.join_run_id;
  if (!join.empty() && join != run_id_) {
    return Status::InvalidArgument("the options read from run " + join + " give run id " + run_id_ +
                                   ": was the run recorded by "
                                   "another ferry version?");
  }
  FERRY_ASSIGN_OR_RETURN(existing_, run_.store->FindRun(run_id_));
  if (existing_ && existing_->state == "done") {
    spdlog::info("   run {} finished at {}: nothing to do, the target is unchanged", run_id_,
                 existing_->finished_at);
    observer_.RunAlreadyDone(run_id_, existing_->finished_at);
    nothing_to_do_ = true;
    return Status::OK();
  }
  bool unfinished = existing_ && (existing_->state == "loading" || existing_->state == "finishing");
  if (unfinished && run_.chunking.restart && join.empty()) {
    FERRY_RETURN_IF_ERROR(Abandon(*existing_));
    unfinished = false;
  }
  if (unfinished) {
    spdlog::info("   resuming run {} (started {})", run_id_, existing_->created_at);
    recorded_ = true;
    return Status::OK();
  }
  if (existing_) existing_.reset();  // abandoned: start it afresh below
  if (!join.empty()) return Status::NotFound("no unfinished run " + join + " to join");
  if (run_.chunking.resume) return RefuseResume();
  spdlog::info("   new run {}", run_id_);
  return RefuseOtherRuns();
}

// --resume with no run of these options: name how the runs that are there differ.
Status ChunkedCopy::RefuseResume() {
  std::string others;
  Result<std::vector<RunRecord>> unfinished =
      run_.store->FindUnfinishedRuns(engine_.SourceIdentity(run_.from), run_.target_identity);
  for (const RunRecord& other : unfinished.ok() ? *unfinished : std::vector<RunRecord>()) {
    others += "\nrun " + other.run_id + " (started " + other.created_at +
              ") of this source and target is unfinished, with other options:" +
              Indented(DiffRunOptions(other.options, run_.run_options, other.run_id));
  }
  return Status::NotFound("no interrupted run " + run_id_ +
                          " of this source, target and options to resume" +
                          (others.empty() ? " (drop --resume to start one)"
                                          : others + "\nRun ferry copy with that run's options "
                                                     "to resume it"));
}

Status ChunkedCopy::RefuseOtherRuns() {
  FERRY_ASSIGN_OR_RETURN(
      std::vector<RunRecord> others,
      run_.store->FindUnfinishedRuns(engine_.SourceIdentity(run_.from), run_.target_identity));
  for (const RunRecord& other : others) {
    if (run_.chunking.restart) {
      FERRY_RETURN_IF_ERROR(Abandon(other));
      continue;
    }
    return Status::FailedPrecondition(
        "run " + other.run_id + " (started " + other.created_at +
        ") copies the same source into the same target and is unfinished, but with other "
        "options:" +
        Indented(DiffRunOptions(other.options, run_.run_options, other.run_id)) +
        "\nRun ferry copy with that run's options to resume it, or run this command with "
        "--restart to give that run up and start over (--restart drops the tables that run "
        "created, and only those)");
  }
  return Status::OK();
}

Status ChunkedCopy::Abandon(const RunRecord& run) {
  spdlog::warn("   giving up unfinished run {} (--restart)", run.run_id);
  FERRY_ASSIGN_OR_RETURN(AbandonedRun abandoned,
                         run_.store->AbandonRun(run.run_id, /*only_if_nothing_done=*/false));
  for (const std::string& t : abandoned.dropped) {
    spdlog::warn("   dropped {}, created by run {}", t, run.run_id);
  }
  for (const std::string& t : abandoned.kept) spdlog::warn("   kept {}", t);
  return Status::OK();
}

Status ChunkedCopy::SnapshotSource() {
  spdlog::info("2. snapshot source");
  if (existing_) {
    snapshot_ = {existing_->snapshot, existing_->source_state, existing_->snapshot_note};
    FERRY_ASSIGN_OR_RETURN(std::string change, engine_.DescribeSourceChange(run_.from, snapshot_));
    if (!change.empty() && engine_.snapshot_life() == SnapshotLife::kProcess) {
      spdlog::warn(
          "   {}; unless the run's snapshot is still held by its first process, chunks not "
          "done yet read the source as it is now (run ferry verify when the copy is done)",
          change);
    } else if (!change.empty() && snapshot_.location.empty()) {
      // Read in place: the chunks done read the old data, and file chunks start
      // at byte offsets of the old files.
      return Status::FailedPrecondition(
          change + ". Run " + run_id_ +
          " reads the source in place, so it cannot go on with other data: restore the "
          "source as it was, or start over with --restart --mode replace");
    } else if (!change.empty()) {
      spdlog::warn(
          "   {}; this run goes on copying the snapshot it started from ({}); to copy "
          "the current data, start over with --restart --mode replace",
          change, snapshot_.location);
    }
    spdlog::info("   {}", snapshot_.note);
    FERRY_ASSIGN_OR_RETURN(source_, engine_.OpenSnapshotSource(run_.from, snapshot_));
    return Status::OK();
  }
  // A new run: its snapshot is written while the plan is made and the first
  // chunks are copied.
  FERRY_ASSIGN_OR_RETURN(TakenSnapshot taken,
                         engine_.TakeSnapshot(run_.from, run_id_, run_.chunking.snapshot_dir));
  snapshot_ = std::move(taken.snapshot);
  spdlog::info("   {}", snapshot_.note);
  source_ = std::move(taken.source);
  if (!source_) {
    FERRY_ASSIGN_OR_RETURN(source_, engine_.OpenSnapshotSource(run_.from, snapshot_));
  }
  return Status::OK();
}

Status ChunkedCopy::MakePlan() {
  spdlog::info("3. plan");
  FERRY_RETURN_IF_ERROR(PlanTables());
  if (existing_) return CheckTablesMatch();
  // Tables fed by one source table (a collection's child tables in normalize
  // mode) share its chunks: each table's chunks still cover every row once.
  std::map<std::string, std::vector<Chunk>> planned;
  for (const TablePlan& t : plan_.tables) {
    auto found = planned.find(t.source.name);
    if (found == planned.end()) {
      FERRY_ASSIGN_OR_RETURN(std::vector<Chunk> chunks, PlanSourceChunks(t.source));
      spdlog::info("   {}: {} chunk(s) by {}", t.source.name, chunks.size(),
                   ChunkByName(chunks.front().by));
      found = planned.emplace(t.source.name, std::move(chunks)).first;
    }
    tables_.push_back({t.target, t.source.name, found->second, t.native_schema});
    UseChunkEstimate(&tables_.back(), stats_.tables.at(tables_.size() - 1).get());
  }
  return plan_.HasNativeTables() ? DumpNativeSchema() : Status::OK();
}

Status ChunkedCopy::DumpNativeSchema() {
  NativeSchemaRequest request;
  request.no_owner = run_.options.no_owner;
  request.no_acl = run_.options.no_acl;
  for (const TablePlan& t : plan_.tables) {
    (t.native_schema ? request.tables : request.exclude_tables).push_back(t.source.name);
  }
  for (const SkippedObject& s : plan_.skipped) {
    if (s.kind == "table") request.exclude_tables.push_back(s.name);
  }
  FERRY_ASSIGN_OR_RETURN(native_, source_->DumpNativeSchema(request));
  spdlog::info("   the source's own schema for {} table(s): {} object(s) before the data, {} after",
               request.tables.size(), native_.pre_data.size(), native_.post_data.size());
  // What ferry's own DDL would have left out, the source's schema carries.
  MoveCarriedObjects(native_.carried_kinds, &plan_);
  LogSkipped();
  return Status::OK();
}

// --chunk-rows 0: each table is one chunk (copied in one stream, resumed table
// by table); otherwise the source splits it.
Result<std::vector<Chunk>> ChunkedCopy::PlanSourceChunks(const TableSchema& table) {
  if (run_.chunking.chunk_rows <= 0) {
    Chunk whole;
    whole.by = ChunkBy::kWhole;
    whole.estimated_rows = table.estimated_rows;
    return std::vector<Chunk>{whole};
  }
  return source_->PlanChunks(table, ChunkRowsFor(table, run_.chunking.chunk_rows));
}

// The chunks' row estimates, when each chunk has one, are the table's total
// for progress and for the run's record: the chunker read the data, while the
// schema's estimate may be a guess.
void ChunkedCopy::UseChunkEstimate(RunTable* table, TableStats* stats) {
  int64_t rows = 0;
  for (const Chunk& chunk : table->chunks) {
    if (chunk.estimated_rows < 0) return;
    rows += chunk.estimated_rows;
  }
  table->target.estimated_rows = rows;
  stats->estimated_rows = rows;
}

// Chunks done before the workers start (by earlier runs of a resumed run, or
// by other processes) count in progress and the summary.
Status ChunkedCopy::NoteEarlierChunks() {
  FERRY_ASSIGN_OR_RETURN(RunProgress progress,
                         run_.store->LoadProgress(run_id_, run_.chunking.claim_timeout));
  NoteChunksDoneBefore(progress, existing_.has_value(), &stats_);
  for (const auto& table : stats_.tables) {
    if (table->DoneEarlier()) {
      spdlog::info("   {}: done earlier ({} row(s))", table->target_name, table->rows_done_before);
    }
  }
  return Status::OK();
}

// The plan (from the schema, a new sample, or what the run recorded) and the
// per-table stats that follow it.
void ChunkedCopy::LogSkipped() const {
  for (const SkippedObject& s : plan_.skipped) {
    spdlog::info("   skipping {} {}: {}", s.kind, s.name, s.reason);
  }
}

Status ChunkedCopy::PlanTables() {
  if (run_.planner == nullptr) {
    FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, source_->DescribeSchema());
    FERRY_ASSIGN_OR_RETURN(plan_, run_.make_plan(schema));
  } else if (existing_) {
    spdlog::info("   the mapping recorded when run {} was planned", run_id_);
    FERRY_ASSIGN_OR_RETURN(plan_, run_.planner->PlanRecorded(*source_, existing_->mapping));
  } else {
    FERRY_ASSIGN_OR_RETURN(plan_, run_.planner->PlanNew(*source_, &mapping_));
  }
  FERRY_RETURN_IF_ERROR(ChooseRawRows(*source_, run_.target->raw_row_format(), &plan_));
  // With the source's own schema, what it carries is known once it is dumped.
  if (!plan_.HasNativeTables()) LogSkipped();
  for (const std::string& w : plan_.warnings) spdlog::warn("   {}", w);
  stats_.tables.clear();
  for (const TablePlan& t : plan_.tables) {
    for (const std::string& w : t.warnings) spdlog::warn("   {}: {}", t.source.name, w);
  }
  for (const TablePlan& t : plan_.tables) {
    stats_.Add(t.source.name, t.target.name, t.source.estimated_rows);
  }
  return Status::OK();
}

// A resumed run must write the tables it recorded, in the same order.
Status ChunkedCopy::CheckTablesMatch() {
  FERRY_ASSIGN_OR_RETURN(RunProgress progress,
                         run_.store->LoadProgress(run_id_, run_.chunking.claim_timeout));
  bool same = progress.tables.size() == plan_.tables.size();
  for (size_t i = 0; same && i < plan_.tables.size(); ++i) {
    same = progress.tables[i].target_name == plan_.tables[i].target.name;
  }
  if (!same) {
    return Status::FailedPrecondition(
        "the plan of run " + run_id_ +
        " no longer gives the tables it recorded (was the mapping "
        "file edited?): restore it, or start over with --restart --mode replace");
  }
  spdlog::info("   {} of {} chunk(s) done before, {} row(s)", progress.chunks_done(),
               progress.chunks_total(), progress.rows_done());
  return Status::OK();
}

Status ChunkedCopy::RecordRun() {
  if (existing_) return Status::OK();
  spdlog::info("4. record run: {} table(s) in {}, --mode {}", plan_.tables.size(),
               run_.target->Describe(), WriteModeName(run_.options.mode));
  std::vector<TableSchema> tables;
  for (const TablePlan& t : plan_.tables) tables.push_back(t.target);
  Status prepared = run_.target->Prepare(tables, run_.options.mode);
  if (!prepared.ok()) {
    DropSnapshot();
    return prepared;
  }
  RunRecord record;
  record.run_id = run_id_;
  record.source = engine_.SourceIdentity(run_.from);
  record.target = run_.target_identity;
  record.options = run_.run_options;
  record.snapshot = snapshot_.location;
  record.source_state = snapshot_.state;
  record.snapshot_note = snapshot_.note;
  record.mapping = mapping_;
  RunSetup setup(run_.options.mode);
  std::vector<SkippedObject> not_restored;
  if (!native_.empty()) {
    setup.native = &native_;
    setup.not_restored = &not_restored;
  }
  Status created = run_.store->CreateRun(record, tables_, setup);
  for (const SkippedObject& s : not_restored) {
    spdlog::warn("   not restored: {} {}: {}", s.kind, s.name, s.reason);
  }
  plan_.skipped.insert(plan_.skipped.end(), not_restored.begin(), not_restored.end());
  if (created.code() == StatusCode::kAlreadyExists) {
    // Another process started the same run a moment ago: work on it with it.
    spdlog::info("   run {} was just started by another process; joining it", run_id_);
    DropSnapshot();
    FERRY_ASSIGN_OR_RETURN(existing_, run_.store->FindRun(run_id_));
    if (!existing_) return Status::Internal("run " + run_id_ + " vanished");
    snapshot_ = {existing_->snapshot, existing_->source_state, existing_->snapshot_note};
    FERRY_ASSIGN_OR_RETURN(source_, engine_.OpenSnapshotSource(run_.from, snapshot_));
    recorded_ = true;
    if (run_.planner != nullptr) return PlanTables();  // its sample, not ours
    return Status::OK();
  }
  if (!created.ok()) {
    DropSnapshot();
    return created;
  }
  recorded_ = true;
  created_here_ = true;
  return Status::OK();
}

Status ChunkedCopy::CopyChunks(std::stop_token stop) {
  spdlog::info("5. copy chunks: {} worker(s), run {}", std::max(1, run_.options.jobs), run_id_);
  ChunkWorkersContext context;
  context.catalog = run_.store;
  context.run_id = run_id_;
  context.source = source_.get();
  context.target = run_.target;
  context.plan = &plan_;
  context.make_transform = &run_.make_transform;
  context.options = run_.options;
  context.stats = &stats_;
  context.observer = &observer_;
  context.process = ProcessId();
  context.claim_timeout = run_.chunking.claim_timeout;
  context.max_retries = run_.chunking.max_retries;
  // A table's keys are built as soon as its last chunk is in, while the other
  // tables are still copied (the finish step adds any still missing). Only
  // create and replace leave keys out; other modes need no per-table step, so
  // workers do not ask after every chunk whether its table is done.
  if (run_.options.mode == WriteMode::kCreate || run_.options.mode == WriteMode::kReplace) {
    context.table_copied = [this](int table_no) {
      spdlog::debug("   {}: every chunk copied", plan_.tables.at(table_no).target.name);
      return AddKeys({table_no});
    };
  }
  if (Status noted = NoteEarlierChunks(); !noted.ok()) {
    spdlog::warn("   cannot read the run's progress so far ({}); progress counts this process only",
                 noted.message());
  }
  observer_.CopyStarted(stats_);
  Status s = RunChunkWorkers(context, stop);
  observer_.CopyEnded();
  for (auto& table : stats_.tables) {
    if (table->DoneEarlier()) continue;
    table->state = s.ok()                               ? TableState::kDone
                   : s.code() == StatusCode::kCancelled ? TableState::kCancelled
                                                        : TableState::kFailed;
  }
  if (!s.ok()) MarkFinishedTables();
  for (auto& table : stats_.tables) {
    if (!table->DoneEarlier()) observer_.TableFinished(*table);
  }
  return s;
}

// After a failure, tables whose every chunk is in are done all the same.
void ChunkedCopy::MarkFinishedTables() {
  Result<RunProgress> progress = run_.store->LoadProgress(run_id_, run_.chunking.claim_timeout);
  if (progress.ok()) MarkTablesFinished(*progress, &stats_);
}

Status ChunkedCopy::FinishRun(std::stop_token stop) {
  // A lost target connection (a server restart) is retried as for chunks:
  // every statement of this step is a no-op when its object exists.
  RetryPolicy retry{run_.chunking.max_retries};
  bool mine = false;
  FERRY_RETURN_IF_ERROR(RetryOnConnection("6. finish tables", retry, stop, [&]() -> Status {
    FERRY_ASSIGN_OR_RETURN(bool moved, run_.store->BeginFinishing(run_id_));
    mine = mine || moved;
    return Status::OK();
  }));
  bool resumed_finish = existing_ && existing_->state == "finishing";
  if (!mine && !resumed_finish) {
    spdlog::info("6. finish tables: done by another worker of run {}", run_id_);
    return Status::OK();
  }
  spdlog::info("6. finish tables: keys, indexes, foreign keys, sequences");
  // Every statement of this step is a no-op when its object exists, so a
  // finish cut short by a crash is simply run again.
  if (!mine) spdlog::info("   finishing again: the process that began it stopped");
  std::vector<int> all(plan_.tables.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  std::vector<SkippedObject> not_created;
  FERRY_RETURN_IF_ERROR(RetryOnConnection("6. finish tables", retry, stop, [&]() -> Status {
    FERRY_RETURN_IF_ERROR(AddKeys(all));
    FERRY_RETURN_IF_ERROR(FinishCopiedTables(plan_, *run_.target, run_.options, &not_created));
    FERRY_RETURN_IF_ERROR(RestorePostData());
    return run_.store->MarkRunDone(run_id_);
  }));
  plan_.skipped.insert(plan_.skipped.end(), not_created.begin(), not_created.end());
  DropSnapshot();
  return Status::OK();
}

Status ChunkedCopy::RestorePostData() {
  if (!plan_.HasNativeTables()) return Status::OK();
  if (native_.empty()) FERRY_RETURN_IF_ERROR(DumpNativeSchema());  // a resumed finish
  int jobs = run_.options.index_jobs > 0 ? run_.options.index_jobs
                                         : static_cast<int>(std::thread::hardware_concurrency());
  spdlog::info("   the source's own indexes, constraints, triggers and rules ({} at once)",
               std::max(1, jobs));
  // Read now, after the rows: sequences are not held still by the snapshot.
  NativeSchema finish = native_;
  FERRY_ASSIGN_OR_RETURN(std::vector<NativeSchemaEntry> sequences,
                         source_->ReadNativeSequenceStates(native_));
  finish.post_data.insert(finish.post_data.end(), sequences.begin(), sequences.end());
  std::vector<SkippedObject> not_restored;
  FERRY_RETURN_IF_ERROR(run_.target->RestorePostData(finish, std::max(1, jobs), &not_restored));
  for (const SkippedObject& s : not_restored) {
    spdlog::warn("   not restored: {} {}: {}", s.kind, s.name, s.reason);
  }
  plan_.skipped.insert(plan_.skipped.end(), not_restored.begin(), not_restored.end());
  return Status::OK();
}

Status ChunkedCopy::AddKeys(const std::vector<int>& table_nos) {
  std::vector<KeyTable> tables;
  for (int n : table_nos) {
    // The source's own schema builds its keys (RestorePostData).
    if (!plan_.tables.at(n).native_schema) tables.push_back({n, plan_.tables.at(n).target});
  }
  if (tables.empty()) return Status::OK();
  std::map<int, int64_t> removed;
  FERRY_RETURN_IF_ERROR(
      run_.store->AddKeys(run_id_, tables, run_.options.mode,
                          run_.options.on_error == OnError::kSkip
                              ? DuplicateRejects(plan_, run_.options.rejects_dir, &removed)
                              : nullptr));
  // Counted once the keys are committed: a build retried after a lost
  // connection hands the same rows over again.
  for (const auto& [table_no, rows] : removed) {
    TableStats& stats = *stats_.tables.at(table_no);
    stats.rows_rejected.fetch_add(rows);
    if (stats.rows_written.load() >= rows) stats.rows_written.fetch_sub(rows);
  }
  return Status::OK();
}

void ChunkedCopy::DropSnapshot() {
  source_.reset();
  engine_.RemoveSnapshot(run_.from, snapshot_);
}

Status ChunkedCopy::Summarize(const Status& outcome) {
  spdlog::info("7. summary");
  Result<RunProgress> progress = run_.store->LoadProgress(run_id_, run_.chunking.claim_timeout);
  return observer_.RunFinished({stats_, plan_, outcome, progress.ok() ? &*progress : nullptr});
}

}  // namespace

Status RunChunkedCopy(const ChunkedCopyRun& run, std::stop_token stop, RunStats* stats) {
  ChunkedCopy copy(run, stats);
  return copy.Run(stop);
}

}  // namespace ferry
