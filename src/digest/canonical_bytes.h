// The building blocks of the canonical encodings that rows are hashed in
// (row_hasher.h, canonical_json.h): fixed 8-byte little-endian integers and
// length-prefixed byte strings, written into one std::string.
#ifndef FERRY_DIGEST_CANONICAL_BYTES_H_
#define FERRY_DIGEST_CANONICAL_BYTES_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ferry {

// Appends `n` as 8 bytes, little-endian whatever the machine.
inline void AppendFixed64(uint64_t n, std::string* out) {
  if constexpr (std::endian::native != std::endian::little) n = __builtin_bswap64(n);
  char bytes[8];
  std::memcpy(bytes, &n, 8);
  out->append(bytes, 8);
}

// Overwrites the 8 bytes at `at` (written by AppendFixed64) with `n`.
inline void PatchFixed64(size_t at, uint64_t n, std::string* out) {
  if constexpr (std::endian::native != std::endian::little) n = __builtin_bswap64(n);
  std::memcpy(out->data() + at, &n, 8);
}

// `s` after its length.
inline void AppendSized(std::string_view s, std::string* out) {
  AppendFixed64(s.size(), out);
  out->append(s);
}

// AppendSized for bytes written in place: BeginSized reserves the length and
// returns where it is; EndSized fills in the size of what was appended since.
inline size_t BeginSized(std::string* out) {
  AppendFixed64(0, out);
  return out->size() - 8;
}

inline void EndSized(size_t length_at, std::string* out) {
  PatchFixed64(length_at, out->size() - length_at - 8, out);
}

}  // namespace ferry

#endif  // FERRY_DIGEST_CANONICAL_BYTES_H_
