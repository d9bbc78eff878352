#include "mapping/json_check.h"

#include <simdjson.h>

#include <cstring>

namespace ferry {

struct JsonChecker::Impl {
  simdjson::dom::parser parser;
  std::string buffer;  // the document followed by SIMDJSON_PADDING bytes
};

JsonChecker::JsonChecker() : impl_(std::make_unique<Impl>()) {}
JsonChecker::~JsonChecker() = default;
JsonChecker::JsonChecker(JsonChecker&&) noexcept = default;
JsonChecker& JsonChecker::operator=(JsonChecker&&) noexcept = default;

bool JsonChecker::Check(std::string_view text, std::string* reason) {
  std::string& buffer = impl_->buffer;
  if (buffer.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    buffer.resize(text.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(buffer.data(), text.data(), text.size());
  simdjson::dom::element root;
  auto error = impl_->parser.parse(buffer.data(), text.size(), false).get(root);
  if (error != simdjson::SUCCESS) {
    *reason = std::string("not valid JSON: ") + simdjson::error_message(error);
    return false;
  }
  return JsonbCanHold(text, reason);
}

bool JsonChecker::JsonbCanHold(std::string_view text, std::string* reason) {
  // jsonb cannot hold U+0000 in a string; simdjson accepts it.
  if (text.find("\\u0000") != std::string_view::npos) {
    *reason = "JSON with the escape \\u0000, which PostgreSQL jsonb cannot hold";
    return false;
  }
  return true;
}

}  // namespace ferry
