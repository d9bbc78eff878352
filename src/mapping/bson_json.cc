#include "mapping/bson_json.h"

#include <charconv>
#include <cmath>
#include <string_view>

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

bool AppendElements(bson_iter_t* child, bool is_array, std::string* out);

bool AppendChildren(const bson_iter_t* it, bool is_array, std::string* out) {
  bson_iter_t child;
  return bson_iter_recurse(it, &child) && AppendElements(&child, is_array, out);
}

bool AppendElements(bson_iter_t* child_iter, bool is_array, std::string* out) {
  bson_iter_t& child = *child_iter;
  out->push_back(is_array ? '[' : '{');
  bool first = true;
  while (bson_iter_next(&child)) {
    if (!first) out->push_back(',');
    first = false;
    if (!is_array) {
      if (!AppendString(bson_iter_key(&child), bson_iter_key_len(&child), out)) return false;
      out->push_back(':');
    }
    if (!AppendBsonValueJson(&child, out)) return false;
  }
  out->push_back(is_array ? ']' : '}');
  return true;
}

}  // namespace

bool AppendBsonValueJson(const bson_iter_t* it, std::string* out) {
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
      return AppendChildren(it, false, out);
    case BSON_TYPE_ARRAY:
      return AppendChildren(it, true, out);
    default:
      return AppendLibbsonJson(it, out);
  }
}

bool AppendBsonDocumentJson(const bson_t* doc, bool is_array, std::string* out) {
  bson_iter_t child;
  return bson_iter_init(&child, doc) && AppendElements(&child, is_array, out);
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
