// Keeping passwords out of everything ferry prints, also when a URL or libpq
// string is malformed (an unencoded '@' or '%', an unclosed quote).
//
// RedactSecrets (ferry/endpoint.h) handles free text; the functions here know
// which text is one whole endpoint, and which text came from a library that
// was given that endpoint (libpq, libmongoc quote the parts they reject).
#ifndef FERRY_CORE_REDACT_H_
#define FERRY_CORE_REDACT_H_

#include <string>
#include <string_view>
#include <vector>

#include "ferry/status.h"

namespace ferry {

// `text` is one endpoint exactly as the user wrote it, well-formed or not:
// in a URL everything between the user's ':' and the last '@' is hidden, in a
// libpq string the value after `password` (with or without '=', quoted,
// or an unclosed quote to the end).
std::string RedactEndpointText(std::string_view text);

// The password of `endpoint_text` as written and decoded, and its pieces as a
// library may print them after splitting at '@', '/', ':' (empty: none).
std::vector<std::string> PasswordPieces(std::string_view endpoint_text);

// RedactSecrets(text), and then every quoted token ("…" or '…') that holds a
// piece of the endpoint's password becomes *** and so does the password
// itself where it stands. For messages of libraries given `endpoint_text`.
std::string RedactSecretsOf(std::string_view text, std::string_view endpoint_text);

// InvalidArgument when the userinfo of a postgres:// or mongodb:// URL holds
// a character that must be percent-encoded (a second '@', a '/' before the
// '@', a '%' not followed by two hex digits; for MongoDB also a ':' in the
// password). The message shows the URL redacted and says how to encode.
Status CheckUrlUserInfo(std::string_view url);

}  // namespace ferry

#endif  // FERRY_CORE_REDACT_H_
