// What a resumable copy holds on to for a document source (mongo_engine.h
// dispatches here for mongodb://, mongodump:, ndjson: and mongoexport:).
//
// Files (a mongodump folder, NDJSON / mongoexport files) are read in place,
// not copied: a finished dump or export does not change. Their state (size
// and modification time of every file the source reads) is recorded with the
// run; a resumed or joined run compares it, and a change is reported (the
// chunks done read the old files, and byte-offset chunks would no longer start
// at records, so the run cannot go on).
//
// A live MongoDB server gives no snapshot that outlives a crash (a snapshot
// read concern lives minutes at most), so the run has no state to compare and
// its note says so plainly.
#ifndef FERRY_CONNECTORS_MONGO_DOCUMENT_SNAPSHOT_H_
#define FERRY_CONNECTORS_MONGO_DOCUMENT_SNAPSHOT_H_

#include <string>

#include "ferry/endpoint.h"
#include "ferry/engine.h"

namespace ferry {

// "mongodump:/absolute/dir", "ndjson:/absolute/path"; the redacted URL for mongodb://.
std::string DocumentSourceIdentity(const Endpoint& source);

// Records the state of the files `source` reads (nothing for a live server).
// REQUIRES: ReadsDocuments(source).
Result<SourceSnapshot> TakeDocumentSnapshot(const Endpoint& source);

// "" when every file is as `snapshot` recorded; otherwise a sentence naming
// the files that changed, appeared or disappeared.
Result<std::string> DescribeDocumentChange(const Endpoint& source, const SourceSnapshot& snapshot);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_DOCUMENT_SNAPSHOT_H_
