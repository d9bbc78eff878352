// Worker liveness: whether a process recorded in a run is known to be dead.
//
// A run names its worker processes "host:pid" and records beside each where
// and when it started ("<boot id> <pid namespace> <start time>", from /proc).
// A process on this host, of this boot and pid namespace, whose pid is gone
// or now belongs to a process started at another time, is dead for sure: its
// claims can be taken over at once instead of after the claim timeout. A
// process elsewhere (another host, container or boot) is never judged here:
// only its heartbeat tells.
#ifndef FERRY_PIPELINE_WORKER_LIVENESS_H_
#define FERRY_PIPELINE_WORKER_LIVENESS_H_

#include <optional>
#include <string>
#include <vector>

#include "ferry/run_store.h"

namespace ferry {

// This process as runs name it: "host:pid".
std::string ThisProcess();

// Where and when process `pid` of this host started; "" when it does not
// exist or /proc cannot tell.
std::string ProcessStart(int pid);

// Why `process` (recorded with `start`) is known dead, e.g. "no process 4242
// on this host"; nullopt when it lives or cannot be judged from here.
std::optional<std::string> KnownDead(const std::string& process, const std::string& start);

// Sets state "dead" (and why) on each worker known dead, except those that
// exited normally.
void MarkDeadWorkers(std::vector<WorkerRecord>* workers);

}  // namespace ferry

#endif  // FERRY_PIPELINE_WORKER_LIVENESS_H_
