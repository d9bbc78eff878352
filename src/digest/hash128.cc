#include "digest/hash128.h"

namespace ferry {

std::string Hash128::ToHex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(32, '0');
  for (int i = 0; i < 16; ++i) {
    hex[15 - i] = kDigits[(high >> (4 * i)) & 0xf];
    hex[31 - i] = kDigits[(low >> (4 * i)) & 0xf];
  }
  return hex;
}

bool Hash128::FromHex(std::string_view hex, Hash128* out) {
  if (hex.size() != 32) return false;
  Hash128 value;
  for (size_t i = 0; i < 32; ++i) {
    char c = hex[i];
    uint64_t digit = c >= '0' && c <= '9'   ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : 16;
    if (digit == 16) return false;
    uint64_t& half = i < 16 ? value.high : value.low;
    half = (half << 4) | digit;
  }
  *out = value;
  return true;
}

}  // namespace ferry
