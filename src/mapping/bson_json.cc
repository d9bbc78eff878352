#include "mapping/bson_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

#include "core/bson_handles.h"
#include "core/json_text.h"

namespace ferry {
namespace {

// libbson renders documents only: wrap the value as { "": value } and cut the wrapper.
bool AppendLibbsonJson(const bson_iter_t* it, std::string* out) {
  bson_t wrapper = BSON_INITIALIZER;
  bool ok = bson_append_iter(&wrapper, "", 0, it);
  size_t length = 0;
  BsonString json(ok ? bson_as_relaxed_extended_json(&wrapper, &length) : nullptr);
  bson_destroy(&wrapper);
  constexpr std::string_view kPrefix = "{ \"\" : ";
  constexpr std::string_view kSuffix = " }";
  std::string_view text(json ? json.get() : "", json ? length : 0);
  if (!text.starts_with(kPrefix) || !text.ends_with(kSuffix)) return false;
  out->append(text.substr(kPrefix.size(), text.size() - kPrefix.size() - kSuffix.size()));
  return true;
}

void AppendDouble(double d, std::string* out) {
  if (!std::isfinite(d)) {
    out->append(R"({"$numberDouble":")")
        .append(std::isnan(d) ? "NaN"
                : d > 0       ? "Infinity"
                              : "-Infinity")
        .append("\"}");
    return;
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  std::string_view text(buffer, end - buffer);
  out->append(text);
  if (text.find_first_of(".e") == std::string_view::npos) out->append(".0");
}

bool AppendString(const char* s, uint32_t length, std::string* out) {
  if (!bson_utf8_validate(s, length, true)) return false;
  AppendJsonString(std::string_view(s, length), out);
  return true;
}

// False when the keys after `it` (a copy, before the first key) repeat one.
bool KeysAreUnique(bson_iter_t it) {
  constexpr size_t kFew = 16;
  std::string_view few[kFew];
  size_t n = 0;
  std::vector<std::string_view> many;
  while (bson_iter_next(&it)) {
    std::string_view key(bson_iter_key(&it), bson_iter_key_len(&it));
    if (n < kFew) {
      for (size_t i = 0; i < n; ++i) {
        if (few[i] == key) return false;
      }
      few[n++] = key;
      continue;
    }
    if (many.empty()) many.assign(few, few + kFew);
    many.push_back(key);
  }
  std::sort(many.begin(), many.end());
  return std::adjacent_find(many.begin(), many.end()) == many.end();
}

bool AppendValue(const bson_iter_t* it, bool strict, std::string* out);
bool AppendElements(bson_iter_t* child, bool is_array, bool strict, std::string* out);

bool AppendChildren(const bson_iter_t* it, bool is_array, bool strict, std::string* out) {
  bson_iter_t child;
  return bson_iter_recurse(it, &child) && AppendElements(&child, is_array, strict, out);
}

bool AppendElements(bson_iter_t* child_iter, bool is_array, bool strict, std::string* out) {
  bson_iter_t& child = *child_iter;
  if (strict && !is_array && !KeysAreUnique(child)) return false;
  out->push_back(is_array ? '[' : '{');
  bool first = true;
  while (bson_iter_next(&child)) {
    if (!first) out->push_back(',');
    first = false;
    if (!is_array) {
      if (!AppendString(bson_iter_key(&child), bson_iter_key_len(&child), out)) return false;
      out->push_back(':');
    }
    if (!AppendValue(&child, strict, out)) return false;
  }
  out->push_back(is_array ? ']' : '}');
  return true;
}

bool AppendValue(const bson_iter_t* it, bool strict, std::string* out) {
  switch (bson_iter_type(it)) {
    case BSON_TYPE_DOUBLE:
      AppendDouble(bson_iter_double(it), out);
      return true;
    case BSON_TYPE_INT32:
      out->append(std::to_string(bson_iter_int32(it)));
      return true;
    case BSON_TYPE_INT64:
      out->append(std::to_string(bson_iter_int64(it)));
      return true;
    case BSON_TYPE_BOOL:
      out->append(bson_iter_bool(it) ? "true" : "false");
      return true;
    case BSON_TYPE_NULL:
      out->append("null");
      return true;
    case BSON_TYPE_UTF8: {
      uint32_t length = 0;
      const char* s = bson_iter_utf8(it, &length);
      return AppendString(s, length, out);
    }
    case BSON_TYPE_DOCUMENT:
      return AppendChildren(it, false, strict, out);
    case BSON_TYPE_ARRAY:
      return AppendChildren(it, true, strict, out);
    default:
      return AppendLibbsonJson(it, out);
  }
}

}  // namespace

bool AppendBsonValueJson(const bson_iter_t* it, std::string* out) {
  return AppendValue(it, /*strict=*/true, out);
}

bool AppendBsonDocumentJson(const bson_t* doc, bool is_array, std::string* out) {
  bson_iter_t child;
  return bson_iter_init(&child, doc) && AppendElements(&child, is_array, /*strict=*/true, out);
}

bool AppendBsonDocumentJsonAsIs(const bson_t* doc, std::string* out) {
  bson_iter_t child;
  return bson_iter_init(&child, doc) && AppendElements(&child, false, /*strict=*/false, out);
}

bool BsonValueToJson(const bson_iter_t* it, std::string* out) {
  out->clear();
  return AppendBsonValueJson(it, out);
}

bool BsonDocumentToJson(const bson_t* doc, std::string* out) {
  out->clear();
  return AppendBsonDocumentJson(doc, false, out);
}

}  // namespace ferry
