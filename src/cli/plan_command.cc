// `ferry plan`: what a copy would do, printed without writing anything.
#include <iostream>

#include "cli/command.h"
#include "connectors/postgres/pg_ddl.h"
#include "core/log.h"
#include "ferry/endpoint.h"
#include "mapping/mapping_config.h"
#include "mapping/plan_builder.h"
#include "mapping/plan_printer.h"
#include "mapping/sample_check.h"
#include "pipeline/endpoints.h"

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
  bool json = false;
  size_t sample_rows = 1000;
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
  if (to.kind != EndpointKind::kPostgres) {
    return Status::InvalidArgument("--to " + to.Redacted() +
                                   ": ferry plan targets PostgreSQL (postgres://...)");
  }
  return to.Redacted();
}

Result<PlanOptions> MakeOptions(const PlanFlags& flags) {
  PlanOptions options;
  if (!flags.config.empty()) {
    FERRY_ASSIGN_OR_RETURN(options.config, LoadMappingConfig(flags.config));
  }
  options.tables = flags.tables;
  options.exclude = flags.exclude;
  options.snake_case = flags.snake_case;
  options.target_schema = flags.schema;
  return options;
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

PlanReport MakeReport(const Plan& plan, const Endpoint& from, const std::string& to,
                      const Source& source, size_t sample_rows) {
  PlanReport report;
  report.plan = &plan;
  report.source = from.Redacted();
  report.target = to;
  report.snapshot_note = source.SnapshotNote();
  if (sample_rows > 0) {
    report.sample_note = "the first " + std::to_string(sample_rows) + " rows of each table";
  }
  if (plan.target_schema != "public") report.schema_sql = CreateSchemaSql(plan.target_schema);
  for (const TablePlan& table : plan.tables) {
    report.create_sql.push_back(CreateTableSql(table.target, plan.target_schema));
    report.post_data_sql.push_back(PostDataSql(table.target, plan.target_schema));
  }
  return report;
}

int RunPlanCommand(const PlanFlags& flags) {
  // 1. What to read and where it would go (nothing is opened for writing).
  Result<Endpoint> from = ParseEndpoint(flags.from);
  if (!from.ok()) return UsageError(from.status());
  Result<std::string> to = DescribeTarget(flags.to);
  if (!to.ok()) return UsageError(to.status());
  Result<PlanOptions> options = MakeOptions(flags);
  if (!options.ok()) return UsageError(options.status());
  // 2. The source schema.
  Result<std::unique_ptr<Source>> source = OpenCopySource(*from);
  if (!source.ok()) {
    bool usage = source.status().code() == StatusCode::kInvalidArgument;  // a kind not read yet
    return usage ? UsageError(source.status()) : Fail(source.status());
  }
  Result<DatabaseSchema> schema = (*source)->DescribeSchema();
  if (!schema.ok()) return Fail(schema.status());
  // 3. The mapping, checked against a sample of the rows.
  Result<Plan> plan = BuildPlan(*schema, *options);
  if (!plan.ok())
    return plan.status().code() == StatusCode::kInvalidArgument ? UsageError(plan.status())
                                                                : Fail(plan.status());
  Status sampled = SampleTables(**source, flags.sample_rows, &*plan);
  if (!sampled.ok()) return Fail(sampled);
  // 4. The plan with the DDL the copy would run.
  PlanReport report = MakeReport(*plan, *from, *to, **source, flags.sample_rows);
  std::cout << (flags.json ? FormatPlanJson(report) : FormatPlanText(report));
  return kExitOk;
}

}  // namespace

void AddPlanCommand(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<PlanFlags>();
  CLI::App* plan = app.add_subcommand(
      "plan",
      "Show what a copy would do: tables, types and why, keys, DDL, warnings (writes nothing)");
  plan->add_option("--from", flags->from, "Source: sqlite:PATH")->required();
  plan->add_option("--to", flags->to,
                   "Target: postgres://USER@HOST:PORT/DB (only shown, never contacted)");
  plan->add_option("--config", flags->config, "Mapping file (ferry.toml)");
  plan->add_option("--tables", flags->tables, "Only these source tables (a,b,c)")->delimiter(',');
  plan->add_option("--exclude", flags->exclude, "Never these source tables")->delimiter(',');
  plan->add_flag("--snake-case", flags->snake_case,
                 "Target names in snake_case (AlbumId → album_id)");
  plan->add_option("--schema", flags->schema, "PostgreSQL schema for the tables")
      ->default_val("public");
  plan->add_option("--sample", flags->sample_rows,
                   "Rows read per table to find mixed storage classes and values that will not "
                   "fit (0: none)")
      ->default_val(1000);
  plan->add_flag("--json", flags->json, "Print the plan as JSON");
  plan->callback(
      [flags, &invocation] { invocation.run = [flags] { return RunPlanCommand(*flags); }; });
}

}  // namespace ferry::cli
