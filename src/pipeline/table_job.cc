#include "pipeline/table_job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <thread>

#include "digest/row_hasher.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/rejects.h"

namespace ferry {
namespace {

constexpr std::string_view kStopHint =
    " (fix the source row, or run with --on-error skip to write bad rows to the rejects "
    "directory and copy the rest)";

// Under --on-error skip, a row the target refuses (a constraint, a value it
// does not take) is set aside and the table or chunk is copied again without
// it, each refusal costing one more pass; past this many, the job stops.
constexpr size_t kMaxRefusedRows = 100;

// Source rows (by their 1-based position in the job's read order) the target
// refused, with the target's reason; kept across a job's attempts.
using RefusedRows = std::map<int64_t, std::string>;

// Which source row each row sent to the target came from, in little memory:
// runs of rows one to one are one entry, a new entry starts where a source row
// gave no row (rejected) or several (a document's child rows).
class SentRows {
 public:
  // Source row `source_row` (1-based) gave the next `rows` rows sent.
  void Add(int64_t source_row, size_t rows) {
    for (size_t i = 0; i < rows; ++i, ++sent_) {
      if (runs_.empty() || sent_ - runs_.back().first != source_row - runs_.back().second) {
        runs_.emplace_back(sent_, source_row);
      }
    }
  }
  // The source row the `sent`-th row sent (0-based) came from; -1 when none was.
  int64_t SourceRowOf(int64_t sent) const {
    if (sent < 0 || sent >= sent_) return -1;
    auto run = std::upper_bound(runs_.begin(), runs_.end(), std::make_pair(sent, INT64_MAX));
    --run;  // runs_[0] starts at row 0
    return run->second + (sent - run->first);
  }

 private:
  std::vector<std::pair<int64_t, int64_t>> runs_;  // (first row sent, its source row)
  int64_t sent_ = 0;
};

std::string RejectFileName(const TablePlan& plan, const ChunkWork* chunk) {
  // Named by the target table: one document collection can feed several
  // tables (normalize mode), and each job needs its own file.
  if (chunk == nullptr || chunk->chunk.IsWhole()) return plan.target.name + ".ndjson";
  return plan.target.name + "." + std::to_string(chunk->chunk.id) + ".ndjson";
}

class TableJob {
 public:
  TableJob(const JobContext& context, const TablePlan& plan, TableStats& stats,
           const ChunkWork* chunk, RefusedRows* refused)
      : context_(context),
        plan_(plan),
        stats_(stats),
        chunk_(chunk),
        refused_(refused),
        filled_(context.options->queue_batches),
        free_(context.options->queue_batches + 2),
        rejects_(context.options->rejects_dir / RejectFileName(plan, chunk)) {
    if (chunk_ != nullptr) hasher_.emplace(plan.target);
  }

  Status Run(std::stop_token stop);
  // After Run failed: true when the target refused one row, which is now in
  // the refused rows, and the job should run again without it.
  bool retry() const { return retry_; }
  // After Run failed: takes this attempt's rows back out of the table's stats,
  // the rows written (they were rolled back) and, when the rows will be read
  // again (a redone chunk or attempt), the rows read and rejected too.
  void TakeBackStats(bool reads_too);

 private:
  void ReadAll(std::stop_token stop);
  Status ReadAndConvert(BatchReader& reader, RowTransform& transform, std::stop_token stop);
  Status Reject(const Value* row, const Rejection& rejection);
  Status WriteAll(BatchWriter& writer, std::stop_token stop);
  // Hashes the rows of `out` from `first` on, all converted from `source_row`
  // (a document may give a child table none or several). A value the hasher
  // cannot parse rejects the source row: its rows are taken back out of `out`.
  Status HashNewRows(const Value* source_row, size_t first, Batch* out);
  // Hashes every row of `batch` (writer thread).
  Status HashRows(const Batch& batch);
  const Chunk& chunk() const { return chunk_ != nullptr ? chunk_->chunk : whole_; }
  // What to do about a bad row under --on-error stop; a chunked run says it
  // once for the run (chunked_copy.h), as its way on depends on what it did.
  std::string StopHint() const { return chunk_ != nullptr ? "" : std::string(kStopHint); }

  const JobContext& context_;
  const TablePlan& plan_;
  TableStats& stats_;
  const ChunkWork* chunk_;  // null: the whole table, committed by the writer
  RefusedRows* refused_;    // read by the reader thread; written after it ends
  const Chunk whole_;
  // Chunked jobs hash each row for the chunk's digest (read after both
  // threads end): on the reader thread when the transform leaves JSON parsing
  // to the hash (hash_on_reader_, set by the reader before its first batch),
  // else on the writer thread.
  std::optional<RowHasher> hasher_;
  bool hash_on_reader_ = false;
  RowDigest digest_;
  BoundedQueue<Batch> filled_;  // reader -> writer
  BoundedQueue<Batch> free_;    // writer -> reader, for reuse
  RejectFile rejects_;          // reader thread only
  Status read_status_;          // written by the reader thread, read after join
  int64_t rows_seen_ = 0;       // reader thread only
  // --on-error skip: which source row each row sent to the writer came from
  // (reader thread; read after join, to name the row the target refused).
  SentRows sent_;
  // This attempt's part of the table's stats, taken back when it is redone.
  int64_t read_ = 0, rejected_ = 0;  // reader thread
  int64_t written_ = 0;              // writer thread
  bool retry_ = false;

  // Sets the refused row aside for the next attempt when `failure` is the
  // target refusing one row under --on-error skip; returns the status to report.
  Status SetRefusedRowAside(const Status& failure, const BatchWriter& writer);
  // Commits a chunk's rows with its record: the rows written and their digest.
  Status CommitChunk(BatchWriter& writer) const;
};

Status TableJob::Run(std::stop_token stop) {
  if (context_.options->on_error == OnError::kSkip) FERRY_RETURN_IF_ERROR(rejects_.RemoveStale());
  FERRY_ASSIGN_OR_RETURN(
      std::unique_ptr<BatchWriter> writer,
      plan_.raw_rows.empty()
          ? context_.target->OpenWriter(plan_.target, chunk(), context_.options->mode)
          : context_.target->OpenRawWriter(plan_.target, chunk(), context_.options->mode));
  Status write_status;
  {
    std::jthread reader([this](std::stop_token reader_stop) { ReadAll(reader_stop); });
    std::stop_callback forward(stop, [&reader] { reader.request_stop(); });
    write_status = WriteAll(*writer, stop);
    reader.request_stop();
  }
  if (!write_status.ok()) return SetRefusedRowAside(write_status, *writer);
  if (stop.stop_requested()) return Status::Cancelled("table " + plan_.source.name + ": stopped");
  FERRY_RETURN_IF_ERROR(read_status_);
  Status committed = chunk_ != nullptr ? CommitChunk(*writer)
                                       : writer->Commit().WithContext("table " + plan_.target.name);
  return committed.ok() ? committed : SetRefusedRowAside(committed, *writer);
}

Status TableJob::CommitChunk(BatchWriter& writer) const {
  ChunkDone done = chunk_->done;
  done.rows = digest_.rows;
  done.content_hash = digest_.sum.ToHex();
  return writer.CommitChunk(done);
}

Status TableJob::SetRefusedRowAside(const Status& failure, const BatchWriter& writer) {
  int64_t refused = writer.RefusedRow();
  int64_t source_row = sent_.SourceRowOf(refused);
  if (context_.options->on_error != OnError::kSkip || source_row < 0) return failure;
  if (refused_->size() >= kMaxRefusedRows) {
    return failure.WithContext("table " + plan_.target.name + ": the target refused more than " +
                               std::to_string(kMaxRefusedRows) +
                               " rows here (each is set aside and the rest copied again); fix "
                               "the target table's constraints or the source rows, then run the "
                               "same command again; the last one");
  }
  (*refused_)[source_row] = "refused by the target: " + failure.message();
  retry_ = true;
  return failure;
}

void TableJob::TakeBackStats(bool reads_too) {
  stats_.rows_written.fetch_sub(written_, std::memory_order_relaxed);
  if (!reads_too) return;
  stats_.rows_read.fetch_sub(read_, std::memory_order_relaxed);
  stats_.rows_rejected.fetch_sub(rejected_, std::memory_order_relaxed);
}

void TableJob::ReadAll(std::stop_token stop) {
  Result<std::unique_ptr<BatchReader>> reader =
      plan_.raw_rows.empty() ? context_.source->OpenReader(plan_.source, chunk())
                             : context_.source->OpenRawReader(plan_.source, chunk());
  Result<std::unique_ptr<RowTransform>> transform = (*context_.make_transform)(plan_);
  if (!reader.ok()) {
    read_status_ = reader.status();
  } else if (!transform.ok()) {
    read_status_ = transform.status().WithContext("table " + plan_.source.name);
  } else {
    // Rows are hashed here when that spares the transform a parse of every
    // JSON value; otherwise on the writer thread, which has less to do.
    // (Written before the first batch is queued, so the writer sees it.)
    hash_on_reader_ = hasher_ && (*transform)->LeaveJsonParseToCaller();
    read_status_ = ReadAndConvert(**reader, **transform, stop);
  }
  if (read_status_.ok()) read_status_ = rejects_.Close();
  filled_.Close();
}

Status TableJob::ReadAndConvert(BatchReader& reader, RowTransform& transform,
                                std::stop_token stop) {
  const size_t max_rows = context_.options->batch_rows;
  const int target_columns = static_cast<int>(plan_.target.columns.size());
  Batch in(static_cast<int>(plan_.source.columns.size()));
  bool more = true;
  while (more && !stop.stop_requested()) {
    std::optional<Batch> out = free_.TryPop();
    if (!out) out.emplace(target_columns);
    out->Clear(target_columns);
    out->set_raw_format(plan_.raw_rows);
    while (out->num_rows() < max_rows && (more = reader.Next(&in, max_rows - out->num_rows()))) {
      stats_.rows_read.fetch_add(static_cast<int64_t>(in.num_rows()), std::memory_order_relaxed);
      read_ += static_cast<int64_t>(in.num_rows());
      if (!plan_.raw_rows.empty() && !in.HasRawRows(plan_.raw_rows)) {
        return Status::Internal("table " + plan_.source.name +
                                ": the source's reader gave no raw rows");
      }
      for (size_t row = 0; row < in.num_rows(); ++row) {
        ++rows_seen_;
        if (auto refused = refused_->find(rows_seen_); refused != refused_->end()) {
          FERRY_RETURN_IF_ERROR(Reject(in.Row(row), Rejection{-1, refused->second}));
          continue;
        }
        Rejection rejection;
        const size_t rows_before = out->num_rows();
        if (!transform.Apply(in.Row(row), &*out, &rejection)) {
          FERRY_RETURN_IF_ERROR(Reject(in.Row(row), rejection));
        } else if (hash_on_reader_) {
          FERRY_RETURN_IF_ERROR(HashNewRows(in.Row(row), rows_before, &*out));
        }
        // The mapping leaves such rows as they are (TablePlan::rows_changed):
        // one target row per source row, which takes its source's raw form.
        if (!plan_.raw_rows.empty() && out->num_rows() > rows_before) {
          out->AddRawRow(in.RawRow(row));
        }
        if (context_.options->on_error == OnError::kSkip) {
          sent_.Add(rows_seen_, out->num_rows() - rows_before);
        }
      }
    }
    if (!out->empty() && !filled_.Push(std::move(*out), stop)) break;
  }
  return reader.status().WithContext("reading table " + plan_.source.name);
}

Status TableJob::Reject(const Value* row, const Rejection& rejection) {
  stats_.rows_rejected.fetch_add(1, std::memory_order_relaxed);
  ++rejected_;
  std::string key = DescribeRowKey(plan_.source, row, rows_seen_);
  std::string column;
  if (rejection.target_column >= 0 &&
      rejection.target_column < static_cast<int>(plan_.columns.size())) {
    int source_column = plan_.columns[rejection.target_column].source_column;
    column = source_column >= 0 ? plan_.source.columns[source_column].name
                                : plan_.target.columns[rejection.target_column].name;
  }
  if (context_.options->on_error == OnError::kSkip) {
    return rejects_.Write(plan_.source, row, key, column, rejection.reason);
  }
  // The mapping's reasons usually begin with the column already ("column \"x\" (date): ...").
  bool names_column = column.empty() || rejection.reason.starts_with("column ");
  return Status::DataError("table " + plan_.source.name + ", key " + key +
                           (names_column ? "" : ", column " + column) + ": " + rejection.reason +
                           StopHint());
}

Status TableJob::WriteAll(BatchWriter& writer, std::stop_token stop) {
  while (std::optional<Batch> batch = filled_.Pop(stop)) {
    size_t bad_row = batch->num_rows();
    Status s = writer.Write(*batch, &bad_row);
    if (!s.ok()) {
      if (bad_row < batch->num_rows()) {
        int64_t row_number = stats_.rows_written.load() + static_cast<int64_t>(bad_row) + 1;
        return Status(s.code(), "table " + plan_.target.name + ", key " +
                                    DescribeRowKey(plan_.target, batch->Row(bad_row), row_number) +
                                    ", " + s.message() + StopHint());
      }
      return s.WithContext("table " + plan_.target.name);
    }
    if (hasher_ && !hash_on_reader_) FERRY_RETURN_IF_ERROR(HashRows(*batch));
    stats_.rows_written.fetch_add(static_cast<int64_t>(batch->num_rows()),
                                  std::memory_order_relaxed);
    written_ += static_cast<int64_t>(batch->num_rows());
    free_.Push(std::move(*batch), stop);
  }
  return Status::OK();
}

Status TableJob::HashRows(const Batch& batch) {
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    Result<Hash128> hash = hasher_->HashRow(batch.Row(row));
    if (!hash.ok()) return hash.status().WithContext("hashing a row of table " + plan_.target.name);
    digest_.Add(*hash);
  }
  return Status::OK();
}

Status TableJob::HashNewRows(const Value* source_row, size_t first, Batch* out) {
  RowDigest digest;
  for (size_t row = first; row < out->num_rows(); ++row) {
    int bad_column = -1;
    Result<Hash128> hash = hasher_->HashRow(out->Row(row), &bad_column);
    if (hash.ok()) {
      digest.Add(*hash);
      continue;
    }
    if (hash.status().code() != StatusCode::kDataError) {
      return hash.status().WithContext("hashing a row of table " + plan_.target.name);
    }
    while (out->num_rows() > first) out->PopRow();
    // "column \"payload\": not valid JSON (...)", as the transform's own reasons.
    return Reject(source_row, Rejection{bad_column, hash.status().message()});
  }
  digest_ += digest;
  return Status::OK();
}

}  // namespace

Status RunTableJob(const JobContext& context, const TablePlan& plan, TableStats& stats,
                   std::stop_token stop, const ChunkWork* chunk) {
  RefusedRows refused;
  while (true) {
    TableJob job(context, plan, stats, chunk, &refused);
    Status s = job.Run(stop);
    if (s.ok()) return s;
    bool again = job.retry() && !stop.stop_requested();
    // A chunk that failed is redone (now, later, or by a resumed run).
    job.TakeBackStats(again || chunk != nullptr);
    if (!again) return s;
    spdlog::warn("table {}: the target refused a row; copying {} again without it ({} set aside)",
                 plan.target.name, chunk != nullptr ? "the chunk" : "the table", refused.size());
  }
}

}  // namespace ferry
