#include "connectors/postgres/pg_tool_version.h"

#include <algorithm>
#include <cctype>

namespace ferry {
namespace {

// Reads the digits at text[*i], advancing *i; -1 when there are none.
int Number(std::string_view text, size_t* i) {
  if (*i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[*i]))) return -1;
  int value = 0;
  while (*i < text.size() && std::isdigit(static_cast<unsigned char>(text[*i])) && value < 100000) {
    value = value * 10 + (text[*i] - '0');
    ++*i;
  }
  return value;
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

Result<int> ParsePgToolVersion(std::string_view version_output) {
  constexpr std::string_view kMarker = "(PostgreSQL) ";
  size_t at = version_output.find(kMarker);
  size_t i = at == std::string_view::npos ? 0 : at + kMarker.size();
  int major = Number(version_output, &i);
  if (at == std::string_view::npos || major <= 0) {
    return Status::InvalidArgument("cannot read a PostgreSQL version in '" +
                                   Trimmed(version_output) + "'");
  }
  int minor = 0;
  int patch = 0;
  if (i < version_output.size() && version_output[i] == '.') {
    ++i;
    minor = std::max(0, Number(version_output, &i));
    if (major < 10 && i < version_output.size() && version_output[i] == '.') {
      ++i;
      patch = std::max(0, Number(version_output, &i));
    }
  }
  return major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100 + patch;
}

int PgMajorVersion(int version_num) {
  return version_num >= 100000 ? version_num / 10000 : version_num / 100;
}

std::string PgMajorVersionText(int version_num) {
  int major = PgMajorVersion(version_num);
  // Before 10 the major version had two parts (906 is 9.6); 906 >= 10 too, so
  // the version number says which scheme it is.
  if (version_num >= 100000) return std::to_string(major);
  return std::to_string(major / 100) + "." + std::to_string(major % 100);
}

Status CheckPgDumpVersion(std::string_view tool, int tool_version, int source_version) {
  if (PgMajorVersion(tool_version) >= PgMajorVersion(source_version)) return Status::OK();
  std::string source = PgMajorVersionText(source_version);
  return Status::FailedPrecondition(
      std::string(tool) + " " + PgMajorVersionText(tool_version) +
      " cannot dump the source, a PostgreSQL " + source + " server (" + std::string(tool) +
      " reads servers of its own major version and older): install the PostgreSQL " + source +
      " client or newer (apt-get install postgresql-client-" + source +
      ") and use the folder that holds its " + std::string(tool) + " (/usr/lib/postgresql/" +
      source + "/bin on Debian)");
}

Status CheckPgTargetVersion(int source_version, int target_version) {
  if (PgMajorVersion(target_version) >= PgMajorVersion(source_version)) return Status::OK();
  return Status::FailedPrecondition(
      "the target is a PostgreSQL " + PgMajorVersionText(target_version) +
      " server, older than the source's " + PgMajorVersionText(source_version) +
      ": a schema dumped by pg_dump loads into the same major version or a newer one only; copy "
      "into a PostgreSQL " +
      PgMajorVersionText(source_version) + " server or newer");
}

}  // namespace ferry
