#include "verify/verify_runner.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <thread>

#include "core/log.h"
#include "ferry/endpoint.h"
#include "verify/stored_table_verifier.h"

namespace ferry {
namespace {

int Family(LogicalType type) {
  switch (type) {
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
      return 1;
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      return 2;
    default:
      return 100 + static_cast<int>(type);
  }
}

// What keeps the plan's table from being compared with the target's, if anything.
std::vector<std::string> SchemaDifferences(const TableSchema& planned, const TableSchema* actual) {
  if (actual == nullptr) return {"table \"" + planned.name + "\" is missing in the target"};
  std::vector<std::string> differences;
  for (const Column& column : planned.columns) {
    int index = actual->ColumnIndex(column.name);
    if (index < 0) {
      differences.push_back("column \"" + column.name + "\" is missing in the target");
    } else if (!HashCompatible(column.type, actual->columns[index].type)) {
      differences.push_back("column \"" + column.name + "\" is " +
                            std::string(LogicalTypeName(column.type)) + " in the plan but " +
                            actual->columns[index].native_type + " in the target");
    }
  }
  return differences;
}

// Why the target side of `plan` cannot come from stored digests, before asking for them.
std::string WhyNotStored(const VerifyRun& run, const TablePlan& plan) {
  if (run.stored == nullptr) {
    return run.why_not_stored.empty() ? "no copy run's digests to use" : run.why_not_stored;
  }
  if (run.options.level == VerifyLevel::kCount) return "--level count reads the row counts";
  if (run.options.float_tolerance > 0 && HasFloatColumn(plan.target)) {
    return "--float-tolerance compares float columns by value";
  }
  return "";
}

// Verifies `plan` against the digests a copy run stored for its target; true
// when that settled it. Otherwise result->target_read_because says why not.
// The target check runs while the source is read; when it fails, the read stops.
bool VerifyFromStored(const VerifyRun& run, const TablePlan& plan, TableSide& source,
                      TableResult* result) {
  result->target_read_because = WhyNotStored(run, plan);
  if (!result->target_read_because.empty()) return false;
  auto start = std::chrono::steady_clock::now();
  Result<StoredTable> stored = run.stored->ForTable(plan);
  if (!stored.ok()) {
    result->target_read_because = RedactSecrets(stored.status().message());
    return false;
  }
  TableResult outcome = *result;
  std::string difference;
  Status unchanged;
  Result<bool> equal = false;
  {
    std::stop_source stop_reading;
    std::jthread check([&] {
      unchanged = run.stored->CheckTargetUnchanged(plan);
      if (!unchanged.ok()) stop_reading.request_stop();
    });
    equal = VerifyAgainstStored(source, *stored, plan.target, run.options, &outcome, &difference,
                                stop_reading.get_token());
  }
  if (!unchanged.ok()) {
    result->target_read_because = RedactSecrets(unchanged.message());
  } else if (!equal.ok()) {
    result->target_read_because = "reading the source at the copy's chunks failed: " +
                                  RedactSecrets(equal.status().message());
  } else if (!*equal) {
    result->target_read_because = difference;
  }
  if (!unchanged.ok() || !equal.ok() || !*equal) return false;
  *result = std::move(outcome);
  result->target_from_run = stored->run_id;
  result->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info(
      "verified {}: {} source rows equal to copy run {}'s {} chunk digest(s), target "
      "unchanged since ({:.1f} s)",
      plan.target.name, result->source_rows, stored->run_id, result->chunks, result->seconds);
  return true;
}

void VerifyOne(const VerifyRun& run, const TablePlan& plan, const DatabaseSchema& target_schema,
               TableResult* result) {
  result->source_table = plan.source.name;
  result->target_table = plan.target.name;
  result->schema_differences =
      SchemaDifferences(plan.target, target_schema.FindTable(plan.target.name));
  if (!result->schema_differences.empty()) return;
  int columns = static_cast<int>(plan.target.columns.size());
  TableSide source("source table \"" + plan.source.name + "\"", run.source, plan.source, columns,
                   [&run, &plan] { return run.make_transform(plan); });
  TableSide target("target table \"" + run.plan->target_schema + "." + plan.target.name + "\"",
                   run.target, plan.target, columns);
  if (VerifyFromStored(run, plan, source, result)) return;
  spdlog::debug("{}: reading the target: {}", plan.target.name, result->target_read_because);
  VerifyTable(source, target, plan.target, run.options, result);
  spdlog::info("verified {}: {} source rows, {} target rows, {} of {} chunks differ ({:.1f} s)",
               plan.target.name, result->source_rows, result->target_rows, result->chunks_differing,
               result->chunks, result->seconds);
}

}  // namespace

bool HashCompatible(LogicalType a, LogicalType b) { return Family(a) == Family(b); }

bool VerifyReport::Differs() const {
  for (const TableResult& t : tables) {
    if (t.Differs()) return true;
  }
  return false;
}

bool VerifyReport::HasErrors() const {
  for (const TableResult& t : tables) {
    if (!t.error.ok()) return true;
  }
  return false;
}

Result<VerifyReport> RunVerify(const VerifyRun& run) {
  FERRY_ASSIGN_OR_RETURN(DatabaseSchema target_schema, run.target->DescribeSchema());
  VerifyReport report;
  report.options = run.options;
  report.options_differ = run.options_differ;
  report.tables.resize(run.plan->tables.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < run.plan->tables.size(); i = next++) {
      VerifyOne(run, run.plan->tables[i], target_schema, &report.tables[i]);
    }
  };
  {
    std::vector<std::jthread> workers;
    int jobs = std::max(1, std::min<int>(run.options.jobs, static_cast<int>(report.tables.size())));
    for (int j = 1; j < jobs; ++j) workers.emplace_back(worker);
    worker();
  }
  return report;
}

}  // namespace ferry
