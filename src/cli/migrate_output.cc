#include "cli/migrate_output.h"

#include <fmt/format.h>

#include <ostream>

namespace ferry::cli {
namespace {

using migrate::MigrationState;
using migrate::MigrationStatus;
using migrate::Step;

std::string_view ActionVerb(const Step& step) {
  switch (step.action) {
    case Step::Action::kApply:
      return step.dry_run ? "Would apply" : "Applied";
    case Step::Action::kRevert:
      return step.dry_run ? "Would revert" : "Reverted";
    case Step::Action::kBaseline:
      return "Baselined";
  }
  return "";
}

std::string_view ActionName(Step::Action action) {
  switch (action) {
    case Step::Action::kApply:
      return "apply";
    case Step::Action::kRevert:
      return "revert";
    case Step::Action::kBaseline:
      return "baseline";
  }
  return "";
}

std::string Milliseconds(int64_t nanoseconds) {
  return fmt::format("{:.1f} ms", static_cast<double>(nanoseconds) / 1e6);
}

}  // namespace

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void PrintStepText(const Step& step, std::ostream& out) {
  const migrate::Migration& m = *step.migration;
  std::string label = step.action == Step::Action::kRevert ? "revert" : "migrate";
  if (step.dry_run) {
    out << "-- " << ActionVerb(step) << " " << m.version << "/" << label << " " << m.description
        << " from " << step.script->path.string()
        << (step.script->no_transaction ? " (outside a transaction)" : "") << "\n"
        << step.script->sql;
    if (!step.script->sql.empty() && step.script->sql.back() != '\n') out << "\n";
    return;
  }
  out << ActionVerb(step) << " " << m.version << "/" << label << " " << m.description;
  if (step.action != Step::Action::kBaseline)
    out << " (" << Milliseconds(step.elapsed.count()) << ")";
  out << "\n";
}

std::string StepJson(const Step& step) {
  const migrate::Migration& m = *step.migration;
  std::string json = fmt::format(
      "{{\"action\": \"{}\", \"dry_run\": {}, \"version\": {}, "
      "\"description\": {}",
      ActionName(step.action), step.dry_run, m.version, JsonString(m.description));
  if (step.script != nullptr) {
    json += ", \"file\": " + JsonString(step.script->path.string());
    json += fmt::format(", \"no_transaction\": {}", step.script->no_transaction);
    if (step.dry_run) json += ", \"sql\": " + JsonString(step.script->sql);
  }
  if (!step.dry_run) {
    json +=
        fmt::format(", \"elapsed_ms\": {:.3f}", static_cast<double>(step.elapsed.count()) / 1e6);
  }
  return json + "}";
}

void PrintInfoText(const std::vector<MigrationStatus>& statuses, std::ostream& out) {
  size_t width = 11;
  for (const MigrationStatus& s : statuses) width = std::max(width, s.description.size());
  out << fmt::format("{:>14}  {:<{}}  {:<8}  {:<19}  {:>10}\n", "VERSION", "DESCRIPTION", width,
                     "STATE", "INSTALLED ON (UTC)", "TIME");
  for (const MigrationStatus& s : statuses) {
    std::string installed = s.applied ? s.applied->installed_on : "";
    std::string time = s.applied && s.applied->execution_time_ns >= 0
                           ? Milliseconds(s.applied->execution_time_ns)
                           : "";
    out << fmt::format("{:>14}  {:<{}}  {:<8}  {:<19}  {:>10}\n", s.version, s.description, width,
                       migrate::StateName(s.state), installed, time);
    if (s.state == MigrationState::kChanged) out << fmt::format("{:>16}{}\n", "", s.reason);
  }
  if (statuses.empty()) out << "no migrations in the folder and none applied\n";
}

std::string InfoJson(const std::vector<MigrationStatus>& statuses) {
  std::string json = "{\"migrations\": [";
  for (size_t i = 0; i < statuses.size(); ++i) {
    const MigrationStatus& s = statuses[i];
    json += i == 0 ? "\n  " : ",\n  ";
    json += fmt::format("{{\"version\": {}, \"description\": {}, \"state\": \"{}\"", s.version,
                        JsonString(s.description), migrate::StateName(s.state));
    json += ", \"file\": " + (s.migration ? JsonString(s.migration->up.path.string()) : "null");
    json += ", \"installed_on\": " + (s.applied ? JsonString(s.applied->installed_on) : "null");
    json += ", \"execution_time_ns\": " +
            (s.applied ? std::to_string(s.applied->execution_time_ns) : "null");
    json += ", \"checksum\": " +
            (s.applied ? JsonString(migrate::HexEncode(s.applied->checksum)) : "null");
    json += ", \"file_checksum\": " +
            (s.migration ? JsonString(migrate::HexEncode(s.migration->checksum)) : "null");
    if (!s.reason.empty()) json += ", \"reason\": " + JsonString(s.reason);
    json += "}";
  }
  return json + (statuses.empty() ? "]}\n" : "\n]}\n");
}

}  // namespace ferry::cli
