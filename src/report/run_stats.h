// RunStats: what a copy has done so far, table by table.
//
// The pipeline's threads update the counters (relaxed atomics: each counter is
// written by one thread); the progress printer and the summary read them from
// others. Names, totals and the final state are set before a table starts or
// after it ends, under the owning job's thread, and read after the run.
#ifndef FERRY_REPORT_RUN_STATS_H_
#define FERRY_REPORT_RUN_STATS_H_

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

  double Seconds() const;
};

struct RunStats {
  std::vector<std::unique_ptr<TableStats>> tables;  // in plan order
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  TableStats& Add(std::string source_name, std::string target_name, int64_t estimated_rows);
};

int64_t SteadyNowNs();

}  // namespace ferry

#endif  // FERRY_REPORT_RUN_STATS_H_
