// Chunk key bounds as text, for storing chunks in a run's state and back.
//
//   "i:42 f:0x1.8p+0 t:616263 b:00ff"   (one part per key column, space-separated;
//                                        text and bytes in hex, doubles in %a form)
// The text round-trips exactly: DecodeKeyBound(EncodeKeyBound(parts)) == parts.
#ifndef FERRY_CORE_KEY_BOUND_H_
#define FERRY_CORE_KEY_BOUND_H_

#include <string>
#include <string_view>
#include <vector>

#include "ferry/source.h"
#include "ferry/status.h"

namespace ferry {

std::string EncodeKeyBound(const std::vector<KeyPart>& parts);
// Corruption when `text` is not what EncodeKeyBound writes.
Result<std::vector<KeyPart>> DecodeKeyBound(std::string_view text);

}  // namespace ferry

#endif  // FERRY_CORE_KEY_BOUND_H_
