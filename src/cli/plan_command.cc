// `ferry plan`: what a copy would do, printed without writing anything.
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/document_flags.h"
#include "cli/plan_options.h"
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_run_schema.h"
#include "connectors/postgres/pg_sequence_ddl.h"
#include "core/log.h"
#include "ferry/endpoint.h"
#include "ferry/engine.h"
#include "mapping/document_mapping_file.h"
#include "mapping/document_plan.h"
#include "mapping/mapping_config.h"
#include "mapping/mapping_writer.h"
#include "mapping/plan_builder.h"
#include "mapping/plan_printer.h"
#include "mapping/sample_check.h"
#include "pipeline/endpoints.h"
#include "pipeline/raw_rows.h"

namespace ferry::cli {
namespace {

struct PlanFlags {
  std::string from;
  std::string to;
  std::string config;
  std::vector<std::string> tables;
  std::vector<std::string> exclude;
  bool snake_case = false;
  std::string schema = "public";
  std::string from_schema;  // PostgreSQL sources: the schema to read (else ?schema= or public)
  bool json = false;
  std::string write_mapping;         // ferry.toml to write from the plan ("" : none)
  DocumentFlags documents;           // --sample (rows or documents per table), and document options
  std::string schema_from = "auto";  // as ferry copy --schema-from
};

// A plan and what the sample behind it was.
struct PlannedCopy {
  DatabaseSchema schema;  // tables only
  Plan plan;
  std::string sample_note;
  bool documents = false;
  DocumentPlan document_plan;  // documents: how each table is filled (for --write-mapping)
};

int UsageError(const Status& status) {
  std::cerr << "ferry plan: " << RedactSecrets(status.message()) << "\n";
  return kExitUsage;
}

int Fail(const Status& status) {
  spdlog::error("{}", RedactSecrets(status.message()));
  return kExitFailure;
}

// The target is only named, never contacted: parse it to show it redacted.
Result<std::string> DescribeTarget(const std::string& text) {
  if (text.empty()) return std::string("PostgreSQL (no --to given)");
  FERRY_ASSIGN_OR_RETURN(Endpoint to, ParseEndpoint(text));
  if (!EngineFor(to).CanWrite()) {
    return Status::InvalidArgument("--to " + to.Redacted() + ": " +
                                   std::string(EngineFor(to).name()) +
                                   " is not a target ferry writes yet (postgres://...)");
  }
  return to.Redacted();
}

// Reads the first `rows` rows of every planned table into the plan's samples.
Status SampleTables(Source& source, size_t rows, Plan* plan) {
  for (TablePlan& table : plan->tables) {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader,
                           source.OpenReader(table.source, {}));
    Batch batch;
    size_t left = rows;
    while (left > 0 && reader->Next(&batch, std::min<size_t>(left, 1000))) {
      left -= batch.num_rows();
      FERRY_RETURN_IF_ERROR(CheckSample(batch, &table));
    }
    FERRY_RETURN_IF_ERROR(reader->status());
    AddSampleWarnings(&table);
  }
  return Status::OK();
}

// The target engine's own DDL when it has some (SQLite), else PostgreSQL's.
void AddDdl(const Plan& plan, const TargetRules& rules, PlanReport* report) {
  if (rules.create_table_sql) {
    for (const TablePlan& table : plan.tables) {
      report->create_sql.push_back(rules.create_table_sql(table.target));
      report->post_data_sql.push_back(rules.post_data_sql ? rules.post_data_sql(table.target)
                                                          : std::vector<std::string>());
    }
    return;
  }
  if (plan.target_schema != "public") report->schema_sql = CreateSchemaSql(plan.target_schema);
  for (const TablePlan& table : plan.tables) {
    report->create_sql.push_back(CreateTableSql(table.target, plan.target_schema));
    report->post_data_sql.push_back(PostDataSql(table.target, plan.target_schema));
  }
  std::vector<TableSchema> targets;
  for (const TablePlan& table : plan.tables) targets.push_back(table.target);
  report->sequence_sql = SequencesSql(plan.sequences, targets, plan.target_schema);
}

// Where the plan goes: its engine's rules (PostgreSQL's when --to is not given).
TargetRules TargetRulesOf(const std::string& to) {
  Result<Endpoint> target = to.empty() ? Result<Endpoint>(Status::NotFound("")) : ParseEndpoint(to);
  return target.ok() ? EngineFor(*target).target_rules() : TargetRules();
}

PlanReport MakeReport(const PlannedCopy& planned, const Endpoint& from, const std::string& to,
                      const TargetRules& rules, const Source& source) {
  const Plan& plan = planned.plan;
  PlanReport report;
  report.plan = &plan;
  report.source = from.Redacted();
  report.target = to;
  report.snapshot_note = source.SnapshotNote();
  report.sample_note = planned.sample_note;
  report.documents = planned.documents;
  report.show_affinity = EngineFor(from).source_values() == SourceValues::kSqlite;
  AddDdl(plan, rules, &report);
  return report;
}

// --sample for tables: a number of rows (0: none) or "all".
Result<size_t> SampleRows(const std::string& text) {
  if (text == "all") return SIZE_MAX;
  size_t rows = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rows);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Status::InvalidArgument("--sample takes a number of rows or 'all', not '" + text + "'");
  }
  return rows;
}

Result<PlannedCopy> PlanTables(const PlanFlags& flags, const Endpoint& from, Source& source) {
  FERRY_ASSIGN_OR_RETURN(size_t rows, SampleRows(flags.documents.sample));
  FERRY_ASSIGN_OR_RETURN(
      PlanOptions options,
      MakePlanOptions(flags.config, flags.tables, flags.exclude, flags.snake_case, flags.schema));
  FERRY_RETURN_IF_ERROR(SetSourceTypes(from, nullptr, &options));  // the target is not contacted
  std::string raw_row_format;  // what the target's writers would take as it is
  if (!flags.to.empty()) {
    Result<Endpoint> to = ParseEndpoint(flags.to);
    if (to.ok()) {
      raw_row_format = EngineFor(*to).target_rules().raw_row_format;
      SetTargetDialect(*to, &options);
      // As `ferry copy --schema-from` would with --mode create.
      FERRY_RETURN_IF_ERROR(ChooseSchemaFrom(flags.schema_from, from, *to, WriteMode::kCreate,
                                             flags.schema, "", &options)
                                .status());
    }
  }
  // PostgreSQL values keep their types: there is nothing for a sample to check.
  if (EngineFor(from).source_values() == SourceValues::kPostgres) rows = 0;
  PlannedCopy planned;
  FERRY_ASSIGN_OR_RETURN(planned.schema, source.DescribeSchema());
  FERRY_ASSIGN_OR_RETURN(planned.plan, BuildPlan(planned.schema, options));
  FERRY_RETURN_IF_ERROR(ChooseRawRows(source, raw_row_format, &planned.plan));
  FERRY_RETURN_IF_ERROR(SampleTables(source, rows, &planned.plan));
  if (rows == SIZE_MAX) {
    planned.sample_note = "every row of each table";
  } else if (rows > 0) {
    planned.sample_note = "the first " + std::to_string(rows) + " rows of each table";
  }
  return planned;
}

// Documents: the schema itself is inferred from the sample (mapping/document_plan.h).
Result<PlannedCopy> PlanDocuments(const PlanFlags& flags, Source& source) {
  FERRY_ASSIGN_OR_RETURN(
      DocumentPlanOptions options,
      MakeDocumentPlanOptions(flags.documents, flags.config, flags.tables, flags.exclude));
  SetDocumentTarget(flags.to, &options);
  FERRY_ASSIGN_OR_RETURN(DocumentPlan document_plan, BuildDocumentPlan(source, options));
  PlannedCopy planned;
  planned.plan = document_plan.plan;
  planned.document_plan = std::move(document_plan);
  planned.plan.target_schema = flags.schema;
  planned.documents = true;
  planned.sample_note = options.sample < 0 ? "every document of each collection"
                                           : "the first " + std::to_string(options.sample) +
                                                 " documents of each collection (the schema is "
                                                 "inferred from them)";
  return planned;
}

int RunPlanCommand(const PlanFlags& flags) {
  // 1. What to read and where it would go (nothing is opened for writing).
  Result<Endpoint> from = ParseEndpoint(flags.from);
  if (!from.ok()) return UsageError(from.status());
  if (!flags.from_schema.empty()) from->schema = flags.from_schema;
  Result<std::string> to = DescribeTarget(flags.to);
  if (!to.ok()) return UsageError(to.status());
  Status schema = RefuseStateSchema(flags.schema);  // documents plan without MakePlanOptions
  if (!schema.ok()) return UsageError(schema);
  if (!flags.config.empty()) {  // a missing or malformed ferry.toml is the user's to fix
    Result<MappingConfig> config = LoadMappingConfig(flags.config);
    if (!config.ok()) return UsageError(config.status());
  }
  // 2. The source.
  Result<std::unique_ptr<Source>> source = OpenCopySource(*from);
  if (!source.ok()) {
    bool usage = source.status().code() == StatusCode::kInvalidArgument;  // a kind not read yet
    return usage ? UsageError(source.status()) : Fail(source.status());
  }
  // 3. The mapping, checked against (or, for documents, inferred from) a sample.
  Result<PlannedCopy> planned = IsDocumentEndpoint(*from) ? PlanDocuments(flags, **source)
                                                          : PlanTables(flags, *from, **source);
  if (!planned.ok()) {
    bool usage = planned.status().code() == StatusCode::kInvalidArgument;
    return usage ? UsageError(planned.status()) : Fail(planned.status());
  }
  // 4. The plan with the DDL the copy would run, and the mapping file when asked.
  if (!flags.write_mapping.empty()) {
    std::ofstream file(flags.write_mapping, std::ios::binary | std::ios::trunc);
    file << (planned->documents ? WriteDocumentMappingToml(planned->document_plan, from->Redacted())
                                : FormatMappingConfig(planned->schema, planned->plan));
    if (!file.flush()) return Fail(Status::IoError("cannot write '" + flags.write_mapping + "'"));
    spdlog::info("wrote the mapping to {}; edit it and pass it back with --config",
                 flags.write_mapping);
  }
  PlanReport report = MakeReport(*planned, *from, *to, TargetRulesOf(flags.to), **source);
  std::cout << (flags.json ? FormatPlanJson(report) : FormatPlanText(report));
  return kExitOk;
}

}  // namespace

void AddPlanCommand(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<PlanFlags>();
  CLI::App* plan = app.add_subcommand(
      "plan",
      "Show what a copy would do: tables, types and why, keys, DDL, warnings (writes nothing)");
  plan->add_option("--from", flags->from,
                   "Source: sqlite:PATH (tables: --sample rows are checked, 0 for none), "
                   "postgres://...[?schema=NAME], or mongodb://, mongodump:DIR, ndjson:PATH "
                   "(--sample documents infer the schema)")
      ->required();
  plan->add_option("--from-schema", flags->from_schema,
                   "PostgreSQL source: the schema to read (default: ?schema= in --from, else "
                   "public)");
  plan->add_option("--to", flags->to,
                   "Target: postgres://USER@HOST:PORT/DB (only shown, never contacted)");
  plan->add_option("--config", flags->config, "Mapping file (ferry.toml)");
  plan->add_option("--tables", flags->tables, "Only these source tables (a,b,c)")->delimiter(',');
  plan->add_option("--exclude", flags->exclude, "Never these source tables")->delimiter(',');
  plan->add_flag("--snake-case", flags->snake_case,
                 "Target names in snake_case (AlbumId → album_id)");
  plan->add_option("--schema-from", flags->schema_from,
                   "PostgreSQL to PostgreSQL (with --to): which tables take the source's own "
                   "schema (pg_dump), as ferry copy --schema-from (auto, source or ferry)")
      ->check(CLI::IsMember({"auto", "source", "ferry"}))
      ->default_val("auto");
  plan->add_option("--schema", flags->schema, "PostgreSQL schema for the tables")
      ->default_val("public");
  AddDocumentFlags(plan, &flags->documents);
  plan->add_flag("--json", flags->json, "Print the plan as JSON");
  plan->add_option("--write-mapping", flags->write_mapping,
                   "Also write the mapping as a ferry.toml to edit and pass back with --config");
  plan->callback(
      [flags, &invocation] { invocation.run = [flags] { return RunPlanCommand(*flags); }; });
}

}  // namespace ferry::cli
