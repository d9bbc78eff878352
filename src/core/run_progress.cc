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

}  // namespace ferry
