#include "connectors/mongo/file_chunker.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/c_handle.h"

namespace ferry {
namespace {

using FileHandle = CHandle<FILE, &std::fclose>;

Result<FileHandle> OpenFile(const std::string& path) {
  FileHandle file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr)
    return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  return file;
}

// Where each chunk after the first begins, with the records before it.
struct Cut {
  uint64_t offset;
  int64_t records_before;
};

Result<std::vector<Cut>> NdjsonCuts(const std::string& path, int64_t chunk_rows,
                                    int64_t chunk_bytes) {
  FERRY_ASSIGN_OR_RETURN(FileHandle file, OpenFile(path));
  std::vector<Cut> cuts;
  std::vector<char> buffer(1 << 20);
  uint64_t offset = 0;
  uint64_t cut_at = 0;  // where the chunk being filled begins
  int64_t lines = 0;
  int64_t since_cut = 0;
  bool cut_pending = false;  // a chunk is full: cut at the next byte, if there is one
  while (size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get())) {
    if (cut_pending) cuts.push_back({offset, lines}), cut_pending = false;
    for (const char* p = buffer.data();
         (p = static_cast<const char*>(std::memchr(p, '\n', buffer.data() + got - p)));) {
      ++p;
      ++lines;
      uint64_t at = offset + static_cast<uint64_t>(p - buffer.data());
      if (++since_cut < chunk_rows && at - cut_at < static_cast<uint64_t>(chunk_bytes)) continue;
      since_cut = 0;
      cut_at = at;
      if (p < buffer.data() + got) {
        cuts.push_back({at, lines});
      } else {
        cut_pending = true;
      }
    }
    offset += got;
  }
  if (std::ferror(file.get())) return Status::IoError("cannot read '" + path + "'");
  return cuts;
}

// Walks the length prefixes through a 1 MiB window, moving it only when the
// next prefix is past its end (documents are usually far smaller).
Result<std::vector<Cut>> BsonCuts(const std::string& path, int64_t chunk_rows,
                                  int64_t chunk_bytes) {
  FERRY_ASSIGN_OR_RETURN(FileHandle file, OpenFile(path));
  std::vector<Cut> cuts;
  std::vector<unsigned char> window(1 << 20);
  uint64_t window_start = 0;
  size_t window_size = 0;
  uint64_t offset = 0;
  int64_t documents = 0;
  Cut last{0, 0};  // where the chunk being filled begins
  while (true) {
    if (offset + 4 > window_start + window_size) {
      if (fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) break;
      window_start = offset;
      window_size = std::fread(window.data(), 1, window.size(), file.get());
      if (window_size < 4) break;
    }
    const unsigned char* h = window.data() + (offset - window_start);
    uint32_t length = h[0] | h[1] << 8 | h[2] << 16 | uint32_t{h[3]} << 24;
    if (length < 5) break;  // damaged: the reader of the last chunk reports it
    if (documents > 0 && (documents - last.records_before >= chunk_rows ||
                          offset - last.offset >= static_cast<uint64_t>(chunk_bytes))) {
      last = {offset, documents};
      cuts.push_back(last);
    }
    offset += length;
    ++documents;
  }
  if (std::ferror(file.get())) return Status::IoError("cannot read '" + path + "'");
  return cuts;
}

}  // namespace

FileRange FileRangeOf(const Chunk& chunk) {
  FileRange range;
  if (chunk.by != ChunkBy::kByteOffset) return range;
  range.begin = static_cast<uint64_t>(chunk.lower.value_or(0));
  if (chunk.upper) range.end = static_cast<uint64_t>(*chunk.upper);
  if (!chunk.lower_key.empty()) range.records_before = chunk.lower_key[0].int_value;
  return range;
}

Result<bool> IsGzipFile(const std::string& path) {
  FERRY_ASSIGN_OR_RETURN(FileHandle file, OpenFile(path));
  unsigned char magic[2] = {0, 0};
  size_t got = std::fread(magic, 1, 2, file.get());
  return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

Result<std::vector<Chunk>> PlanFileChunks(const std::string& path, RecordFormat format,
                                          int64_t chunk_rows, int64_t chunk_bytes) {
  Chunk whole;
  whole.by = ChunkBy::kWhole;
  FERRY_ASSIGN_OR_RETURN(bool compressed, IsGzipFile(path));
  if (compressed || chunk_rows <= 0) return std::vector<Chunk>{whole};
  FERRY_ASSIGN_OR_RETURN(std::vector<Cut> cuts, format == RecordFormat::kBson
                                                    ? BsonCuts(path, chunk_rows, chunk_bytes)
                                                    : NdjsonCuts(path, chunk_rows, chunk_bytes));
  if (cuts.empty()) return std::vector<Chunk>{whole};  // a small file: no bounds to carry
  std::vector<Chunk> chunks(cuts.size() + 1);
  for (size_t i = 0; i < chunks.size(); ++i) {
    Chunk& c = chunks[i];
    c.id = static_cast<int64_t>(i);
    c.by = ChunkBy::kByteOffset;
    // A bound is the offset of a record start and the records before it; the
    // first chunk is open below, the last above, like key-range chunks.
    auto records_before = [](const Cut& cut) {
      KeyPart part;
      part.int_value = cut.records_before;
      return std::vector<KeyPart>{part};
    };
    if (i > 0) {
      c.lower = static_cast<int64_t>(cuts[i - 1].offset);
      c.lower_key = records_before(cuts[i - 1]);
    }
    if (i < cuts.size()) {
      c.upper = static_cast<int64_t>(cuts[i].offset);
      c.upper_key = records_before(cuts[i]);
    }
    if (i < cuts.size()) {
      c.estimated_rows = cuts[i].records_before - (i > 0 ? cuts[i - 1].records_before : 0);
    }
  }
  return chunks;
}

}  // namespace ferry
