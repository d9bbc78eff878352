// Splits the byte stream of COPY … TO STDOUT (FORMAT binary) into tuples.
//
// The stream is: the 11-byte signature "PGCOPY\n\377\r\n\0", int32 flags, int32
// header-extension length and extension; then per tuple an int16 field count
// and per field an int32 length (-1 for null) and the bytes; then int16 -1.
// libpq delivers it in CopyData messages without decoding it (hence this file).
// Messages need not align with tuples: bytes of an incomplete tuple are kept
// until the next Feed().
//
// Not thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_COPY_BINARY_PARSER_H_
#define FERRY_CONNECTORS_POSTGRES_PG_COPY_BINARY_PARSER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/status.h"

namespace ferry {

class PgCopyBinaryParser {
 public:
  // Appends the next bytes of the stream. Views returned by NextTuple stay valid
  // until the next Feed().
  void Feed(std::string_view bytes);

  // Fills *fields with the next complete tuple (nullopt for null fields) and
  // returns true; returns false when no complete tuple is buffered (feed more) or
  // the trailer was reached (see done()). Corruption on a malformed stream.
  Result<bool> NextTuple(std::vector<std::optional<std::string_view>>* fields);

  // The bytes of fields [0, n) of the tuple NextTuple gave last (each an int32
  // length and the value, as the stream has them), without the field count:
  // with an int16 count before them, a tuple of its own. Valid until the next
  // Feed(). REQUIRES: n <= that tuple's field count.
  std::string_view TupleFields(size_t n) const {
    return std::string_view(tuple_ + 2, field_ends_[n] - 2);
  }

  // True once the trailer has been read.
  bool done() const { return done_; }
  // True when bytes are buffered that do not form a whole tuple yet.
  bool HasPartialData() const { return pos_ < buffer_.size(); }

 private:
  Result<bool> ReadHeader();

  std::string buffer_;
  size_t pos_ = 0;
  const char* tuple_ = nullptr;     // the last tuple given
  std::vector<size_t> field_ends_;  // [i]: offset in it past field i-1 ([0] = 2)
  bool header_read_ = false;
  bool done_ = false;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_COPY_BINARY_PARSER_H_
