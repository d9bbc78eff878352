#include "verify/canonical_json.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "verify/canonical_decimal.h"

namespace ferry {
namespace {

namespace od = simdjson::ondemand;

void AppendLength(uint64_t n, std::string* out) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(n >> (8 * i));
  out->append(bytes, 8);
}

void AppendString(char tag, std::string_view s, std::string* out) {
  out->push_back(tag);
  AppendLength(s.size(), out);
  out->append(s);
}

std::string_view TrimToken(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

simdjson::error_code AppendNumber(std::string_view token, std::string* out) {
  std::string canonical;
  if (!AppendCanonicalDecimal(TrimToken(token), &canonical)) return simdjson::NUMBER_ERROR;
  AppendString('n', canonical, out);
  return simdjson::SUCCESS;
}

simdjson::error_code AppendValue(od::value value, std::string* out);

// Overwrites the 8 length bytes at `at` (written by AppendLength) with `n`.
void PatchLength(size_t at, uint64_t n, std::string* out) {
  for (int i = 0; i < 8; ++i) (*out)[at + i] = static_cast<char>(n >> (8 * i));
}

// An object member already encoded into the output: its key (a view into the
// parser's string buffer, valid for the whole document) and where its
// encoding (key length, key, value) lies.
struct Member {
  std::string_view key;
  size_t begin = 0;
  size_t end = 0;
};

// Reused between objects so that hashing millions of documents does not
// allocate per member: one member list per nesting depth, one sort buffer.
struct ObjectScratch {
  std::deque<std::vector<Member>> members_by_depth;  // stable references as it grows
  size_t depth = 0;
  std::string sorted;
};
thread_local ObjectScratch scratch;

// Members are encoded in input order straight into *out; only an object whose
// keys are not already strictly ascending is rearranged (sorted by key, and
// for a repeated key the last value kept).
simdjson::error_code AppendObject(od::object object, std::string* out) {
  if (scratch.members_by_depth.size() <= scratch.depth) scratch.members_by_depth.emplace_back();
  std::vector<Member>& members = scratch.members_by_depth[scratch.depth];
  members.clear();
  const size_t start = out->size();
  out->push_back('o');
  AppendLength(0, out);  // the member count, patched below
  bool ascending = true;
  ++scratch.depth;
  for (auto field : object) {
    std::string_view key;
    simdjson::error_code error = field.unescaped_key().get(key);
    Member member{key, out->size(), 0};
    if (!error) {
      AppendLength(key.size(), out);
      out->append(key);
      error = AppendValue(field.value(), out);
    }
    if (error) {
      --scratch.depth;
      return error;
    }
    member.end = out->size();
    if (!members.empty() && !(members.back().key < key)) ascending = false;
    members.push_back(member);
  }
  --scratch.depth;
  if (ascending) {
    PatchLength(start + 1, members.size(), out);
    return simdjson::SUCCESS;
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.key < b.key; });
  std::string& sorted = scratch.sorted;
  sorted.clear();
  uint64_t kept = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].key == members[i].key) continue;
    sorted.append(*out, members[i].begin, members[i].end - members[i].begin);
    ++kept;
  }
  out->resize(start + 1);
  AppendLength(kept, out);
  out->append(sorted);
  return simdjson::SUCCESS;
}

simdjson::error_code AppendArray(od::array array, std::string* out) {
  out->push_back('a');
  const size_t count_at = out->size();
  AppendLength(0, out);  // the item count, patched below
  uint64_t count = 0;
  for (auto element : array) {
    od::value item;
    if (auto error = element.get(item)) return error;
    if (auto error = AppendValue(item, out)) return error;
    ++count;
  }
  PatchLength(count_at, count, out);
  return simdjson::SUCCESS;
}

// One function for od::value and od::document, which share these accessors.
template <typename Node>
simdjson::error_code AppendNode(Node& node, std::string* out) {
  od::json_type type;
  if (auto error = node.type().get(type)) return error;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto error = node.get_object().get(object)) return error;
      return AppendObject(object, out);
    }
    case od::json_type::array: {
      od::array array;
      if (auto error = node.get_array().get(array)) return error;
      return AppendArray(array, out);
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto error = node.get_string().get(s)) return error;
      AppendString('s', s, out);
      return simdjson::SUCCESS;
    }
    case od::json_type::number:
      return AppendNumber(node.raw_json_token(), out);
    case od::json_type::boolean: {
      bool b = false;
      if (auto error = node.get_bool().get(b)) return error;
      out->push_back(b ? 'T' : 'F');
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto error = node.is_null().get(is_null)) return error;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      out->push_back('N');
      return simdjson::SUCCESS;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

simdjson::error_code AppendValue(od::value value, std::string* out) {
  return AppendNode(value, out);
}

// True when something follows the root value (e.g. "[1] 2" or "1 2").
bool HasTrailingContent(od::document& document, std::string_view text, char root_tag) {
  if (root_tag == 'o' || root_tag == 'a') {
    const char* rest = nullptr;
    return document.current_location().get(rest) == simdjson::SUCCESS;
  }
  // A scalar root's token is the whole text, but for surrounding whitespace.
  std::string_view token;
  if (document.raw_json_token().get(token)) return true;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' ||
                           text.front() == '\t')) {
    text.remove_prefix(1);
  }
  return TrimToken(token) != TrimToken(text);
}

}  // namespace

Status JsonCanonicalizer::Append(std::string_view text, std::string* out) {
  padded_.assign(text);
  padded_.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  size_t start = out->size();
  od::document document;
  auto error = parser_.iterate(padded_.data(), text.size(), padded_.size()).get(document);
  if (!error) error = AppendNode(document, out);
  if (!error && HasTrailingContent(document, text, (*out)[start])) {
    error = simdjson::TRAILING_CONTENT;
  }
  if (error) {
    return Status::DataError(std::string("not valid JSON (") + simdjson::error_message(error) +
                             ")");
  }
  return Status::OK();
}

}  // namespace ferry
