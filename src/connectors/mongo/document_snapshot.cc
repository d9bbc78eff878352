#include "connectors/mongo/document_snapshot.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "connectors/mongo/mongodump_source.h"
#include "connectors/mongo/ndjson_source.h"

namespace ferry {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kLiveNote =
    "no snapshot: a live MongoDB server keeps a snapshot read for minutes at most, not across a "
    "crash or a resume, so each _id range is read as it is when its chunk runs; documents "
    "written during the copy may or may not be copied. Stop writes to the source for an exact "
    "copy (ferry verify then proves it)";
constexpr std::string_view kFilesNote =
    "the files are read in place, chunk by chunk; their sizes and times are recorded, and a "
    "resumed or joined run stops if one has changed";

struct FileState {
  int64_t size = -1;
  int64_t mtime_ns = 0;
  friend bool operator==(const FileState&, const FileState&) = default;
};

using FileStates = std::map<std::string, FileState>;  // by absolute path

fs::path Absolute(const std::string& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path) : out;
}

Result<std::vector<fs::path>> SourceFiles(const Endpoint& source) {
  if (source.kind == EndpointKind::kMongoDump) {
    FERRY_ASSIGN_OR_RETURN(auto dump, MongoDumpSource::Open(source.path));
    return dump->Files();
  }
  FERRY_ASSIGN_OR_RETURN(auto files, NdjsonSource::Open(source.path));
  return files->Files();
}

FileState StateOf(const fs::path& file) {
  std::error_code ec;
  FileState state;
  uintmax_t size = fs::file_size(file, ec);
  if (ec) return state;  // gone
  state.size = static_cast<int64_t>(size);
  auto mtime = fs::last_write_time(file, ec);
  if (!ec) {
    state.mtime_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
  }
  return state;
}

Result<FileStates> ReadStates(const Endpoint& source) {
  FERRY_ASSIGN_OR_RETURN(std::vector<fs::path> files, SourceFiles(source));
  FileStates states;
  for (const fs::path& file : files) states[Absolute(file).string()] = StateOf(file);
  return states;
}

// One line per file: "<size> <mtime in ns> <absolute path>".
std::string Format(const FileStates& states) {
  std::string out;
  for (const auto& [path, s] : states) {
    out += std::to_string(s.size) + " " + std::to_string(s.mtime_ns) + " " + path + "\n";
  }
  return out;
}

FileStates Parse(const std::string& text) {
  FileStates states;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    FileState s;
    std::string path;
    fields >> s.size >> s.mtime_ns;
    std::getline(fields >> std::ws, path);
    if (!path.empty()) states[path] = s;
  }
  return states;
}

bool IsFileSource(const Endpoint& source) {
  return source.kind == EndpointKind::kMongoDump || source.kind == EndpointKind::kNdjson;
}

}  // namespace

std::string DocumentSourceIdentity(const Endpoint& source) {
  if (source.kind == EndpointKind::kMongoDump) return "mongodump:" + Absolute(source.path).string();
  if (source.kind == EndpointKind::kNdjson) return "ndjson:" + Absolute(source.path).string();
  return source.Redacted();
}

Result<SourceSnapshot> TakeDocumentSnapshot(const Endpoint& source) {
  if (!IsFileSource(source)) return SourceSnapshot{"", "", std::string(kLiveNote)};
  FERRY_ASSIGN_OR_RETURN(FileStates states, ReadStates(source));
  return SourceSnapshot{"", Format(states), std::string(kFilesNote)};
}

Result<std::string> DescribeDocumentChange(const Endpoint& source, const SourceSnapshot& snapshot) {
  if (!IsFileSource(source) || snapshot.state.empty()) return std::string();
  FileStates planned = Parse(snapshot.state);
  Result<FileStates> now = ReadStates(source);
  if (!now.ok()) {
    return "the source " + source.path + " cannot be read as it was when this run was planned (" +
           now.status().message() + ")";
  }
  std::vector<std::string> changes;
  for (const auto& [path, was] : planned) {
    auto it = now->find(path);
    if (it == now->end() || it->second.size < 0) {
      changes.push_back(path + " is gone");
    } else if (!(it->second == was)) {
      changes.push_back(path + " changed (" + std::to_string(was.size) + " → " +
                        std::to_string(it->second.size) + " bytes" +
                        (it->second.mtime_ns != was.mtime_ns ? ", modified since" : "") + ")");
    }
  }
  for (const auto& [path, state] : *now) {
    if (!planned.count(path)) changes.push_back(path + " is new");
  }
  if (changes.empty()) return std::string();
  std::string out = "the source changed since this run was planned: ";
  for (size_t i = 0; i < changes.size() && i < 5; ++i) out += (i ? "; " : "") + changes[i];
  if (changes.size() > 5) out += "; and " + std::to_string(changes.size() - 5) + " more";
  return out;
}

}  // namespace ferry
