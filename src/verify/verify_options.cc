#include "verify/verify_options.h"

namespace ferry {

std::string_view VerifyLevelName(VerifyLevel level) {
  switch (level) {
    case VerifyLevel::kCount:
      return "count";
    case VerifyLevel::kHash:
      return "hash";
    case VerifyLevel::kRow:
      return "row";
  }
  return "?";
}

bool ParseVerifyLevel(std::string_view name, VerifyLevel* level) {
  for (VerifyLevel l : {VerifyLevel::kCount, VerifyLevel::kHash, VerifyLevel::kRow}) {
    if (VerifyLevelName(l) == name) {
      *level = l;
      return true;
    }
  }
  return false;
}

}  // namespace ferry
