#include "migrate/checksum.h"

#include <openssl/evp.h>

#include <array>
#include <functional>
#include <vector>

namespace ferry::migrate {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Length of the UTF-8 sequence led by `byte` (1 for invalid leads, as sqlx never
// reaches them: it refuses files that are not UTF-8).
size_t Utf8Length(unsigned char byte) {
  if (byte < 0xC0) return 1;
  if (byte < 0xE0) return 2;
  if (byte < 0xF0) return 3;
  return 4;
}

char32_t DecodeUtf8(std::string_view sequence) {
  auto b = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(sequence[i])); };
  switch (sequence.size()) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

std::string ToLf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  for (char c : ToLf(text)) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string StripBom(std::string_view text) {
  return std::string(text.starts_with(kBom) ? text.substr(kBom.size()) : text);
}

std::string AddBom(std::string_view text) {
  return text.starts_with(kBom) ? std::string(text) : std::string(kBom) + std::string(text);
}

}  // namespace

std::string Sha384(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha384(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

std::string MigrationChecksum(std::string_view sql, const IgnoredChars& ignored) {
  if (ignored.empty()) return Sha384(sql);
  std::string kept;
  kept.reserve(sql.size());
  for (size_t i = 0; i < sql.size();) {
    size_t length = std::min(Utf8Length(static_cast<unsigned char>(sql[i])), sql.size() - i);
    std::string_view sequence = sql.substr(i, length);
    if (!ignored.contains(DecodeUtf8(sequence))) kept.append(sequence);
    i += length;
  }
  return Sha384(kept);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xF];
  }
  return out;
}

std::string HexDecode(std::string_view hex) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return "";
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = value(hex[i]), low = value(hex[i + 1]);
    if (high < 0 || low < 0) return "";
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

std::string DescribeChecksumMismatch(std::string_view sql, std::string_view recorded,
                                     const IgnoredChars& ignored) {
  struct Candidate {
    std::string text;
    const char* reason;
  };
  const std::vector<Candidate> candidates = {
      {ToLf(sql), "only line endings differ (the file has CRLF, the applied version had LF)"},
      {ToCrlf(sql), "only line endings differ (the file has LF, the applied version had CRLF)"},
      {StripBom(sql),
       "only a byte-order mark differs (the file starts with one, the applied "
       "version did not)"},
      {AddBom(sql),
       "only a byte-order mark differs (the applied version started with one, the "
       "file does not)"},
      {ToLf(StripBom(sql)), "only line endings and a byte-order mark differ"},
      {ToCrlf(StripBom(sql)), "only line endings and a byte-order mark differ"},
      {AddBom(ToLf(sql)), "only line endings and a byte-order mark differ"},
      {AddBom(ToCrlf(sql)), "only line endings and a byte-order mark differ"},
  };
  for (const Candidate& candidate : candidates) {
    if (candidate.text == sql) continue;
    if (MigrationChecksum(candidate.text, ignored) == recorded) return candidate.reason;
  }
  return "content changed";
}

}  // namespace ferry::migrate
