// `ferry status`: how a chunked copy run is going, read from the target's
// _ferry schema, so it works from any host while workers run elsewhere.
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "core/log.h"
#include "ferry/endpoint.h"
#include "pipeline/endpoints.h"
#include "pipeline/worker_liveness.h"
#include "report/run_status.h"

namespace ferry::cli {
namespace {

struct StatusFlags {
  std::string to;
  std::string run_id;  // empty: the latest run
  bool json = false;
  bool watch = false;
  double interval = 2;
  int claim_timeout = 30;
};

Result<RunProgress> Load(RunCatalog& store, const StatusFlags& flags) {
  std::string run_id = flags.run_id;
  if (run_id.empty()) {
    FERRY_ASSIGN_OR_RETURN(std::optional<RunRecord> latest, store.LatestRun());
    if (!latest) return Status::NotFound("no copy run recorded in this target yet");
    run_id = latest->run_id;
  }
  FERRY_ASSIGN_OR_RETURN(RunProgress progress,
                         store.LoadProgress(run_id, std::chrono::seconds(flags.claim_timeout)));
  MarkDeadWorkers(&progress.workers);  // those of this host whose process is gone
  return progress;
}

int RunStatus(const StatusFlags& flags) {
  Result<Endpoint> to = ParseEndpoint(flags.to);
  if (!to.ok()) {
    std::cerr << "ferry status: " << to.status().message() << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<RunStore>> store = OpenRunStore(*to, "public");
  for (bool first = true; store.ok(); first = false) {
    Result<RunProgress> progress = Load(**store, flags);
    if (!progress.ok()) {
      spdlog::error("{}", RedactSecrets(progress.status().message()));
      return kExitFailure;
    }
    if (flags.watch && !flags.json && !first) std::cout << "\x1b[H\x1b[2J";
    std::cout << (flags.json ? RunStatusJson(*progress) : FormatRunStatus(*progress) + "\n");
    std::cout.flush();
    bool over = progress->run.state == "done" || progress->run.state == "abandoned";
    if (!flags.watch || over) return kExitOk;
    std::this_thread::sleep_for(std::chrono::duration<double>(flags.interval));
  }
  spdlog::error("{}", RedactSecrets(store.status().message()));
  return kExitFailure;
}

}  // namespace

void AddStatusCommand(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<StatusFlags>();
  CLI::App* status = app.add_subcommand(
      "status", "Show how a copy run is going: chunks done, rows, rate, workers, errors");
  status
      ->add_option("--to", flags->to,
                   "The copy's target: postgres://USER@HOST:PORT/DB or sqlite:PATH")
      ->required();
  status->add_option("run_id", flags->run_id, "The run (default: the latest)");
  status->add_flag("--json", flags->json, "One JSON object (per refresh with --watch)");
  status->add_flag("--watch", flags->watch, "Refresh until the run is done");
  status->add_option("--interval", flags->interval, "Seconds between refreshes with --watch")
      ->default_val(2);
  status
      ->add_option("--claim-timeout", flags->claim_timeout,
                   "Seconds without a heartbeat after which a worker shows as stale")
      ->default_val(30);
  status->callback(
      [flags, &invocation] { invocation.run = [flags] { return RunStatus(*flags); }; });
}

}  // namespace ferry::cli
