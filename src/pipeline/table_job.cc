#include "pipeline/table_job.h"

#include <optional>
#include <thread>

#include "pipeline/bounded_queue.h"
#include "pipeline/rejects.h"
#include "verify/row_hasher.h"

namespace ferry {
namespace {

constexpr std::string_view kStopHint =
    " (fix the source row, or run with --on-error skip to write bad rows to the rejects "
    "directory and copy the rest)";

std::string RejectFileName(const TablePlan& plan, const ChunkWork* chunk) {
  // Named by the target table: one document collection can feed several
  // tables (normalize mode), and each job needs its own file.
  if (chunk == nullptr || chunk->chunk.IsWhole()) return plan.target.name + ".ndjson";
  return plan.target.name + "." + std::to_string(chunk->chunk.id) + ".ndjson";
}

class TableJob {
 public:
  TableJob(const JobContext& context, const TablePlan& plan, TableStats& stats,
           const ChunkWork* chunk)
      : context_(context),
        plan_(plan),
        stats_(stats),
        chunk_(chunk),
        filled_(context.options->queue_batches),
        free_(context.options->queue_batches + 2),
        rejects_(context.options->rejects_dir / RejectFileName(plan, chunk)) {
    if (chunk_ != nullptr) hasher_.emplace(plan.target);
  }

  Status Run(std::stop_token stop);

 private:
  void ReadAll(std::stop_token stop);
  Status ReadAndConvert(BatchReader& reader, RowTransform& transform, std::stop_token stop);
  Status Reject(const Value* row, const Rejection& rejection);
  Status WriteAll(BatchWriter& writer, std::stop_token stop);
  // Hashes the rows of `out` from `first` on, all converted from `source_row`
  // (a document may give a child table none or several). A value the hasher
  // cannot parse rejects the source row: its rows are taken back out of `out`.
  Status HashNewRows(const Value* source_row, size_t first, Batch* out);
  const Chunk& chunk() const { return chunk_ != nullptr ? chunk_->chunk : whole_; }

  const JobContext& context_;
  const TablePlan& plan_;
  TableStats& stats_;
  const ChunkWork* chunk_;  // null: the whole table, committed by the writer
  const Chunk whole_;
  // Chunked jobs hash each row the transform keeps, on the reader thread, for
  // the chunk's digest (read after the reader is joined).
  std::optional<RowHasher> hasher_;
  RowDigest digest_;
  BoundedQueue<Batch> filled_;  // reader -> writer
  BoundedQueue<Batch> free_;    // writer -> reader, for reuse
  RejectFile rejects_;          // reader thread only
  Status read_status_;          // written by the reader thread, read after join
  int64_t rows_seen_ = 0;       // reader thread only
};

Status TableJob::Run(std::stop_token stop) {
  if (context_.options->on_error == OnError::kSkip) FERRY_RETURN_IF_ERROR(rejects_.RemoveStale());
  FERRY_ASSIGN_OR_RETURN(
      std::unique_ptr<BatchWriter> writer,
      context_.target->OpenWriter(plan_.target, chunk(), context_.options->mode));
  Status write_status;
  {
    std::jthread reader([this](std::stop_token reader_stop) { ReadAll(reader_stop); });
    std::stop_callback forward(stop, [&reader] { reader.request_stop(); });
    write_status = WriteAll(*writer, stop);
    reader.request_stop();
  }
  if (!write_status.ok()) return write_status;
  if (stop.stop_requested()) return Status::Cancelled("table " + plan_.source.name + ": stopped");
  FERRY_RETURN_IF_ERROR(read_status_);
  if (chunk_ != nullptr) return chunk_->commit(*writer, digest_);
  return writer->Commit().WithContext("table " + plan_.target.name);
}

void TableJob::ReadAll(std::stop_token stop) {
  Result<std::unique_ptr<BatchReader>> reader = context_.source->OpenReader(plan_.source, chunk());
  Result<std::unique_ptr<RowTransform>> transform = (*context_.make_transform)(plan_);
  if (!reader.ok()) {
    read_status_ = reader.status();
  } else if (!transform.ok()) {
    read_status_ = transform.status().WithContext("table " + plan_.source.name);
  } else {
    if (hasher_) (*transform)->LeaveJsonParseToCaller();  // HashNewRows parses JSON
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
    while (out->num_rows() < max_rows && (more = reader.Next(&in, max_rows - out->num_rows()))) {
      stats_.rows_read.fetch_add(static_cast<int64_t>(in.num_rows()), std::memory_order_relaxed);
      for (size_t row = 0; row < in.num_rows(); ++row) {
        ++rows_seen_;
        Rejection rejection;
        const size_t rows_before = out->num_rows();
        if (!transform.Apply(in.Row(row), &*out, &rejection)) {
          FERRY_RETURN_IF_ERROR(Reject(in.Row(row), rejection));
        } else if (hasher_) {
          FERRY_RETURN_IF_ERROR(HashNewRows(in.Row(row), rows_before, &*out));
        }
      }
    }
    if (!out->empty() && !filled_.Push(std::move(*out), stop)) break;
  }
  return reader.status().WithContext("reading table " + plan_.source.name);
}

Status TableJob::Reject(const Value* row, const Rejection& rejection) {
  stats_.rows_rejected.fetch_add(1, std::memory_order_relaxed);
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
                           std::string(kStopHint));
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
                                    ", " + s.message() + std::string(kStopHint));
      }
      return s.WithContext("table " + plan_.target.name);
    }
    stats_.rows_written.fetch_add(static_cast<int64_t>(batch->num_rows()),
                                  std::memory_order_relaxed);
    free_.Push(std::move(*batch), stop);
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
  TableJob job(context, plan, stats, chunk);
  return job.Run(stop);
}

}  // namespace ferry
