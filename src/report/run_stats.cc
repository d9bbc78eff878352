#include "report/run_stats.h"

namespace ferry {

int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double TableStats::Seconds() const {
  int64_t start = started_ns.load();
  if (start == 0) return 0;
  int64_t end = finished_ns.load();
  return static_cast<double>((end == 0 ? SteadyNowNs() : end) - start) / 1e9;
}

bool TableStats::Copying() const {
  if (state.load() != TableState::kRunning) return false;
  return chunks_total < 0 || chunks_active.load() > 0;
}

TableStats& RunStats::Add(std::string source_name, std::string target_name,
                          int64_t estimated_rows) {
  auto stats = std::make_unique<TableStats>();
  stats->source_name = std::move(source_name);
  stats->target_name = std::move(target_name);
  stats->estimated_rows = estimated_rows;
  tables.push_back(std::move(stats));
  return *tables.back();
}

}  // namespace ferry
