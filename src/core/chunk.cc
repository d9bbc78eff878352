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
    case ChunkBy::kIdRange:
      return "_id ranges";
    case ChunkBy::kByteOffset:
      return "byte offsets";
    case ChunkBy::kWhole:
      return "whole table";
  }
  return "unknown";
}

bool ParseChunkBy(std::string_view name, ChunkBy* by) {
  for (ChunkBy b : {ChunkBy::kIntegerKey, ChunkBy::kRowid, ChunkBy::kCtid, ChunkBy::kKeyValues,
                    ChunkBy::kIdRange, ChunkBy::kByteOffset, ChunkBy::kWhole}) {
    if (ChunkByName(b) == name) {
      *by = b;
      return true;
    }
  }
  return false;
}

}  // namespace ferry
