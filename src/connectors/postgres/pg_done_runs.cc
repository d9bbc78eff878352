// PgRunStore's reads for verify: finished runs, their chunks, and whether a
// copied table is unchanged since (pg_unchanged_check.h). Nothing here writes.
#include <string>
#include <vector>

#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_run_schema.h"
#include "connectors/postgres/pg_run_store.h"
#include "connectors/postgres/pg_unchanged_check.h"
#include "core/key_bound.h"

namespace ferry {
namespace {

// Per chunk of the run: its table, then the chunk and how it ended.
constexpr std::string_view kDoneChunks = R"sql(
SELECT t.table_no, t.source_name, t.target_name, t.chunk_by,
       c.chunk_no, c.lower_int, c.upper_int, c.lower_key, c.upper_key,
       c.state = 'done', coalesce(c.rows, 0), coalesce(c.content_hash, ''),
       coalesce(c.committed_xid, -1)
  FROM _ferry.tables t LEFT JOIN _ferry.chunks c USING (run_id, table_no)
 WHERE t.run_id = $1
 ORDER BY t.table_no, c.chunk_no
)sql";

Result<int> SchemaVersion(PgConnection& conn) {
  FERRY_ASSIGN_OR_RETURN(PgResult present,
                         conn.Exec("SELECT to_regclass('_ferry.schema_version') IS NOT NULL"));
  if (present.Get(0, 0) != "t") return 0;
  FERRY_ASSIGN_OR_RETURN(PgResult row,
                         conn.Exec("SELECT coalesce(max(version), 0) FROM _ferry.schema_version"));
  return std::stoi(std::string(row.Get(0, 0)));
}

Result<DoneChunk> ReadDoneChunk(const PgResult& r, int row) {
  DoneChunk done;
  Chunk& chunk = done.chunk;
  chunk.id = std::stoll(std::string(r.Get(row, 4)));
  ParseChunkBy(r.Get(row, 3), &chunk.by);
  if (!r.IsNull(row, 5)) chunk.lower = std::stoll(std::string(r.Get(row, 5)));
  if (!r.IsNull(row, 6)) chunk.upper = std::stoll(std::string(r.Get(row, 6)));
  if (!r.IsNull(row, 7)) {
    FERRY_ASSIGN_OR_RETURN(chunk.lower_key, DecodeKeyBound(r.Get(row, 7)));
  }
  if (!r.IsNull(row, 8)) {
    FERRY_ASSIGN_OR_RETURN(chunk.upper_key, DecodeKeyBound(r.Get(row, 8)));
  }
  done.rows = std::stoll(std::string(r.Get(row, 10)));
  done.content_hash = r.Get(row, 11);
  done.committed_xid = std::stoll(std::string(r.Get(row, 12)));
  return done;
}

}  // namespace

Result<std::vector<RunRecord>> PgRunStore::FindDoneRuns(const std::string& source,
                                                        const std::string& target) {
  std::vector<RunRecord> runs;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(int version, SchemaVersion(conn));
    if (version == 0) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(runs, QueryRuns(conn, "WHERE source = " + QuotePgLiteral(source) +
                                                     " AND target = " + QuotePgLiteral(target) +
                                                     " AND state = 'done' "
                                                     "ORDER BY finished_at DESC, run_id"));
    return Status::OK();
  }));
  return runs;
}

Result<std::vector<DoneTable>> PgRunStore::LoadDoneTables(const std::string& run_id) {
  std::vector<DoneTable> tables;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(int version, SchemaVersion(conn));
    if (version < 2) {
      return Status::FailedPrecondition(
          "the target's _ferry schema (version " + std::to_string(version) +
          ") does not record which transaction committed each chunk; copies made by this "
          "ferry do");
    }
    std::vector<std::optional<std::string>> params = {run_id};
    FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kDoneChunks, params));
    tables.clear();
    for (int row = 0; row < r.rows(); ++row) {
      int table_no = std::stoi(std::string(r.Get(row, 0)));
      if (tables.empty() || tables.back().table_no != table_no) {
        tables.push_back({table_no, std::string(r.Get(row, 1)), std::string(r.Get(row, 2)), 0, {}});
      }
      if (r.IsNull(row, 4)) continue;  // a table without chunks
      ++tables.back().chunks_total;
      if (r.Get(row, 9) != "t") continue;
      FERRY_ASSIGN_OR_RETURN(DoneChunk chunk, ReadDoneChunk(r, row));
      tables.back().chunks.push_back(std::move(chunk));
    }
    return Status::OK();
  }));
  return tables;
}

Result<UnchangedCheck> PgRunStore::CheckUnchanged(const DoneTable& table) {
  UnchangedCheck check;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(check, CheckTableUnchanged(conn, schema_, table));
    return Status::OK();
  }));
  return check;
}

}  // namespace ferry
