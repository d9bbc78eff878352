// Rejected rows: how a bad row is named in messages, and the NDJSON file that
// `--on-error skip` writes them to.
#ifndef FERRY_PIPELINE_REJECTS_H_
#define FERRY_PIPELINE_REJECTS_H_

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "ferry/run_store.h"
#include "ferry/schema.h"
#include "ferry/status.h"
#include "ferry/value.h"
#include "mapping/plan.h"

namespace ferry {

// "AlbumId=5" / "a=1, b='x'" from the table's primary key, or "row 17"
// (1-based position in the read order) when it has none.
std::string DescribeRowKey(const TableSchema& table, const Value* row, int64_t row_number);

// One table's reject file: each rejected source row as one JSON line
//   {"table":"t","key":"id=5","column":"c","reason":"...","row":{"c":...}}
// The file is replaced when the first row of a run is rejected, and absent
// when none is. Not thread-safe: one table job writes it.
class RejectFile {
 public:
  explicit RejectFile(std::filesystem::path path) : path_(std::move(path)) {}

  // Removes a file left by an earlier run, so the file says only this run's rejects.
  Status RemoveStale();
  // Writes one rejected source row; the file is created (or emptied) by the first write.
  Status Write(const TableSchema& table, const Value* row, std::string_view key,
               std::string_view column, std::string_view reason);
  // A row the target took out again after it was copied (a duplicate key
  // found when the key was built): `row_json` is the row as a JSON object.
  Status WriteJson(std::string_view table, std::string_view key, std::string_view reason,
                   std::string_view row_json);
  Status Close();
  const std::filesystem::path& path() const { return path_; }

 private:
  Status Open();

  std::filesystem::path path_;
  std::ofstream out_;
  std::string line_;  // reused for every row
};

// --on-error skip for the rows RunStore::AddKeys takes out (a repeated key):
// a sink that writes them to <dir>/<target table>.duplicates.ndjson and
// counts them per table (plan index) into *removed. Each sink starts its
// files afresh, so a key build retried after a lost connection lists each
// row once. `plan` and `removed` must outlive it; call from one thread.
DuplicateSink DuplicateRejects(const Plan& plan, const std::filesystem::path& dir,
                               std::map<int, int64_t>* removed);

}  // namespace ferry

#endif  // FERRY_PIPELINE_REJECTS_H_
