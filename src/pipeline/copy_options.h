// Options of one copy (ferry copy's flags, after parsing).
#ifndef FERRY_PIPELINE_COPY_OPTIONS_H_
#define FERRY_PIPELINE_COPY_OPTIONS_H_

#include <cstddef>
#include <filesystem>

#include "ferry/target.h"

namespace ferry {

enum class OnError {
  kStop,  // stop at the first bad row; every table job of the run rolls back
  kSkip,  // write the row and its reason to the rejects file, count it, go on
};

struct CopyOptions {
  WriteMode mode = WriteMode::kCreate;
  OnError on_error = OnError::kStop;
  int jobs = 1;                                   // tables copied at once
  int index_jobs = 0;  // indexes built at once from the source's own schema (0: the cores)
  bool no_owner = false;  // the source's own schema without owners (pg_dump --no-owner)
  bool no_acl = false;    // ... and without grants (pg_dump --no-acl)
  std::filesystem::path rejects_dir = "rejects";  // kSkip: <dir>/<source table>.ndjson
  size_t batch_rows = 2048;                       // rows per batch
  size_t queue_batches = 4;                       // batches between a reader and its writer
};

}  // namespace ferry

#endif  // FERRY_PIPELINE_COPY_OPTIONS_H_
