// RunStats: what a copy has done so far, table by table.
//
// The counters belong to the run: the pipeline's threads update them (relaxed
// atomics: each counter is written by one thread), and its RunObservers
// (run_observer.h: the progress printer, the summary) read them from others.
// Names, totals and the final state are set before a table starts or after it
// ends, under the owning job's thread, and read after the run.
#ifndef FERRY_PIPELINE_RUN_STATS_H_
#define FERRY_PIPELINE_RUN_STATS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ferry {

enum class TableState { kPending, kRunning, kDone, kFailed, kCancelled };

struct TableStats {
  std::string source_name;
  std::string target_name;
  int64_t estimated_rows = -1;  // -1: unknown
  std::atomic<int64_t> rows_read{0};
  std::atomic<int64_t> rows_written{0};
  std::atomic<int64_t> rows_rejected{0};
  std::atomic<TableState> state{TableState::kPending};
  std::atomic<int64_t> started_ns{0};   // steady clock, 0 until started
  std::atomic<int64_t> finished_ns{0};  // steady clock, 0 until finished

  // Chunked copies only (chunk_workers.h). Set before the workers start:
  // the table's chunks, and those (with their rows) that earlier runs of a
  // resumed run, or other processes, had done by then.
  int64_t chunks_total = -1;  // -1: not copied by chunks
  int64_t chunks_done_before = 0;
  int64_t rows_done_before = 0;
  // Chunks of the table this process is copying right now.
  std::atomic<int> chunks_active{0};

  double Seconds() const;
  // True while rows of the table are being copied: a chunked table while
  // this process has a chunk of it in hand, another while it is running.
  bool Copying() const;
  // True when every chunk of the table was done before this process began.
  bool DoneEarlier() const { return chunks_total > 0 && chunks_done_before >= chunks_total; }
};

struct RunStats {
  std::vector<std::unique_ptr<TableStats>> tables;  // in plan order
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  TableStats& Add(std::string source_name, std::string target_name, int64_t estimated_rows);
};

struct RunProgress;  // ferry/run_store.h

// Before a chunked run's workers start: each table's chunks, and those done
// so far with their rows (chunks_total, chunks_done_before, rows_done_before,
// by table_no); tables with every chunk done are kDone. With
// `recorded_estimates`, the row estimates the run recorded become the totals.
void NoteChunksDoneBefore(const RunProgress& progress, bool recorded_estimates, RunStats* stats);
// After a chunked run failed: tables whose every chunk is done are kDone.
void MarkTablesFinished(const RunProgress& progress, RunStats* stats);

int64_t SteadyNowNs();

}  // namespace ferry

#endif  // FERRY_PIPELINE_RUN_STATS_H_
