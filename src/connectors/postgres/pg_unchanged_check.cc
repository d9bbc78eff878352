#include "connectors/postgres/pg_unchanged_check.h"

#include <fmt/format.h>

#include <map>

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

constexpr int64_t kXidMask = 0xffffffffLL;
// Beyond this age a 32-bit xid may name a newer transaction too.
constexpr int64_t kMaxRunAge = int64_t{1} << 31;

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

UnchangedCheck JudgeRowVersions(const DoneTable& table, const std::vector<XminRows>& found,
                                int64_t next_xid) {
  std::map<int64_t, const DoneChunk*> by_xmin;  // low 32 bits of committed_xid
  for (const DoneChunk& c : table.chunks) {
    if (c.committed_xid < 0) {
      return {false, fmt::format("chunk {} was recorded without its transaction id (by an older "
                                 "ferry)",
                                 c.chunk.id)};
    }
    if (next_xid - c.committed_xid >= kMaxRunAge) {
      return {false, fmt::format("the copy is {} transactions old, too old to tell its rows from "
                                 "newer ones by xmin",
                                 next_xid - c.committed_xid)};
    }
    by_xmin[c.committed_xid & kXidMask] = &c;
  }
  std::map<int64_t, int64_t> rows_of_chunk;  // by chunk id
  int64_t foreign_rows = 0;
  for (const XminRows& x : found) {
    auto chunk = by_xmin.find(x.xmin & kXidMask);
    if (chunk == by_xmin.end()) {
      foreign_rows += x.rows;
    } else {
      rows_of_chunk[chunk->second->chunk.id] += x.rows;
    }
  }
  std::vector<std::string> changes;
  if (foreign_rows > 0) {
    changes.push_back(fmt::format("{} row(s) written since the copy (INSERT, UPDATE or a rewrite)",
                                  foreign_rows));
  }
  int64_t missing = 0;
  int64_t first_short_chunk = -1;
  for (const DoneChunk& c : table.chunks) {
    int64_t have = rows_of_chunk[c.chunk.id];
    if (have == c.rows) continue;
    if (have > c.rows) {
      // Cannot happen with one transaction per chunk; say so rather than guess.
      changes.push_back(fmt::format("chunk {} has {} row(s) from its transaction, not {}",
                                    c.chunk.id, have, c.rows));
      continue;
    }
    missing += c.rows - have;
    if (first_short_chunk < 0) first_short_chunk = c.chunk.id;
  }
  if (missing > 0) {
    changes.push_back(
        fmt::format("{} copied row(s) gone or rewritten since (DELETE, UPDATE, "
                    "TRUNCATE), the first in chunk {}",
                    missing, first_short_chunk));
  }
  if (changes.empty()) return {true, ""};
  return {false, Joined(changes)};
}

Result<UnchangedCheck> CheckTableUnchanged(PgConnection& conn, const std::string& schema,
                                           const DoneTable& table) {
  std::string name = QualifiedPgName(schema, table.target_name);
  FERRY_ASSIGN_OR_RETURN(PgResult present,
                         conn.Exec("SELECT to_regclass(" + QuotePgLiteral(name) +
                                   ") IS NOT NULL, "
                                   "pg_snapshot_xmax(pg_current_snapshot())::text::bigint"));
  if (present.Get(0, 0) != "t") return UnchangedCheck{false, "the table is gone"};
  int64_t next_xid = std::stoll(std::string(present.Get(0, 1)));
  // Only the system column: the scan neither decodes nor detoasts a value.
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec("SELECT xmin::text::bigint, count(*) FROM ONLY " +
                                               name + " GROUP BY 1"));
  std::vector<XminRows> found;
  for (int row = 0; row < r.rows(); ++row) {
    found.push_back(
        {std::stoll(std::string(r.Get(row, 0))), std::stoll(std::string(r.Get(row, 1)))});
  }
  return JudgeRowVersions(table, found, next_xid);
}

}  // namespace ferry
