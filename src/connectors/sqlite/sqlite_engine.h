// SQLite's engine: a source read in one read transaction, and for a resumable
// run from a snapshot file taken in it (sqlite_snapshot.h says why that and
// not a read transaction, a WAL snapshot handle or VACUUM INTO). The file is
// written beside the source by default (in the temporary directory when the
// source's folder is not writable) as ".<name>.ferry-<run id>-<pid>.snapshot":
// named by the process that took it, so two processes starting one run at
// once never write or delete each other's file; the run records the one it uses.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_ENGINE_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_ENGINE_H_

#include "ferry/engine.h"

namespace ferry {

const Engine& SqliteEngine();

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_ENGINE_H_
