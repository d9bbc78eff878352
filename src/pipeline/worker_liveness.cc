#include "pipeline/worker_liveness.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ferry {
namespace {

std::string HostName() {
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  host[sizeof host - 1] = '\0';
  return host;
}

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Field 22 of /proc/PID/stat: clock ticks after boot when the process started.
// The name (field 2) is in parentheses and may hold spaces, so count from
// the last ')'.
std::string StartTicks(int pid) {
  std::string stat = FirstLine("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i == 22) return field;
  }
  return "";
}

std::string PidNamespace() {
  char link[128] = {};
  ssize_t n = readlink("/proc/self/ns/pid", link, sizeof link - 1);
  return n > 0 ? std::string(link, static_cast<size_t>(n)) : "";
}

std::string BootId() { return FirstLine("/proc/sys/kernel/random/boot_id"); }

}  // namespace

std::string ThisProcess() { return HostName() + ":" + std::to_string(getpid()); }

std::string ProcessStart(int pid) {
  std::string boot = BootId(), ns = PidNamespace(), ticks = StartTicks(pid);
  if (boot.empty() || ns.empty() || ticks.empty()) return "";
  return boot + " " + ns + " " + ticks;
}

std::optional<std::string> KnownDead(const std::string& process, const std::string& start) {
  size_t colon = process.rfind(':');
  if (colon == std::string::npos || process.substr(0, colon) != HostName()) return std::nullopt;
  int pid = 0;
  try {
    pid = std::stoi(process.substr(colon + 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::istringstream recorded(start);
  std::string boot, ns, ticks;
  if (!(recorded >> boot >> ns >> ticks)) return std::nullopt;        // not recorded: cannot tell
  if (boot != BootId() || ns != PidNamespace()) return std::nullopt;  // another boot or container
  std::string now = StartTicks(pid);
  if (now.empty()) return "no process " + std::to_string(pid) + " on this host";
  if (now != ticks) return "pid " + std::to_string(pid) + " is now another process";
  return std::nullopt;
}

void MarkDeadWorkers(std::vector<WorkerRecord>* workers) {
  for (WorkerRecord& w : *workers) {
    if (w.state == "exited") continue;
    std::optional<std::string> why = KnownDead(w.process, w.process_start);
    if (!why) continue;
    w.state = "dead";
    w.why = *why;
  }
}

}  // namespace ferry
