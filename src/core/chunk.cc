#include "ferry/source.h"

namespace ferry {

std::string_view ChunkByName(ChunkBy by) {
  switch (by) {
    case ChunkBy::kIntegerKey:
      return "integer key";
    case ChunkBy::kRowid:
      return "rowid";
    case ChunkBy::kCtid:
      return "ctid";
    case ChunkBy::kKeyValues:
      return "key values";
  }
  return "unknown";
}

}  // namespace ferry
