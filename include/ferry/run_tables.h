// RunTables: what only the target can do to the tables of a run: build the
// keys a run leaves out while it loads, and tell, without reading a column
// value, whether a table still holds exactly what the run's chunks committed
// (for verify). Readying the tables for --mode is the target's too, but it
// happens in the transaction that records the run (RunStore::CreateRun), and
// in a chunk's own writer for whole-table chunks; both use the connector's
// one implementation of each mode.
//
// Thread-safety: every method may be called from several threads.
#ifndef FERRY_RUN_TABLES_H_
#define FERRY_RUN_TABLES_H_

#include <functional>
#include <string>
#include <vector>

#include "ferry/run_catalog.h"
#include "ferry/schema.h"
#include "ferry/status.h"
#include "ferry/target.h"

namespace ferry {

// Whether a target table holds exactly the rows its run's chunks committed.
struct UnchangedCheck {
  bool unchanged = false;
  std::string reason;  // when not: what was found, for a person ("3 rows written since ...")
  // False when the target cannot tell (SQLite keeps no row versions): not
  // unchanged, but not known to have changed either.
  bool known = true;
};

// A table whose keys AddKeys builds: its number in the run and its schema.
struct KeyTable {
  int table_no = 0;
  TableSchema schema;
};

// A row AddKeys took out of a copied table (--on-error skip) because an
// earlier row of the table holds the same key value.
struct RemovedDuplicate {
  int table_no = 0;
  std::string key;       // "id=5"
  std::string reason;    // names the row kept and where both came from
  std::string row_json;  // the row taken out: a JSON object of its target columns
};
// Takes the rows AddKeys removes from one table, before its transaction commits.
using DuplicateSink = std::function<Status(const std::vector<RemovedDuplicate>& rows)>;

class RunTables {
 public:
  virtual ~RunTables() = default;

  // After a table's last chunk (and again in the finish step, before indexes
  // and foreign keys): adds the primary and unique keys that CreateRun leaves
  // out for --mode create and replace (one sorted index build instead of an
  // index insert per row), in one transaction on a connection of its own, so
  // workers go on claiming chunks meanwhile. Tables that have their keys
  // already are left alone (checked under the table's lock), so callers that
  // race, and a resumed finish, add each key once.
  // When rows share a key value (a source that did not enforce its key):
  // without `reject_duplicates`, DataError naming the table, key values and
  // the chunks their rows came from, and nothing changes; with it, every row
  // but the first of each key value (first by chunk, then by place) is taken
  // out of the table and handed to it, and the key is built.
  virtual Status AddKeys(const std::string& run_id, const std::vector<KeyTable>& tables,
                         WriteMode mode, const DuplicateSink& reject_duplicates) = 0;
  // Whether target table `table.target_name` (in the store's schema) still
  // holds exactly the rows `table`'s chunks committed, and nothing else,
  // judged from row versions only, without reading a column value.
  virtual Result<UnchangedCheck> CheckUnchanged(const DoneTable& table) = 0;
};

}  // namespace ferry

#endif  // FERRY_RUN_TABLES_H_
