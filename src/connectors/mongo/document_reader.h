// DocumentReader: the one shape in which the three document sources (live
// MongoDB, mongodump files, NDJSON/mongoexport files) hand out records.
//
//   while (reader->Next()) {
//     if (reader->document() != nullptr) ... else ... reader->error() ...
//   }
//   if (!reader->status().ok()) ...   // the stream itself broke (truncated file, lost server)
//
// A record that cannot be read (a bad JSON line) is not fatal: it is a record
// whose document is null and whose error() says where and why, so the copy can
// reject it and go on. Not thread-safe.
#ifndef FERRY_CONNECTORS_MONGO_DOCUMENT_READER_H_
#define FERRY_CONNECTORS_MONGO_DOCUMENT_READER_H_

#include <bson/bson.h>

#include <memory>
#include <string>
#include <string_view>

#include "ferry/source.h"
#include "ferry/status.h"

namespace ferry {

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  // Advances to the next record. False at the end, or when the stream broke (status()).
  virtual bool Next() = 0;
  // The current document (valid until the next Next()), or nullptr for an unreadable record.
  virtual const bson_t* document() const = 0;
  // For an unreadable record: where and why ("line 12: ...").
  virtual const std::string& error() const = 0;
  // For an unreadable record: its text as read (at most kMaxRawRecordBytes and a
  // marker when cut), for the rejects file; empty when the source has none.
  virtual std::string_view raw_record() const { return {}; }
  virtual Status status() const = 0;
};

inline constexpr size_t kMaxRawRecordBytes = 64 << 10;

// `text` cut to kMaxRawRecordBytes (at a UTF-8 character boundary) with a marker
// saying how long it was: "...[cut: 70000 bytes in all]".
std::string BoundedRawRecord(std::string_view text);

// Adapts a DocumentReader to a BatchReader of document rows (core/document_row.h).
// A batch ends at `max_rows` rows or about 64 MB of documents, whichever comes first.
std::unique_ptr<BatchReader> NewDocumentBatchReader(std::unique_ptr<DocumentReader> reader);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_DOCUMENT_READER_H_
