#include "ferry/arena.h"

#include <cstring>

namespace ferry {

char* Arena::Allocate(size_t n) {
  if (n > left_) {
    if (n > kBlockSize / 4) {
      // A large value gets a block of its own, so a few big blobs do not waste
      // the rest of the current block, which stays open for small values.
      blocks_.push_back({std::make_unique<char[]>(n), n});
      reserved_ += n;
      used_ += n;
      return blocks_.back().data.get();
    }
    blocks_.push_back({std::make_unique<char[]>(kBlockSize), kBlockSize});
    reserved_ += kBlockSize;
    cursor_ = blocks_.back().data.get();
    left_ = kBlockSize;
  }
  char* p = cursor_;
  cursor_ += n;
  left_ -= n;
  used_ += n;
  return p;
}

std::string_view Arena::Copy(std::string_view s) {
  char* p = Allocate(s.size());
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void Arena::Reset() {
  // Keep the first standard block; return the rest to the system so memory stays flat.
  std::vector<Block> kept;
  for (Block& b : blocks_) {
    if (kept.empty() && b.size == kBlockSize) kept.push_back(std::move(b));
  }
  blocks_ = std::move(kept);
  reserved_ = blocks_.empty() ? 0 : kBlockSize;
  cursor_ = blocks_.empty() ? nullptr : blocks_[0].data.get();
  left_ = blocks_.empty() ? 0 : kBlockSize;
  used_ = 0;
}

}  // namespace ferry
