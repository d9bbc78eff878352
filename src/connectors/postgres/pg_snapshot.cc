#include "connectors/postgres/pg_snapshot.h"

#include <spdlog/spdlog.h>

#include <map>
#include <sstream>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_source.h"

namespace ferry {
namespace {

constexpr std::string_view kSharedNote =
    "one REPEATABLE READ snapshot exported by the run's first process and imported by all its "
    "workers (and by --join'ed processes while that process runs); a run resumed after it is "
    "gone, or joined later, reads the source as it is then: each chunk still lands exactly "
    "once, but rows written in between may be missed (or, in tables without a key, copied "
    "twice)";

constexpr std::string_view kNoExportNote =
    "the server cannot export a snapshot: each worker reads its own REPEATABLE READ snapshot, "
    "so rows written during the copy may or may not be copied";

std::string SchemaOf(const Endpoint& source) {
  return source.schema.empty() ? "public" : source.schema;
}

// Per table of the schema: n_tup_ins + n_tup_upd + n_tup_del, as "count name" lines.
Result<std::string> ReadWriteCounters(PgConnection& conn, const std::string& schema) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(
      PgResult r,
      conn.ExecParams("SELECT n_tup_ins + n_tup_upd + n_tup_del, relname FROM pg_stat_user_tables "
                      "WHERE schemaname = $1 ORDER BY relname",
                      params));
  std::string out;
  for (int i = 0; i < r.rows(); ++i) {
    out += std::string(r.Get(i, 0)) + " " + std::string(r.Get(i, 1)) + "\n";
  }
  return out;
}

std::map<std::string, std::string> ParseCounters(const std::string& text) {
  std::map<std::string, std::string> counters;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    size_t space = line.find(' ');
    if (space != std::string::npos) counters[line.substr(space + 1)] = line.substr(0, space);
  }
  return counters;
}

}  // namespace

Result<TakenSnapshot> TakePgSnapshot(const Endpoint& source) {
  // Counters first: a write between them and the export is reported later
  // as a change that was in fact copied, never the other way round.
  TakenSnapshot taken;
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(source, "ferry snapshot"));
  FERRY_ASSIGN_OR_RETURN(taken.snapshot.state, ReadWriteCounters(conn, SchemaOf(source)));
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> opened,
                         PgSource::Open(source, SchemaOf(source)));
  taken.snapshot.location = opened->snapshot_id();
  taken.snapshot.note = std::string(taken.snapshot.location.empty() ? kNoExportNote : kSharedNote);
  if (!taken.snapshot.location.empty()) {
    spdlog::info("   exported snapshot {}", taken.snapshot.location);
  }
  taken.source = std::move(opened);
  return taken;
}

Result<std::unique_ptr<Source>> OpenPgSnapshotSource(const Endpoint& source,
                                                     const SourceSnapshot& snapshot) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> opened,
                         PgSource::Open(source, SchemaOf(source), snapshot.location));
  if (!snapshot.location.empty() && !opened->imported()) {
    spdlog::warn(
        "   the run's snapshot {} is gone (the process that took it has ended): this process "
        "reads the source as it is now, in snapshot {} shared by its workers; chunks done before "
        "are not read again, so rows written since may be missing from them (verify tells)",
        snapshot.location, opened->snapshot_id());
  } else if (!snapshot.location.empty()) {
    spdlog::info("   reading the run's snapshot {}", snapshot.location);
  }
  return std::unique_ptr<Source>(std::move(opened));
}

Result<std::string> DescribePgSourceChange(const Endpoint& source, const SourceSnapshot& snapshot) {
  if (snapshot.state.empty()) return std::string();
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(source, "ferry snapshot"));
  FERRY_ASSIGN_OR_RETURN(std::string now, ReadWriteCounters(conn, SchemaOf(source)));
  std::map<std::string, std::string> before = ParseCounters(snapshot.state);
  std::string changed;
  for (const auto& [table, count] : ParseCounters(now)) {
    auto it = before.find(table);
    if (it != before.end() && it->second == count) continue;
    changed += (changed.empty() ? "" : ", ") + table;
  }
  if (changed.empty()) return std::string();
  return "the source tables " + changed +
         " were written to since this run was planned (pg_stat_user_tables counts inserts, "
         "updates and deletes)";
}

}  // namespace ferry
