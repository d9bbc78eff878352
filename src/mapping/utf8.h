// UTF-8 checks for text bound for PostgreSQL (which refuses invalid UTF-8 and NUL).
#ifndef FERRY_MAPPING_UTF8_H_
#define FERRY_MAPPING_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ferry {

// Returns the byte offset of the first byte that is not part of valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF are invalid), or
// npos when `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

// Number of code points in valid UTF-8 `text` (what varchar(n) counts).
size_t CountUtf8Chars(std::string_view text);

// Largest prefix length <= max_bytes that does not split a UTF-8 sequence.
size_t Utf8PrefixLength(std::string_view text, size_t max_bytes);

// `text` quoted for an error message: single quotes around at most 40 bytes,
// "..." when cut, and '?' for control characters and bytes that are not valid
// UTF-8, so that messages are always printable UTF-8.
std::string PreviewText(std::string_view text);

}  // namespace ferry

#endif  // FERRY_MAPPING_UTF8_H_
