#include "ferry/run_store.h"

namespace ferry {

int64_t RunProgress::chunks_total() const {
  int64_t total = 0;
  for (const TableProgress& t : tables) total += t.chunks_total;
  return total;
}

int64_t RunProgress::chunks_done() const {
  int64_t done = 0;
  for (const TableProgress& t : tables) done += t.chunks_done;
  return done;
}

int64_t RunProgress::rows_done() const {
  int64_t rows = 0;
  for (const TableProgress& t : tables) rows += t.rows_done;
  return rows;
}

void SetWorkerState(std::chrono::seconds claim_timeout, WorkerRecord* w) {
  if (w->exited) {
    w->state = "exited";
  } else if (w->heartbeat_age_seconds > static_cast<double>(claim_timeout.count())) {
    w->state = "stale";
    w->why =
        "no heartbeat for " + std::to_string(static_cast<int64_t>(w->heartbeat_age_seconds)) + " s";
  } else {
    w->state = "live";
  }
}

}  // namespace ferry
