#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/document_flags.h"
#include "cli/plan_options.h"
#include "core/log.h"
#include "ferry/endpoint.h"
#include "ferry/engine.h"
#include "mapping/mapping_config.h"
#include "mapping/plan_builder.h"
#include "pipeline/copy_runner.h"
#include "pipeline/document_copy.h"
#include "pipeline/endpoints.h"
#include "pipeline/rejects.h"
#include "pipeline/run_identity.h"
#include "verify/copy_run_digests.h"
#include "verify/known_rejects.h"
#include "verify/verify_report.h"
#include "verify/verify_runner.h"

namespace ferry::cli {
namespace {

struct VerifyFlags {
  std::string from;
  std::string to;
  std::string config;
  std::vector<std::string> tables;
  std::vector<std::string> exclude;
  bool snake_case = false;
  std::string schema = "public";
  std::string from_schema;  // PostgreSQL sources, as for the copy
  std::string level = "hash";
  std::string report;
  size_t max_diffs = 20;
  int jobs = 1;
  double float_tolerance = 0;
  bool json = false;
  bool read_target = false;  // never use a copy run's stored digests
  bool accept_rejects = false;
  std::string rejects = "rejects";  // the copy's --rejects folder
  DocumentFlags documents;          // for document sources, as for the copy
};

std::vector<std::pair<std::string, std::string>> Settings(const VerifyFlags& flags,
                                                          const Endpoint& from,
                                                          const Endpoint& to) {
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  std::vector<std::pair<std::string, std::string>> settings = {
      {"from", from.Redacted()},
      {"to", to.Redacted()},
      {"schema", flags.schema},
      {"level", flags.level},
      {"tables", join(flags.tables)},
      {"exclude", join(flags.exclude)},
      {"config", flags.config},
      {"snake_case", flags.snake_case ? "true" : "false"},
      {"jobs", std::to_string(flags.jobs)},
      {"max_diffs", std::to_string(flags.max_diffs)},
      {"float_tolerance", fmt::format("{}", flags.float_tolerance)},
      {"read_target", flags.read_target ? "true" : "false"},
      {"accept_rejects", flags.accept_rejects ? flags.rejects : ""}};
  if (IsDocumentEndpoint(from)) {
    settings.insert(settings.end(), {{"sample", flags.documents.sample},
                                     {"documents", flags.documents.documents},
                                     {"depth", std::to_string(flags.documents.depth)},
                                     {"objectid", flags.documents.objectid}});
  }
  return settings;
}

// The plan and row conversions `ferry copy` uses for these flags: its own
// planner and transforms (documents: sampled as copy samples them).
Status PlanLikeCopy(const VerifyFlags& flags, const Endpoint& from, const PlanOptions& plan_options,
                    Source* source, Plan* plan, VerifyTransformFactory* transforms) {
  CopyRun like_copy;
  like_copy.source = source;
  like_copy.make_plan = [&](const DatabaseSchema& schema) {
    return BuildPlan(schema, plan_options);
  };
  if (IsDocumentEndpoint(from)) {
    FERRY_ASSIGN_OR_RETURN(
        DocumentPlanOptions options,
        MakeDocumentPlanOptions(flags.documents, flags.config, flags.tables, flags.exclude));
    SetDocumentTarget(flags.to, &options);
    UseDocumentPlan(std::move(options), &like_copy);
  } else {
    FERRY_ASSIGN_OR_RETURN(like_copy.make_transform, CopyTransformFor(from));
  }
  FERRY_ASSIGN_OR_RETURN(DatabaseSchema schema, source->DescribeSchema());
  FERRY_ASSIGN_OR_RETURN(*plan, like_copy.make_plan(schema));
  plan->target_schema = flags.schema;  // where copy --schema put the tables, whatever the planner
  *transforms = like_copy.make_transform;
  return Status::OK();
}

// The options of a copy run that decide the mapping, as copy records them
// (document sources: their sampling and mapping flags too).
RunOptions MappingRunOptions(const VerifyFlags& flags, const Endpoint& from, const Endpoint& to) {
  RunOptions options =
      PlanRunOptions(flags.config, flags.tables, flags.exclude, flags.snake_case, flags.schema);
  // As copy's default (--schema-from auto) into an empty database.
  if (WhyNoNativeSchema(from, to, WriteMode::kCreate, flags.schema).empty()) {
    options["--schema-from"] = "source";
  }
  if (!IsDocumentEndpoint(from)) return options;
  Result<DocumentPlanOptions> documents =
      MakeDocumentPlanOptions(flags.documents, flags.config, flags.tables, flags.exclude);
  if (documents.ok()) options.merge(DocumentRunOptions(*documents));
  return options;
}

// The digests of the copy run that wrote the target, when one matches the
// flags; null (with *why_not, and the mapping options a finished run used
// otherwise in *options_differ) when there is none to use.
std::unique_ptr<CopyRunDigests> FindCopyRun(const VerifyFlags& flags, const Endpoint& from,
                                            const Endpoint& to, std::unique_ptr<RunStore>* store,
                                            std::string* why_not,
                                            std::vector<std::string>* options_differ) {
  if (flags.read_target) {
    *why_not = "--read-target";
    return nullptr;
  }
  Result<std::unique_ptr<RunStore>> opened = OpenRunStore(to, flags.schema);
  Result<std::unique_ptr<CopyRunDigests>> digests =
      opened.ok() ? CopyRunDigests::Find(
                        opened->get(), opened->get(),
                        {EngineFor(from).SourceIdentity(from), TargetIdentity(to, flags.schema),
                         MappingRunOptions(flags, from, to)})
                  : Result<std::unique_ptr<CopyRunDigests>>(opened.status());
  if (!digests.ok()) {
    *why_not =
        "the copy runs in the target cannot be read: " + RedactSecrets(digests.status().message());
    return nullptr;
  }
  if ((*digests)->run_id().empty()) {
    *why_not = (*digests)->why_none();
    *options_differ = (*digests)->options_differ();
    spdlog::info("   no copy run's digests to use: {}", *why_not);
    return nullptr;
  }
  spdlog::info(
      "   copy run {}: its chunk digests stand for each target table the target can show is as "
      "the run left it (checked per table)",
      (*digests)->run_id());
  *store = std::move(opened).value();
  return std::move(digests).value();
}

// 1. describe the source and build the plan; 2. read back the target; 3. find
// the copy run that wrote it; 4. compare.
Result<VerifyReport> Verify(const VerifyFlags& flags, const Endpoint& from, const Endpoint& to,
                            const PlanOptions& plan_options) {
  spdlog::info("1. describe source and plan: {}", from.Redacted());
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, OpenCopySource(from));
  Plan plan;
  VerifyTransformFactory transforms;
  FERRY_RETURN_IF_ERROR(PlanLikeCopy(flags, from, plan_options, source.get(), &plan, &transforms));
  KnownRejects known;
  if (flags.accept_rejects) {
    FERRY_ASSIGN_OR_RETURN(known, KnownRejects::Load(flags.rejects));
    spdlog::info("   {} row(s) the copy set aside, in {}, are taken as known", known.records(),
                 flags.rejects);
    transforms = AcceptKnownRejects(
        std::move(transforms), &known,
        [](const TableSchema& table, const Value* row) { return DescribeRowKey(table, row, 0); });
  }
  spdlog::info("2. read target: {}, schema {}", to.Redacted(), plan.target_schema);
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<Source> target, OpenTargetReader(to, plan.target_schema));
  spdlog::info("3. find the copy run that wrote the target");
  std::unique_ptr<RunStore> store;
  VerifyRun run;
  std::unique_ptr<CopyRunDigests> stored =
      FindCopyRun(flags, from, to, &store, &run.why_not_stored, &run.options_differ);
  run.stored = stored.get();
  spdlog::info("4. compare {} table(s) at level {}, {} job(s)", plan.tables.size(), flags.level,
               flags.jobs);
  run.plan = &plan;
  run.source = source.get();
  run.make_transform = transforms;
  run.target = target.get();
  ParseVerifyLevel(flags.level, &run.options.level);
  run.options.jobs = flags.jobs;
  run.options.max_diffs = flags.max_diffs;
  run.options.float_tolerance = flags.float_tolerance;
  return RunVerify(run);
}

int RunVerifyCommand(const VerifyFlags& flags) {
  Result<Endpoint> from = ParseEndpoint(flags.from);
  Result<Endpoint> to = ParseEndpoint(flags.to);
  Result<PlanOptions> plan_options =
      MakePlanOptions(flags.config, flags.tables, flags.exclude, flags.snake_case, flags.schema);
  for (const Status& s : {from.status(), to.status(), plan_options.status()}) {
    if (!s.ok()) {
      std::cerr << "ferry verify: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  if (!flags.from_schema.empty()) from->schema = flags.from_schema;
  Status types = SetSourceTypes(*from, &*to, &*plan_options);
  if (!types.ok()) {
    spdlog::error("{}", RedactSecrets(types.message()));
    return kExitFailure;
  }
  // The plan copy's default made (the source's own schema where it applies),
  // so that the copy's chunk digests are of the same columns.
  Result<std::string> schema_from =
      ChooseSchemaFrom("auto", *from, *to, WriteMode::kCreate, flags.schema, "", &*plan_options);
  if (!schema_from.ok()) {
    spdlog::error("{}", RedactSecrets(schema_from.status().message()));
    return kExitFailure;
  }
  Result<VerifyReport> report = Verify(flags, *from, *to, *plan_options);
  if (!report.ok()) {
    spdlog::error("{}", RedactSecrets(report.status().message()));
    return kExitFailure;
  }
  std::string json = VerifyJsonReport(*report, Settings(flags, *from, *to));
  std::cout << (flags.json ? json : FormatVerifyReport(*report)) << std::flush;
  if (!flags.report.empty()) {
    std::ofstream out(flags.report, std::ios::binary);
    if (!(out << json)) {
      spdlog::error("cannot write the report to {} (check the directory exists and is writable)",
                    flags.report);
      return kExitFailure;
    }
  }
  if (report->HasErrors()) return kExitFailure;
  return report->Differs() ? kExitDifferences : kExitOk;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* verify = app.add_subcommand("verify",
                                        "Compare a source with the PostgreSQL or SQLite target a "
                                        "copy wrote (exit 3 when they differ)");
  verify
      ->add_option("--from", flags->from,
                   "Source, as given to ferry copy: sqlite:PATH, postgres://...[?schema=NAME], "
                   "mongodb://HOST/DB, mongodump:DIR, ndjson:PATH")
      ->required();
  verify->add_option("--from-schema", flags->from_schema,
                     "PostgreSQL source: the schema to read, as for the copy");
  verify->add_option("--to", flags->to, "Target: postgres://USER@HOST:PORT/DB or sqlite:PATH")
      ->required();
  verify->add_option("--config", flags->config, "Mapping file (ferry.toml), as for the copy");
  verify->add_option("--tables", flags->tables, "Verify only these source tables (a,b,c)")
      ->delimiter(',');
  verify->add_option("--exclude", flags->exclude, "Never these source tables")->delimiter(',');
  verify->add_flag("--snake-case", flags->snake_case,
                   "Target names in snake_case, as for the copy");
  verify->add_option("--schema", flags->schema, "PostgreSQL schema the tables are in")
      ->default_val("public");
  verify
      ->add_option("--level", flags->level,
                   "count (rows per table), hash (digests of chunks of canonical rows), "
                   "row (and the differing rows, by bisection)")
      ->check(CLI::IsMember({"count", "hash", "row"}))
      ->default_val("hash");
  verify->add_option("--report", flags->report, "Write the full result as JSON to this file");
  verify
      ->add_option("--max-diffs", flags->max_diffs,
                   "Differences listed per table; the rest are counted")
      ->default_val(20);
  verify
      ->add_option("--jobs", flags->jobs, "Tables verified at once (each reads both sides at once)")
      ->check(CLI::Range(1, 64))
      ->default_val(1);
  verify
      ->add_option("--float-tolerance", flags->float_tolerance,
                   "Relative tolerance for float columns (compares them value by value)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0);
  verify->add_flag("--json", flags->json, "Print the JSON report instead of the summary");
  verify->add_flag("--read-target,--no-reuse", flags->read_target,
                   "Read every target table, even one a chunked copy stored digests for and "
                   "that is unchanged since");
  verify->add_flag("--accept-rejects", flags->accept_rejects,
                   "Take the rows a copy with --on-error skip set aside (its --rejects files) as "
                   "known: they are left out of the source side, counted and listed, and do not "
                   "make verify exit 3");
  verify->add_option("--rejects", flags->rejects, "The copy's --rejects folder")
      ->default_val("rejects");
  AddDocumentFlags(verify, &flags->documents);
  verify->callback(
      [flags, &invocation] { invocation.run = [flags] { return RunVerifyCommand(*flags); }; });
}

}  // namespace ferry::cli
