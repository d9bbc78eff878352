// KnownRejects: the rows a `ferry copy --on-error skip` set aside, read back
// from its rejects folder, so that `ferry verify --accept-rejects` can take
// them as known instead of reporting every such table as different.
//
// A rejected row is known by its table (the file's name: <target table>.ndjson,
// or <target table>.<chunk>.ndjson for a chunked copy) and its "key" field,
// the primary key as the copy described it ("id=5"). On the source side,
// verify leaves out each row whose key was set aside (counted as accepted),
// so what stays must then equal the target exactly: a row set aside that is
// in the target anyway, or a rejection the copy did not record, still differs.
// Tables without a primary key have no keys to match: their rejections count
// as differences.
#ifndef FERRY_VERIFY_KNOWN_REJECTS_H_
#define FERRY_VERIFY_KNOWN_REJECTS_H_

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "ferry/schema.h"
#include "ferry/status.h"
#include "ferry/value.h"
#include "verify/verify_runner.h"

namespace ferry {

// How the copy described a source row's key in its rejects records.
using RowKeyText = std::function<std::string(const TableSchema& source, const Value* row)>;

class KnownRejects {
 public:
  // Reads every rejects file in `dir`. NotFound when `dir` is not a folder;
  // Corruption naming the file and line when a record has no "key".
  static Result<KnownRejects> Load(const std::filesystem::path& dir);

  // The keys set aside for `target_table`, or null when none were.
  const std::set<std::string>* KeysOf(const std::string& target_table) const;
  // Records read, over every table.
  int64_t records() const { return records_; }

 private:
  std::map<std::string, std::set<std::string>> keys_;  // by target table
  int64_t records_ = 0;
};

// `make` with each table's transform refusing, before converting it, every
// source row whose key `known` holds for the table, as Rejection::kKnown.
// `known` must outlive the result.
VerifyTransformFactory AcceptKnownRejects(VerifyTransformFactory make, const KnownRejects* known,
                                          RowKeyText key_text);

}  // namespace ferry

#endif  // FERRY_VERIFY_KNOWN_REJECTS_H_
