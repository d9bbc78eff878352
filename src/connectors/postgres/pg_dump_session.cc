#include "connectors/postgres/pg_dump_session.h"

#include <algorithm>
#include <optional>

#include "core/log.h"

namespace ferry {

Status PgDumpSession::ReadKnownParameters() {
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn_.Exec("SELECT name FROM pg_catalog.pg_settings"));
  for (int i = 0; i < r.rows(); ++i) known_.insert(std::string(r.Get(i, 0)));
  known_read_ = true;
  return Status::OK();
}

Status PgDumpSession::Apply(const std::vector<PgDumpSetting>& settings) {
  if (settings == applied_) return Status::OK();
  if (!known_read_) FERRY_RETURN_IF_ERROR(ReadKnownParameters());
  for (const PgDumpSetting& setting : settings) {
    if (std::find(applied_.begin(), applied_.end(), setting) != applied_.end()) continue;
    // A customized option ("ext.name") is never in pg_settings until set.
    if (!known_.contains(setting.name) && setting.name.find('.') == std::string::npos) {
      spdlog::debug("leaving out '{}': the target has no parameter {}", setting.sql, setting.name);
      continue;
    }
    bool seen = std::any_of(before_.begin(), before_.end(),
                            [&](const auto& b) { return b.first == setting.name; });
    if (!seen) {
      std::optional<std::string> params[] = {setting.name};
      FERRY_ASSIGN_OR_RETURN(PgResult r, conn_.ExecParams("SELECT current_setting($1)", params));
      before_.emplace_back(setting.name, std::string(r.Get(0, 0)));
    }
    FERRY_RETURN_IF_ERROR(conn_.Run(setting.sql));
  }
  applied_ = settings;
  return Status::OK();
}

Status PgDumpSession::Restore() {
  for (const auto& [name, value] : before_) {
    std::optional<std::string> params[] = {name, value};
    FERRY_RETURN_IF_ERROR(
        conn_.ExecParams("SELECT pg_catalog.set_config($1, $2, false)", params).status());
  }
  before_.clear();
  applied_.clear();
  return Status::OK();
}

}  // namespace ferry
