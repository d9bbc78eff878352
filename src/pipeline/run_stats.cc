#include "pipeline/run_stats.h"

#include "ferry/run_store.h"

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

namespace {

TableStats* StatsOf(const TableProgress& table, RunStats* stats) {
  if (table.table_no < 0 || static_cast<size_t>(table.table_no) >= stats->tables.size()) {
    return nullptr;
  }
  return stats->tables[table.table_no].get();
}

}  // namespace

void NoteChunksDoneBefore(const RunProgress& progress, bool recorded_estimates, RunStats* stats) {
  for (const TableProgress& t : progress.tables) {
    TableStats* table = StatsOf(t, stats);
    if (table == nullptr) continue;
    table->chunks_total = t.chunks_total;
    table->chunks_done_before = t.chunks_done;
    table->rows_done_before = t.rows_done;
    if (recorded_estimates && t.estimated_rows >= 0) table->estimated_rows = t.estimated_rows;
    if (table->DoneEarlier()) table->state = TableState::kDone;
  }
}

void MarkTablesFinished(const RunProgress& progress, RunStats* stats) {
  for (const TableProgress& t : progress.tables) {
    TableStats* table = StatsOf(t, stats);
    if (table != nullptr && t.chunks_total > 0 && t.chunks_done == t.chunks_total) {
      table->state = TableState::kDone;
    }
  }
}

}  // namespace ferry
