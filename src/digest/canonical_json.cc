#include "digest/canonical_json.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "digest/canonical_bytes.h"
#include "digest/canonical_decimal.h"

namespace ferry {
namespace {

namespace od = simdjson::ondemand;

void AppendString(char tag, std::string_view s, std::string* out) {
  out->push_back(tag);
  AppendSized(s, out);
}

std::string_view TrimToken(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

// True when `token` is a number as JSON spells it: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
// (no '+', no leading zeros, digits on both sides of the point).
bool IsJsonNumber(std::string_view token) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
    return i - start;
  };
  if (i < token.size() && token[i] == '-') ++i;
  if (i < token.size() && token[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == token.size();
}

// 'n', the length, then the canonical decimal written in place. Refuses
// spellings JSON does not allow ("01", "1.", "+1"), as PostgreSQL does.
simdjson::error_code AppendNumber(std::string_view token, std::string* out) {
  token = TrimToken(token);
  if (!IsJsonNumber(token)) return simdjson::NUMBER_ERROR;
  out->push_back('n');
  const size_t length_at = BeginSized(out);
  if (!AppendCanonicalDecimal(token, out)) return simdjson::NUMBER_ERROR;
  EndSized(length_at, out);
  return simdjson::SUCCESS;
}

void AppendInteger(bool negative, uint64_t magnitude, std::string* out) {
  out->push_back('n');
  const size_t length_at = BeginSized(out);
  AppendCanonicalInteger(negative, magnitude, out);
  EndSized(length_at, out);
}

simdjson::error_code AppendValue(od::value value, std::string* out);

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

// Writes an object's header: its tag and a member count patched by FinishObject.
size_t BeginObject(std::string* out) {
  const size_t start = out->size();
  out->push_back('o');
  AppendFixed64(0, out);
  return start;
}

// The member list of the object being encoded at the current depth.
std::vector<Member>& MembersAtDepth() {
  if (scratch.members_by_depth.size() <= scratch.depth) scratch.members_by_depth.emplace_back();
  std::vector<Member>& members = scratch.members_by_depth[scratch.depth];
  members.clear();
  return members;
}

// Members were encoded in input order straight into *out after the header at
// `start`; only an object whose keys are not already strictly ascending is
// rearranged (sorted by key, and for a repeated key the last value kept).
void FinishObject(size_t start, std::vector<Member>& members, std::string* out) {
  bool ascending = true;
  for (size_t i = 1; i < members.size() && ascending; ++i) {
    ascending = members[i - 1].key < members[i].key;
  }
  if (ascending) {
    PatchFixed64(start + 1, members.size(), out);
    return;
  }
  // Stable, so that the last of repeated keys stays last. Objects in rows are
  // small: an insertion sort needs no buffer, where std::stable_sort allocates.
  auto by_key = [](const Member& a, const Member& b) { return a.key < b.key; };
  if (members.size() <= 16) {
    for (size_t i = 1; i < members.size(); ++i) {
      Member member = members[i];
      size_t j = i;
      for (; j > 0 && by_key(member, members[j - 1]); --j) members[j] = members[j - 1];
      members[j] = member;
    }
  } else {
    std::stable_sort(members.begin(), members.end(), by_key);
  }
  std::string& sorted = scratch.sorted;
  sorted.clear();
  uint64_t kept = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].key == members[i].key) continue;
    sorted.append(*out, members[i].begin, members[i].end - members[i].begin);
    ++kept;
  }
  out->resize(start + 1);
  AppendFixed64(kept, out);
  out->append(sorted);
}

// The on-demand walk: reads number tokens as written, so it takes any number
// (beyond int64 and double too). Used when the DOM parse below refuses a
// document, and to say why a document is not JSON.

simdjson::error_code AppendObject(od::object object, std::string* out) {
  std::vector<Member>& members = MembersAtDepth();
  const size_t start = BeginObject(out);
  ++scratch.depth;
  for (auto field : object) {
    std::string_view key;
    simdjson::error_code error = field.unescaped_key().get(key);
    Member member{key, out->size(), 0};
    if (!error) {
      AppendFixed64(key.size(), out);
      out->append(key);
      error = AppendValue(field.value(), out);
    }
    if (error) {
      --scratch.depth;
      return error;
    }
    member.end = out->size();
    members.push_back(member);
  }
  --scratch.depth;
  FinishObject(start, members, out);
  return simdjson::SUCCESS;
}

simdjson::error_code AppendArray(od::array array, std::string* out) {
  out->push_back('a');
  const size_t count_at = out->size();
  AppendFixed64(0, out);  // the item count, patched below
  uint64_t count = 0;
  for (auto element : array) {
    od::value item;
    if (auto error = element.get(item)) return error;
    if (auto error = AppendValue(item, out)) return error;
    ++count;
  }
  PatchFixed64(count_at, count, out);
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
  token = TrimToken(token);
  if (token != TrimToken(text)) return true;
  // On-Demand reads a root literal by its first letters ("falsee" as false).
  switch (root_tag) {
    case 'T':
      return token != "true";
    case 'F':
      return token != "false";
    case 'N':
      return token != "null";
    default:
      return false;
  }
}

// The number tokens of a valid JSON text, in document order: the DOM keeps a
// double's value but not how it was written, and "0.10000000000000001" must not
// hash like "0.1". Only used once the DOM parse has validated the text.
class NumberTokens {
 public:
  explicit NumberTokens(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // The `index`-th number token (0-based); indexes only grow between calls.
  std::string_view At(size_t index) {
    std::string_view token;
    while (next_ <= index) {
      token = Next();
      ++next_;
    }
    return token;
  }

 private:
  std::string_view Next() {
    while (p_ < end_) {
      char c = *p_;
      if (c == '"') {
        for (++p_; p_ < end_ && *p_ != '"'; ++p_) {
          if (*p_ == '\\') ++p_;
        }
        ++p_;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        const char* start = p_;
        while (p_ < end_ && (IsNumberChar(*p_))) ++p_;
        return {start, static_cast<size_t>(p_ - start)};
      } else {
        ++p_;
      }
    }
    return {};
  }
  static bool IsNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  const char* p_;
  const char* end_;
  size_t next_ = 0;  // the index of the token Next() returns
};

// The DOM walk: simdjson's DOM parser builds its tape with the machine's best
// kernels (the On-Demand API above runs the portable ones in a distribution's
// build), which makes it several times faster on the small documents of
// application rows. Writes the same bytes as the on-demand walk.
class DomWalk {
 public:
  explicit DomWalk(std::string_view text) : text_(text) {}

  void Append(simdjson::dom::element element, std::string* out) {
    using simdjson::dom::element_type;
    switch (element.type()) {
      case element_type::OBJECT: {
        std::vector<Member>& members = MembersAtDepth();
        const size_t start = BeginObject(out);
        ++scratch.depth;
        for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
          Member member{field.key, out->size(), 0};
          AppendFixed64(field.key.size(), out);
          out->append(field.key);
          Append(field.value, out);
          member.end = out->size();
          members.push_back(member);
        }
        --scratch.depth;
        FinishObject(start, members, out);
        return;
      }
      case element_type::ARRAY: {
        out->push_back('a');
        const size_t count_at = out->size();
        AppendFixed64(0, out);
        uint64_t count = 0;
        for (simdjson::dom::element item : simdjson::dom::array(element)) {
          Append(item, out);
          ++count;
        }
        PatchFixed64(count_at, count, out);
        return;
      }
      case element_type::STRING:
        AppendString('s', std::string_view(element), out);
        return;
      case element_type::INT64: {
        int64_t n = int64_t(element);
        ++numbers_;
        AppendInteger(n < 0, n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n), out);
        return;
      }
      case element_type::UINT64:
        ++numbers_;
        AppendInteger(false, uint64_t(element), out);
        return;
      case element_type::DOUBLE:
        // Validated by the parse, so the token is a number.
        (void)AppendNumber(tokens_.At(numbers_++), out);
        return;
      case element_type::BOOL:
        out->push_back(bool(element) ? 'T' : 'F');
        return;
      case element_type::NULL_VALUE:
        out->push_back('N');
        return;
    }
  }

 private:
  std::string_view text_;
  NumberTokens tokens_{text_};
  size_t numbers_ = 0;  // numbers met so far, in document order
};

}  // namespace

Status JsonCanonicalizer::Append(std::string_view text, std::string* out) {
  Pad(text);
  const size_t start = out->size();
  simdjson::dom::element root;
  if (dom_parser_.parse(padded_.data(), text.size(), false).get(root) == simdjson::SUCCESS) {
    DomWalk(text).Append(root, out);
    return Status::OK();
  }
  // Not JSON, or numbers the DOM does not hold (beyond uint64 or double): the
  // on-demand walk takes every number as written, and says what is wrong.
  out->resize(start);
  return WalkOnDemand(text, out);
}

Status JsonCanonicalizer::AppendOnDemand(std::string_view text, std::string* out) {
  Pad(text);
  return WalkOnDemand(text, out);
}

void JsonCanonicalizer::Pad(std::string_view text) {
  padded_.assign(text);
  padded_.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
}

Status JsonCanonicalizer::WalkOnDemand(std::string_view text, std::string* out) {
  const size_t start = out->size();
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
