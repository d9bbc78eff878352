// PgCopyStream: the bytes of one COPY … FROM STDIN (FORMAT binary), framed
// and sent in pieces.
//
// A stream is the 19-byte header, then tuples, then the int16 -1 trailer
// (pg_copy_encoder.h). Tuples are either encoded in place into buffer()
// (PgCopyEncoder::AppendRow) or raw tuples a PostgreSQL source sent
// (pg_raw_rows.h), appended as they are once their framing is checked. What is
// buffered goes to `send` (PgConnection::PutCopyData) whenever it passes
// `flush_bytes`, so memory stays flat. Not thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_COPY_STREAM_H_
#define FERRY_CONNECTORS_POSTGRES_PG_COPY_STREAM_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "ferry/status.h"

namespace ferry {

class PgCopyStream {
 public:
  using Send = std::function<Status(std::string_view bytes)>;

  PgCopyStream(Send send, size_t flush_bytes) : send_(std::move(send)), flush_bytes_(flush_bytes) {}

  // Begins a stream: drops anything buffered, then buffers the header.
  void Start();
  // Where an encoder appends a tuple; call Flush() after each.
  std::string* buffer() { return &buffer_; }
  // Sends what is buffered once it holds flush_bytes or more.
  Status Flush();
  // Appends `tuple` (an int16 field count, then per field an int32 length,
  // -1 for NULL, and that many bytes) as it is; call Flush() after. Corruption,
  // and nothing appended, when it is not exactly one tuple of `fields` fields.
  Status AppendRawTuple(std::string_view tuple, int fields);
  // Appends the trailer and sends everything buffered.
  Status Finish();

 private:
  Send send_;
  const size_t flush_bytes_;
  std::string buffer_;
};

// Corruption unless `tuple` is exactly one binary COPY tuple of `fields` fields.
Status CheckPgTupleFraming(std::string_view tuple, int fields);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_COPY_STREAM_H_
