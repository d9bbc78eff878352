// Writing JSON text by hand for reports and reject files (no library in the
// project writes JSON; simdjson only reads it). Appends to a caller's buffer.
#ifndef FERRY_CORE_JSON_TEXT_H_
#define FERRY_CORE_JSON_TEXT_H_

#include <string>
#include <string_view>

#include "ferry/value.h"

namespace ferry {

// Appends `text` as a JSON string. Bytes that are not valid UTF-8 are written
// as \u00XX escapes of the byte (so the file stays valid JSON; the original
// bytes of such text are also in the row's "$base64" form, see AppendJsonValue).
void AppendJsonString(std::string_view text, std::string* out);

// Appends a Value: null, true/false, integers, doubles (NaN and ±Infinity as
// the strings "NaN", "Infinity", "-Infinity"), text as a string, bytes as
// {"$base64": "..."}.
void AppendJsonValue(const Value& value, std::string* out);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace ferry

#endif  // FERRY_CORE_JSON_TEXT_H_
