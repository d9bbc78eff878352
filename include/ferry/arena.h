// Arena: bump allocation for the bytes of one Batch.
//
// Memory is handed out from blocks and released all at once by Reset(), which
// keeps one standard block for reuse so a steady stream of batches allocates
// nothing. Not thread-safe; a Batch (and its arena) belongs to one thread at a time.
#ifndef FERRY_ARENA_H_
#define FERRY_ARENA_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace ferry {

class Arena {
 public:
  static constexpr size_t kBlockSize = 256 * 1024;

  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  // Returns `n` bytes valid until Reset(). n == 0 returns a non-null pointer.
  char* Allocate(size_t n);
  // Copies `s` into the arena and returns the copy.
  std::string_view Copy(std::string_view s);
  // Frees everything handed out; keeps one standard block for reuse.
  void Reset();
  // Bytes handed out since the last Reset().
  size_t BytesUsed() const { return used_; }
  // Bytes held from the system (what the arena costs in memory).
  size_t BytesReserved() const { return reserved_; }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Block> blocks_;
  char* cursor_ = nullptr;
  size_t left_ = 0;
  size_t used_ = 0;
  size_t reserved_ = 0;
};

}  // namespace ferry

#endif  // FERRY_ARENA_H_
