// JsonChecker: is this text a JSON document PostgreSQL's jsonb accepts?
//
// Parses with simdjson into a reused, padded buffer, so checking allocates only
// when a document is larger than any before. Not thread-safe: one per thread.
#ifndef FERRY_MAPPING_JSON_CHECK_H_
#define FERRY_MAPPING_JSON_CHECK_H_

#include <memory>
#include <string>
#include <string_view>

namespace ferry {

class JsonChecker {
 public:
  JsonChecker();
  ~JsonChecker();
  JsonChecker(JsonChecker&&) noexcept;
  JsonChecker& operator=(JsonChecker&&) noexcept;

  // True when `text` is one valid JSON value (any type) without the escape
  // \u0000, which jsonb refuses; otherwise false with the reason (simdjson's).
  bool Check(std::string_view text, std::string* reason);

  // Only the \u0000 part of Check, for callers that parse the text anyway
  // (JsonCanonicalizer refuses what Check's parse refuses).
  static bool JsonbCanHold(std::string_view text, std::string* reason);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry

#endif  // FERRY_MAPPING_JSON_CHECK_H_
