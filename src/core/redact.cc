#include "core/redact.h"

#include <cctype>
#include <optional>
#include <regex>
#include <utility>

#include "ferry/endpoint.h"

namespace ferry {
namespace {

constexpr size_t npos = std::string_view::npos;

// A libpq password value: a closed quote, an unclosed quote (to the end of
// the line: libpq rejects it, the password is in it), or a bare word.
constexpr std::string_view kPasswordValue = R"(('(?:[^'\\]|\\.)*'|'[^\n]*|[^\s']+))";

const std::regex& QueryParam() {  // ?password=x, &sslpassword=x
  static const std::regex r(R"(([?&](?:ssl)?password=)[^&#\s]*)", std::regex::icase);
  return r;
}
const std::regex& AwsToken() {  // MongoDB authMechanismProperties=AWS_SESSION_TOKEN:x
  static const std::regex r(R"((AWS_SESSION_TOKEN:)[^,&\s]*)", std::regex::icase);
  return r;
}
const std::regex& KeyValue() {  // password=x, password = 'x y' in libpq strings
  static const std::regex r(R"(((?:^|\s)(?:ssl)?password\s*=\s*))" + std::string(kPasswordValue),
                            std::regex::icase);
  return r;
}
const std::regex& KeyValueLoose() {  // also `password x`, which libpq rejects
  static const std::regex r(
      R"(((?:^|[\s?&])(?:ssl)?password(?:\s*=\s*|\s+)))" + std::string(kPasswordValue),
      std::regex::icase);
  return r;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// [begin, end) of the password in a URL: from the user's ':' to the '@' that
// ends the userinfo. That '@' is the last one before the first '/' (so an
// unencoded '@' in the password stays hidden); with none there, a ':' not
// followed by a port means a password holding an unencoded '/', up to the
// last '@' of the text.
std::optional<std::pair<size_t, size_t>> PasswordSpan(std::string_view url) {
  size_t begin = url.find("://");
  if (begin == npos) return std::nullopt;
  begin += 3;
  size_t slash = url.find('/', begin);
  size_t authority_end = slash == npos ? url.size() : slash;
  size_t colon = url.find(':', begin);
  if (colon == npos || colon >= authority_end) return std::nullopt;
  size_t at = url.substr(0, authority_end).rfind('@');
  if (at == npos || at < begin) {
    if (AllDigits(url.substr(colon + 1, authority_end - colon - 1))) return std::nullopt;
    at = url.rfind('@');
    if (at == npos || at < colon) return std::nullopt;
  }
  if (colon > at) return std::nullopt;
  return std::make_pair(colon + 1, at);
}

std::string HideUrlPassword(std::string_view url) {
  auto span = PasswordSpan(url);
  if (!span) return std::string(url);
  return std::string(url.substr(0, span->first)) + "***" + std::string(url.substr(span->second));
}

// Free text: each word holding "://" is one URL.
std::string HideUrlPasswords(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (size_t scheme; (scheme = text.find("://", pos)) != npos;) {
    size_t start = scheme;
    while (start > pos && !std::isspace(static_cast<unsigned char>(text[start - 1]))) --start;
    size_t end = scheme + 3;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    out += text.substr(pos, start - pos);
    out += HideUrlPassword(text.substr(start, end - start));
    pos = end;
  }
  out += text.substr(pos);
  return out;
}

std::string HideParameters(std::string text, const std::regex& key_value) {
  text = std::regex_replace(text, QueryParam(), "$1***");
  text = std::regex_replace(text, AwsToken(), "$1***");
  return std::regex_replace(text, key_value, "$1***");
}

std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && IsHex(s[i + 1]) && IsHex(s[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void AddPassword(std::string_view password, std::vector<std::string>* pieces) {
  auto add = [pieces](std::string_view p) {
    if (p.empty()) return;
    for (const std::string& have : *pieces) {
      if (have == p) return;
    }
    pieces->emplace_back(p);
  };
  if (password.size() >= 2 && password.front() == '\'') {
    password.remove_prefix(1);
    if (password.back() == '\'') password.remove_suffix(1);
  }
  add(password);
  add(PercentDecoded(password));
  for (size_t start = 0; start <= password.size();) {
    size_t end = password.find_first_of("@/:?#", start);
    if (end == npos) end = password.size();
    if (start > 0 || end < password.size()) add(password.substr(start, end - start));
    start = end + 1;
  }
}

// Replaces the inside of every "…" or '…' token of `text` that holds a piece.
std::string HideQuotedPieces(std::string text, const std::vector<std::string>& pieces) {
  for (size_t open = 0; (open = text.find_first_of("\"'", open)) != npos;) {
    size_t close = text.find(text[open], open + 1);
    if (close == npos) break;
    std::string_view token(text.data() + open + 1, close - open - 1);
    bool secret = false;
    for (const std::string& piece : pieces) secret = secret || token.find(piece) != npos;
    if (secret) {
      text.replace(open + 1, close - open - 1, "***");
      close = open + 4;
    }
    open = close + 1;
  }
  return text;
}

Status BadUserInfo(std::string_view url, std::string_view what) {
  return Status::InvalidArgument(
      "the user or password in '" + RedactEndpointText(url) + "' holds " + std::string(what) +
      ": percent-encode these characters in the user and password (@ as %40, : as %3A, / as "
      "%2F, % as %25, # as %23, ? as %3F) and try again");
}

}  // namespace

std::string RedactSecrets(std::string_view text) {
  return HideParameters(HideUrlPasswords(text), KeyValue());
}

std::string RedactEndpointText(std::string_view text) {
  if (text.find("://") != npos) return HideParameters(HideUrlPassword(text), KeyValue());
  return HideParameters(std::string(text), KeyValueLoose());
}

std::vector<std::string> PasswordPieces(std::string_view endpoint_text) {
  std::vector<std::string> pieces;
  if (auto span = PasswordSpan(endpoint_text)) {
    AddPassword(endpoint_text.substr(span->first, span->second - span->first), &pieces);
  }
  std::string text(endpoint_text);
  for (std::sregex_iterator it(text.begin(), text.end(), KeyValueLoose()), end; it != end; ++it) {
    AddPassword((*it)[2].str(), &pieces);
  }
  return pieces;
}

std::string RedactSecretsOf(std::string_view text, std::string_view endpoint_text) {
  std::vector<std::string> pieces = PasswordPieces(endpoint_text);
  std::string out = HideQuotedPieces(RedactSecrets(text), pieces);
  for (const std::string& piece : pieces) {
    if (piece.size() < 3) continue;  // "address" must survive a password piece "ss"
    for (size_t at = 0; (at = out.find(piece, at)) != npos;) {
      out.replace(at, piece.size(), "***");
      at += 3;
    }
  }
  return out;
}

Status CheckUrlUserInfo(std::string_view url) {
  size_t begin = url.find("://");
  if (begin == npos) return Status::OK();
  begin += 3;
  size_t slash = url.find('/', begin);
  std::string_view authority = url.substr(begin, slash == npos ? npos : slash - begin);
  size_t at = authority.rfind('@');
  if (at == npos) {
    if (PasswordSpan(url)) return BadUserInfo(url, "an unencoded '/'");
    return Status::OK();
  }
  std::string_view userinfo = authority.substr(0, at);
  if (userinfo.find('@') != npos) return BadUserInfo(url, "an unencoded '@'");
  for (size_t i = 0; i < userinfo.size(); ++i) {
    if (userinfo[i] == '%' &&
        (i + 2 >= userinfo.size() || !IsHex(userinfo[i + 1]) || !IsHex(userinfo[i + 2]))) {
      return BadUserInfo(url, "a '%' that does not start a %XX escape");
    }
  }
  size_t colon = userinfo.find(':');
  if (url.starts_with("mongodb") && colon != npos && userinfo.find(':', colon + 1) != npos) {
    return BadUserInfo(url, "an unencoded ':'");
  }
  return Status::OK();
}

}  // namespace ferry
