#include "connectors/mongo/gz_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace ferry {
namespace {

// zlib reads a file without the gzip magic as plain data; a file named .gz must be gzip.
Status CheckGzipMagic(int fd, const std::string& path) {
  if (!path.ends_with(".gz")) return Status::OK();
  unsigned char magic[2] = {0, 0};
  ssize_t got = pread(fd, magic, sizeof magic, 0);
  if (got < 0) return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) return Status::OK();
  return Status::Corruption("'" + path +
                            "' is named .gz but is not gzip (it does not start with the gzip "
                            "bytes 1f 8b): compress it with gzip, or remove .gz from its name "
                            "if it is plain text");
}

}  // namespace

Result<GzInput> GzInput::Open(const std::string& path, uint64_t offset) {
  // zlib reads from where the descriptor stands, so a plain file can start mid-way.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  if (Status magic = CheckGzipMagic(fd, path); !magic.ok()) {
    close(fd);
    return magic;
  }
  if (offset > 0 && lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    Status error = Status::IoError("cannot seek to byte " + std::to_string(offset) + " of '" +
                                   path + "': " + std::strerror(errno));
    close(fd);
    return error;
  }
  gzFile file = gzdopen(fd, "rb");
  if (file == nullptr) {
    close(fd);
    return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  }
  gzbuffer(file, 1 << 20);
  return GzInput(path, file);
}

Result<size_t> GzInput::Read(char* buffer, size_t n) {
  int got = gzread(file_.get(), buffer, static_cast<unsigned>(std::min<size_t>(n, INT_MAX)));
  if (got < 0) {
    int code = 0;
    const char* message = gzerror(file_.get(), &code);
    return Status::Corruption("'" + path_ + "' cannot be decompressed: " + message +
                              " (is the .gz file complete?)");
  }
  return static_cast<size_t>(got);
}

Result<size_t> GzInput::ReadFull(char* buffer, size_t n) {
  size_t total = 0;
  while (total < n) {
    FERRY_ASSIGN_OR_RETURN(size_t got, Read(buffer + total, n - total));
    if (got == 0) break;
    total += got;
  }
  return total;
}

}  // namespace ferry
