#include <iterator>

#include "ferry/target.h"

namespace ferry {
namespace {

constexpr std::string_view kModeNames[] = {"create", "replace", "truncate", "append", "upsert"};

}  // namespace

std::string_view WriteModeName(WriteMode mode) { return kModeNames[static_cast<int>(mode)]; }

bool ParseWriteMode(std::string_view name, WriteMode* mode) {
  for (size_t i = 0; i < std::size(kModeNames); ++i) {
    if (kModeNames[i] == name) {
      *mode = static_cast<WriteMode>(i);
      return true;
    }
  }
  return false;
}

}  // namespace ferry
