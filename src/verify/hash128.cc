#include "verify/hash128.h"

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

}  // namespace ferry
