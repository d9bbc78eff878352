// GzInput: reads a file that may or may not be gzip-compressed (zlib reads
// plain files through unchanged), so `x.bson` and `x.bson.gz` share one path.
#ifndef FERRY_CONNECTORS_MONGO_GZ_INPUT_H_
#define FERRY_CONNECTORS_MONGO_GZ_INPUT_H_

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/c_handle.h"
#include "ferry/status.h"

namespace ferry {

class GzInput {
 public:
  // Opens `path` for reading from byte `offset`. Errors name the path; a file
  // named *.gz that is not gzip is a Corruption error (never read as plain data).
  // REQUIRES: offset is 0 or the file is not compressed (a gzip stream cannot
  // be entered in the middle).
  static Result<GzInput> Open(const std::string& path, uint64_t offset = 0);

  // Reads up to `n` bytes into `buffer`; returns how many (0 at the end).
  // A damaged gzip stream is a Corruption error naming the path.
  Result<size_t> Read(char* buffer, size_t n);
  // Reads exactly `n` bytes unless the input ends first; returns how many were read.
  Result<size_t> ReadFull(char* buffer, size_t n);

  const std::string& path() const { return path_; }

 private:
  GzInput(std::string path, gzFile file) : path_(std::move(path)), file_(file) {}

  std::string path_;
  CHandle<gzFile_s, &gzclose> file_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_GZ_INPUT_H_
