// Canonical encoding of JSON values, so that JSON that means the same hashes the same.
//
// Object members are sorted by key (UTF-8 bytes); when a key repeats, the last
// value wins (PostgreSQL jsonb keeps the last too). Numbers are compared as
// decimals (1, 1.0 and 1e0 are equal; big numbers keep every digit); strings are
// compared after unescaping ("\u00e9" equals "é"); whitespace is ignored.
// The encoding is a length-prefixed binary form meant for hashing, not JSON.
#ifndef FERRY_DIGEST_CANONICAL_JSON_H_
#define FERRY_DIGEST_CANONICAL_JSON_H_

#include <simdjson.h>

#include <string>
#include <string_view>

#include "ferry/status.h"

namespace ferry {

// Not thread-safe: keeps a parser and a padded buffer for reuse. One per thread.
class JsonCanonicalizer {
 public:
  JsonCanonicalizer() = default;
  JsonCanonicalizer(const JsonCanonicalizer&) = delete;
  JsonCanonicalizer& operator=(const JsonCanonicalizer&) = delete;

  // Appends the canonical encoding of the JSON `text` to *out, or returns
  // DataError saying why `text` is not JSON (nothing useful is appended then).
  // Refuses what PostgreSQL's JSON parser refuses (numbers spelled as JSON
  // allows, of any size), so copy's hashing can stand in for the jsonb check.
  Status Append(std::string_view text, std::string* out);

  // The same through simdjson's On-Demand API alone, the path Append takes for
  // numbers its DOM cannot hold: for tests that compare the two.
  Status AppendOnDemand(std::string_view text, std::string* out);

 private:
  // Copies `text` into padded_, followed by the padding simdjson reads past its end.
  void Pad(std::string_view text);
  // The on-demand walk of the text in padded_.
  Status WalkOnDemand(std::string_view text, std::string* out);

  simdjson::dom::parser dom_parser_;   // first choice (see canonical_json.cc)
  simdjson::ondemand::parser parser_;  // numbers beyond the DOM's, and errors
  std::string padded_;
};

}  // namespace ferry

#endif  // FERRY_DIGEST_CANONICAL_JSON_H_
