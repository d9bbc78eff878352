// NdjsonReader: the documents of one NDJSON / mongoexport file (optionally .gz),
// one document per line.
//
// Lines are parsed with libbson's JSON reader, which takes Extended JSON v2 in
// its canonical and relaxed forms and the legacy mongoexport forms (`$oid`,
// `$date` as an ISO-8601 string). One legacy form libbson 1.23 refuses is an
// offset with a colon ("2009-04-01T00:00:00.000-07:00"); such lines are retried
// with the colon removed from `$date` offsets. Blank lines are skipped; a UTF-8
// byte-order mark at the start of the file is ignored.
//
// A line that does not parse, or that libbson would read as something else
// than it says (extended_json_check.h: a bad $oid, a key given twice, an array
// line...), is an unreadable record whose error() names the file, the line
// number, the field and the reason, and whose raw_record() holds the line.
#ifndef FERRY_CONNECTORS_MONGO_NDJSON_READER_H_
#define FERRY_CONNECTORS_MONGO_NDJSON_READER_H_

#include <memory>
#include <optional>
#include <string>

#include "connectors/mongo/document_reader.h"
#include "connectors/mongo/file_chunker.h"
#include "connectors/mongo/gz_input.h"
#include "core/bson_handles.h"

namespace ferry {

class NdjsonReader : public DocumentReader {
 public:
  // Reads the lines that start in `range` (file_chunker.h), numbered from
  // range.records_before + 1. REQUIRES: range.begin is 0 or the start of a line.
  static Result<std::unique_ptr<NdjsonReader>> Open(const std::string& path,
                                                    const FileRange& range = {});

  bool Next() override;
  const bson_t* document() const override { return document_.get(); }
  const std::string& error() const override { return error_; }
  std::string_view raw_record() const override { return raw_; }
  Status status() const override { return status_; }

  // The number of the line last read (1-based).
  int64_t line_number() const { return line_number_; }

 private:
  NdjsonReader(GzInput input, const FileRange& range)
      : input_(std::move(input)),
        buffer_offset_(range.begin),
        end_(range.end),
        line_number_(range.records_before) {}
  // Sets *line to the next line (without its end of line); false at the end or on error.
  bool ReadLine(std::string_view* line);
  void Parse(std::string_view line);
  void SetUnreadable(std::string_view line, std::string_view reason);

  GzInput input_;
  std::string buffer_;
  size_t start_ = 0;             // where the next line begins in buffer_
  uint64_t buffer_offset_;       // the file offset of buffer_[0]
  std::optional<uint64_t> end_;  // lines starting here or later belong to the next chunk
  bool eof_ = false;
  int64_t line_number_;
  BsonHandle document_;
  std::string error_;
  std::string raw_;  // the unreadable line, bounded
  Status status_;
};

// `text` with the colon removed from the offsets of `$date` strings
// ("...-07:00" → "...-0700"), the form libbson parses.
std::string StripDateOffsetColons(std::string_view text);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_NDJSON_READER_H_
