#include "verify/stored_table_verifier.h"

#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "digest/row_hasher.h"
#include "verify/chunk_hasher.h"

namespace ferry {
namespace {

constexpr int kThreads = 2;

// The source rows of one chunk, hashed like copy hashed what it wrote.
Result<RowDigest> DigestChunk(TableSide& source, const TableSchema& table, const Chunk& chunk,
                              size_t batch_rows, Rejections* rejections) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, source.Open(rejections, chunk));
  RowHasher hasher(table);
  Batch batch(static_cast<int>(table.columns.size()));
  RowDigest digest;
  while (reader->Next(&batch, batch_rows)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      Result<Hash128> hash = hasher.HashRow(batch.Row(r));
      if (!hash.ok()) {
        return hash.status().WithContext(source.label() + ", row " +
                                         KeyText(table, hasher.key_columns(), batch.Row(r)));
      }
      digest.Add(*hash);
    }
  }
  FERRY_RETURN_IF_ERROR(reader->status().WithContext(source.label()));
  return digest;
}

}  // namespace

Result<bool> VerifyAgainstStored(TableSide& source, const StoredTable& stored,
                                 const TableSchema& table, const VerifyOptions& options,
                                 TableResult* result, std::string* difference,
                                 std::stop_token stop_token) {
  const size_t chunks = stored.chunks.size();
  std::vector<RowDigest> digests(chunks);
  std::vector<Rejections> rejections(chunks);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};  // a chunk differs or failed: the rest is not needed
  std::mutex failure_mutex;
  Status failure;  // guarded by failure_mutex
  auto work = [&] {
    for (size_t i = next++; i < chunks && !stop && !stop_token.stop_requested(); i = next++) {
      const StoredChunk& chunk = stored.chunks[i];
      Result<RowDigest> digest =
          DigestChunk(source, table, chunk.chunk, options.batch_rows, &rejections[i]);
      if (!digest.ok()) {
        std::lock_guard lock(failure_mutex);
        if (failure.ok()) failure = digest.status();
        stop = true;
        return;
      }
      digests[i] = *digest;
      if (!(digests[i] == chunk.digest)) stop = true;
    }
  };
  {
    std::vector<std::jthread> threads;
    for (int t = 1; t < std::min<int>(kThreads, static_cast<int>(chunks)); ++t) {
      threads.emplace_back(work);
    }
    work();
  }
  FERRY_RETURN_IF_ERROR(failure);
  if (stop_token.stop_requested()) return Status::Cancelled("verify stopped reading the source");
  for (size_t i = 0; i < chunks; ++i) {
    const StoredChunk& chunk = stored.chunks[i];
    if (digests[i] == chunk.digest) continue;
    *difference =
        fmt::format("chunk {} of copy run {} differs from the source ({} source row(s), {} copied)",
                    chunk.chunk.id, stored.run_id, digests[i].rows, chunk.digest.rows);
    return false;
  }
  if (stop) return Status::Internal("verify stopped before every chunk was read");
  ++result->scans;
  result->chunks = static_cast<int64_t>(chunks);
  for (size_t i = 0; i < chunks; ++i) {
    result->source_rows += digests[i].rows;
    result->target_rows += stored.chunks[i].digest.rows;
    if (rejections[i].rows > 0 && result->rejected.rows == 0) {
      result->rejected.first_reason = rejections[i].first_reason;
    }
    result->rejected.rows += rejections[i].rows;
    result->rejected.accepted += rejections[i].accepted;
  }
  return true;
}

}  // namespace ferry
