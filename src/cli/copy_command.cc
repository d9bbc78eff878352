#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/app.h"
#include "cli/command.h"
#include "cli/document_flags.h"
#include "cli/plan_options.h"
#include "core/log.h"
#include "ferry/endpoint.h"
#include "ferry/engine.h"
#include "mapping/mapping_config.h"
#include "mapping/plan_builder.h"
#include "pipeline/chunked_copy.h"
#include "pipeline/copy_runner.h"
#include "pipeline/document_copy.h"
#include "pipeline/endpoints.h"
#include "pipeline/run_identity.h"
#include "report/json_report_file.h"
#include "report/progress_printer.h"
#include "report/summary_printer.h"

namespace ferry::cli {
namespace {

struct CopyFlags {
  std::string from;
  std::string to;
  std::string config;
  std::vector<std::string> tables;
  std::vector<std::string> exclude;
  int jobs = 1;
  std::string mode = "create";
  std::string on_error = "stop";
  std::string rejects = "rejects";
  std::string report;
  bool dry_run = false;
  bool snake_case = false;
  std::string schema = "public";
  std::string from_schema;  // PostgreSQL sources: the schema to read (else ?schema= or public)
  DocumentFlags documents;  // for document sources
  // Rows per chunk of the run (chunked_copy.h); 0: each table is one chunk.
  int64_t chunk_rows = kDefaultChunkRows;
  bool resume = false;
  bool restart = false;
  std::string join;
  std::string snapshot_dir;
  int claim_timeout = 30;
  int retries = 10;
  // PostgreSQL → PostgreSQL: "source" restores the source's own schema
  // (pg_dump) for tables the mapping leaves as they are; "ferry": ferry's DDL.
  std::string schema_from = "auto";
  int index_jobs = 0;  // 0: the cores
  bool no_owner = false;
  bool no_acl = false;
};

// Ctrl-C and SIGTERM stop the copy through a stop_token instead of killing it,
// so every open transaction is rolled back before ferry exits; a second one
// exits at once (the server still rolls back what the process left open). The
// signals are blocked in every thread and taken by one watcher thread. To end
// the watcher, the destructor sends it a SIGTERM of its own after asking it to
// stop, so that it waits without polling and ferry exits without delay.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    thread_ = std::jthread([this](std::stop_token stop) { Watch(stop); });
  }
  ~SignalWatcher() {
    thread_.request_stop();
    pthread_kill(thread_.native_handle(), SIGTERM);  // blocked: pending until the watcher takes it
    thread_.join();
    pthread_sigmask(SIG_UNBLOCK, &signals_, nullptr);
  }
  std::stop_token token() const { return cancel_.get_token(); }

 private:
  void Watch(std::stop_token stop) {
    while (true) {
      int signal = sigwaitinfo(&signals_, nullptr);
      if (stop.stop_requested()) return;
      if (signal <= 0) continue;  // EINTR
      if (cancel_.stop_requested()) std::_Exit(kExitFailure);
      spdlog::warn("stopping: rolling back the tables in progress (once more to exit at once)");
      cancel_.request_stop();
    }
  }

  sigset_t signals_;
  std::stop_source cancel_;
  std::jthread thread_;
};

int Fail(const Status& status) {
  spdlog::error("{}", RedactSecrets(status.message()));
  return kExitFailure;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// --dry-run is `ferry plan` with the same selection flags: run that command,
// so both always print the same thing.
int RunDryRun(const CopyFlags& flags) {
  std::vector<std::string> args = {"ferry", "plan",   "--from",   flags.from,
                                   "--to",  flags.to, "--schema", flags.schema};
  if (!flags.from_schema.empty()) args.insert(args.end(), {"--from-schema", flags.from_schema});
  if (!flags.config.empty()) args.insert(args.end(), {"--config", flags.config});
  const DocumentFlags& documents = flags.documents;
  if (documents.sample != "1000") args.insert(args.end(), {"--sample", documents.sample});
  if (!documents.documents.empty()) args.insert(args.end(), {"--documents", documents.documents});
  if (documents.depth > 0) args.insert(args.end(), {"--depth", std::to_string(documents.depth)});
  if (!documents.objectid.empty()) args.insert(args.end(), {"--objectid", documents.objectid});
  if (!flags.tables.empty()) args.insert(args.end(), {"--tables", Join(flags.tables)});
  if (!flags.exclude.empty()) args.insert(args.end(), {"--exclude", Join(flags.exclude)});
  if (flags.snake_case) args.push_back("--snake-case");
  // The plan assumes --mode create, the only mode the source's own schema takes.
  args.insert(args.end(), {"--schema-from", flags.mode == "create" ? flags.schema_from : "ferry"});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return Main(static_cast<int>(argv.size()), argv.data());
}

// What reports a run: the progress lines on stderr (live on a terminal), the
// summary on stdout and, with --report, the JSON report.
class CopyObservers {
 public:
  CopyObservers(const std::string& report, ReportSettings settings)
      : progress_(isatty(STDERR_FILENO) != 0) {
    std::vector<RunObserver*> all{&progress_, &summary_};
    if (!report.empty()) {
      json_.emplace(report, std::move(settings));
      all.push_back(&*json_);
    }
    all_.emplace(std::move(all));
  }
  RunObserver* get() { return &*all_; }

 private:
  ProgressPrinter progress_;
  SummaryPrinter summary_;
  std::optional<JsonReportFile> json_;
  std::optional<RunObservers> all_;
};

ReportSettings Settings(const CopyFlags& flags, const Endpoint& from, const Endpoint& to) {
  return {{"from", from.Redacted()},
          {"to", to.Redacted()},
          {"schema", flags.schema},
          {"mode", flags.mode},
          {"on_error", flags.on_error},
          {"jobs", std::to_string(flags.jobs)},
          {"rejects", flags.rejects},
          {"tables", Join(flags.tables)},
          {"exclude", Join(flags.exclude)},
          {"config", flags.config},
          {"snake_case", flags.snake_case ? "true" : "false"}};
}

// The options that change what a run writes, by flag, at their effective
// values (an option given at its default is the same as leaving it out): the
// run's identity. `documents`: the plan options of a document source, else null.
RunOptions MakeRunOptions(const CopyFlags& flags, const DocumentPlanOptions* documents) {
  RunOptions options =
      PlanRunOptions(flags.config, flags.tables, flags.exclude, flags.snake_case, flags.schema);
  options["--mode"] = flags.mode;
  options["--on-error"] = flags.on_error;
  options["--chunk-rows"] = std::to_string(flags.chunk_rows);
  if (flags.schema_from != "ferry") options["--schema-from"] = flags.schema_from;
  if (flags.no_owner) options["--no-owner"] = "true";
  if (flags.no_acl) options["--no-acl"] = "true";
  if (documents != nullptr) options.merge(DocumentRunOptions(*documents));
  return options;
}

// --join RUN_ID: the run's own options and source, read from the target.
Status LoadJoinFlags(CopyFlags* flags) {
  FERRY_ASSIGN_OR_RETURN(Endpoint to, ParseEndpoint(flags->to));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<RunStore> store, OpenRunStore(to, flags->schema));
  FERRY_ASSIGN_OR_RETURN(std::optional<RunRecord> run, store->FindRun(flags->join));
  if (!run) return Status::NotFound("no run " + flags->join + " in " + to.Redacted());
  const RunOptions& o = run->options;
  auto get = [&](const std::string& name) { return o.count(name) ? o.at(name) : ""; };
  auto list = [](const std::string& text) {
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) items.push_back(item);
    return items;
  };
  // The run's source as recorded (a PostgreSQL source with its schema as
  // ?schema=), unless --from names it again (a recorded URL has its password
  // redacted).
  if (flags->from.empty()) flags->from = run->source;
  flags->schema = get("--schema");
  flags->mode = get("--mode");
  flags->on_error = get("--on-error");
  flags->tables = list(get("--tables"));
  flags->exclude = list(get("--exclude"));
  flags->config = get("--config");
  flags->snake_case = get("--snake-case") == "true";
  flags->chunk_rows = std::stoll(get("--chunk-rows"));
  flags->schema_from = o.count("--schema-from") ? get("--schema-from") : "ferry";
  flags->no_owner = get("--no-owner") == "true";
  flags->no_acl = get("--no-acl") == "true";
  if (o.count("--sample")) flags->documents = DocumentFlagsOf(o);  // a document source
  return Status::OK();
}

// `documents`: the plan options of a document source (nullptr for SQLite).
int RunChunked(const CopyFlags& flags, const CopyRun& copy, const Endpoint& from,
               const Endpoint& to, const DocumentPlanOptions* documents) {
  Result<std::unique_ptr<RunStore>> store = OpenRunStore(to, flags.schema);
  if (!store.ok()) return Fail(store.status());
  ChunkedCopyRun run;
  run.from = from;
  run.target_identity = TargetIdentity(to, flags.schema);
  run.target = copy.target;
  run.store = store->get();
  run.make_plan = copy.make_plan;
  run.make_transform = copy.make_transform;
  std::optional<DocumentRunPlanner> planner;
  if (documents != nullptr) {
    planner.emplace(*documents);
    run.planner = &*planner;
    run.make_transform = planner->Transforms();
  }
  run.options = copy.options;
  run.run_options = MakeRunOptions(flags, documents);
  run.chunking.chunk_rows = flags.chunk_rows;
  run.chunking.resume = flags.resume;
  run.chunking.restart = flags.restart;
  run.chunking.join_run_id = flags.join;
  run.chunking.snapshot_dir = flags.snapshot_dir;
  run.chunking.claim_timeout = std::chrono::seconds(flags.claim_timeout);
  run.chunking.max_retries = flags.retries;
  run.observer = copy.observer;
  SignalWatcher signals;
  RunStats stats;
  Status s = RunChunkedCopy(run, signals.token(), &stats);
  return s.ok() ? kExitOk : Fail(s);
}

int RunCopyCommand(CopyFlags flags) {
  if (flags.dry_run) return RunDryRun(flags);
  if (!flags.join.empty()) {
    Status joined = LoadJoinFlags(&flags);
    if (!joined.ok()) return Fail(joined);
  } else if (flags.from.empty()) {
    std::cerr << "ferry copy: --from is required (or --join RUN_ID)\n";
    return kExitUsage;
  }
  Result<Endpoint> from = ParseEndpoint(flags.from);
  Result<Endpoint> to = ParseEndpoint(flags.to);
  for (const Result<Endpoint>* e : {&from, &to}) {
    if (!e->ok()) {
      std::cerr << "ferry copy: " << e->status().message() << "\n";
      return kExitUsage;
    }
  }
  if (!flags.from_schema.empty()) from->schema = flags.from_schema;
  const bool documents = IsDocumentEndpoint(*from);
  CopyRun run;
  Result<PlanOptions> plan_options =
      MakePlanOptions(flags.config, flags.tables, flags.exclude, flags.snake_case, flags.schema);
  Result<TransformFactory> transforms =
      documents ? Result<TransformFactory>(TransformFactory()) : CopyTransformFor(*from);
  Result<DocumentPlanOptions> document_options =
      documents
          ? MakeDocumentPlanOptions(flags.documents, flags.config, flags.tables, flags.exclude)
          : Result<DocumentPlanOptions>(DocumentPlanOptions());
  for (const Status& s : {plan_options.status(), transforms.status(), document_options.status()}) {
    if (!s.ok()) {
      std::cerr << "ferry copy: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  Status types = SetSourceTypes(*from, &*to, &*plan_options);
  if (!types.ok()) return Fail(types);
  ParseWriteMode(flags.mode, &run.options.mode);
  Result<std::unique_ptr<Source>> source = OpenCopySource(*from);
  if (!source.ok()) return Fail(source.status());
  Result<std::unique_ptr<Target>> target = OpenCopyTarget(*to, flags.schema);
  if (!target.ok()) return Fail(target.status());
  // What the opened endpoints say against the source's own schema (its dump
  // tool, the target's dialect); asked only when it would be taken.
  std::string refusal;
  if (flags.schema_from != "ferry" &&
      WhyNoNativeSchema(*from, *to, run.options.mode, flags.schema).empty()) {
    refusal = (*source)->WhyNoNativeSchema();
    if (refusal.empty()) refusal = (*target)->WhyNoNativeSchema();
  }
  Result<std::string> schema_from = ChooseSchemaFrom(
      flags.schema_from, *from, *to, run.options.mode, flags.schema, refusal, &*plan_options);
  if (!schema_from.ok()) {
    std::cerr << "ferry copy: " << schema_from.status().message() << "\n";
    return kExitUsage;
  }
  flags.schema_from = *schema_from;  // the run records the one that applies
  if (flags.no_acl) {                // grants stay behind, and are listed as skipped
    std::erase_if(plan_options->native_carried_kinds, [](const std::string& kind) {
      return kind == "grant" || kind == "default privileges";
    });
  }

  run.source = source->get();
  run.target = target->get();
  run.make_plan = [&](const DatabaseSchema& schema) { return BuildPlan(schema, *plan_options); };
  run.make_transform = *transforms;
  if (documents) {
    SetDocumentTarget(flags.to, &*document_options);
    UseDocumentPlan(*document_options, &run);
  }
  run.options.on_error = flags.on_error == "skip" ? OnError::kSkip : OnError::kStop;
  run.options.jobs = flags.jobs;
  run.options.index_jobs = flags.index_jobs;
  run.options.no_owner = flags.no_owner;
  run.options.no_acl = flags.no_acl;
  run.options.rejects_dir = flags.rejects;
  CopyObservers observers(flags.report, Settings(flags, *from, *to));
  run.observer = observers.get();
  // Every copy is a resumable run: of chunks (SQLite: one read transaction,
  // and a snapshot file once another process writes; PostgreSQL: an exported
  // snapshot; documents: files read in place, live MongoDB by _id ranges), or
  // with --chunk-rows 0 of whole tables, each one chunk.
  return RunChunked(flags, run, *from, *to, documents ? &*document_options : nullptr);
}

// One worker per core, up to 4: each reads, converts and hashes on its own
// threads while the target's server works too (bench/README.md).
int DefaultJobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1u, 4u));
}

}  // namespace

void AddCopyCommand(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<CopyFlags>();
  CLI::App* copy = app.add_subcommand(
      "copy", "Copy tables and their rows from a source database into PostgreSQL or SQLite");
  copy->add_option("--from", flags->from,
                   "Source: sqlite:PATH, postgres://...[?schema=NAME], mongodb://HOST/DB, "
                   "mongodump:DIR, ndjson:PATH (with --join, only to give a password the recorded "
                   "URL hides)");
  copy->add_option("--from-schema", flags->from_schema,
                   "PostgreSQL source: the schema to read (default: ?schema= in --from, else "
                   "public)");
  copy->add_option("--to", flags->to, "Target: postgres://USER@HOST:PORT/DB or sqlite:PATH")
      ->required();
  copy->add_option("--config", flags->config, "Mapping file (ferry.toml)");
  copy->add_option("--tables", flags->tables, "Copy only these source tables (a,b,c)")
      ->delimiter(',');
  copy->add_option("--exclude", flags->exclude, "Never copy these source tables")->delimiter(',');
  copy->add_option("--jobs", flags->jobs,
                   "Chunks copied at once (whole tables, with --chunk-rows 0), each on its own "
                   "connection (default: this machine's cores, at most 4)")
      ->check(CLI::Range(1, 64))
      ->default_val(DefaultJobs());
  copy->add_option("--mode", flags->mode,
                   "create (fail if a table exists), replace (drop and recreate), truncate, "
                   "append, upsert (on the primary key)")
      ->check(CLI::IsMember({"create", "replace", "truncate", "append", "upsert"}))
      ->default_val("create");
  copy->add_option("--on-error", flags->on_error,
                   "stop at the first bad row (nothing is committed), or skip it into --rejects")
      ->check(CLI::IsMember({"stop", "skip"}))
      ->default_val("stop");
  copy->add_option("--rejects", flags->rejects, "Where --on-error skip writes <table>.ndjson")
      ->default_val("rejects");
  copy->add_option("--report", flags->report, "Write a JSON report of the run to this file");
  copy->add_option("--schema-from", flags->schema_from,
                   "PostgreSQL to PostgreSQL: 'source' restores the source's own schema (pg_dump: "
                   "types, functions, defaults, partitions, views, triggers, ...) for every table "
                   "the mapping leaves as it is (needs --mode create and the same schema name); "
                   "'ferry' builds tables with ferry's own DDL; 'auto' (default) takes 'source' "
                   "where it applies, else 'ferry'")
      ->check(CLI::IsMember({"auto", "source", "ferry"}))
      ->default_val("auto");
  copy->add_option("--index-jobs", flags->index_jobs,
                   "Indexes and constraints of the source's own schema built at once (default: "
                   "this machine's cores)")
      ->check(CLI::Range(0, 64));
  copy->add_flag("--no-owner", flags->no_owner,
                 "With the source's own schema: objects belong to the target's user (pg_dump "
                 "--no-owner)");
  copy->add_flag("--no-acl", flags->no_acl,
                 "With the source's own schema: no grants (pg_dump --no-acl)");
  copy->add_flag("--dry-run", flags->dry_run, "Print the plan (as ferry plan) and copy nothing");
  copy->add_flag("--snake-case", flags->snake_case,
                 "Target names in snake_case (AlbumId → album_id)");
  copy->add_option("--schema", flags->schema, "PostgreSQL schema to create the tables in")
      ->default_val("public");
  AddDocumentFlags(copy, &flags->documents);
  copy->add_option("--chunk-rows", flags->chunk_rows,
                   "Rows per chunk of a resumable run (fewer when rows are wide: a chunk "
                   "holds about 16 MiB); 0 makes each table one chunk (resumed table by table)")
      ->check(CLI::NonNegativeNumber)
      ->default_val(kDefaultChunkRows);
  copy->add_flag("--resume", flags->resume,
                 "Continue the interrupted run of this source, target and options (running the "
                 "same command again does too; --resume fails when there is none)");
  copy->add_flag("--restart", flags->restart,
                 "Give up unfinished runs of this source and target (the same options too), "
                 "drop the tables they created, and start a new run");
  copy->add_option("--join", flags->join,
                   "Work on run RUN_ID with the workers already on it (only --to is needed)");
  copy->add_option(
      "--snapshot-dir", flags->snapshot_dir,
      "Where a SQLite snapshot file goes when one is made (default: beside the source file)");
  copy->add_option("--claim-timeout", flags->claim_timeout,
                   "Seconds without a heartbeat after which a worker's chunk is taken over")
      ->check(CLI::Range(1, 86400))
      ->default_val(30);
  copy->add_option("--retries", flags->retries,
                   "Connection failures in a row a worker retries (with backoff) before it stops")
      ->check(CLI::Range(0, 1000))
      ->default_val(10);
  copy->callback(
      [flags, &invocation] { invocation.run = [flags] { return RunCopyCommand(*flags); }; });
}

}  // namespace ferry::cli
