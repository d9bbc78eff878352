#include "connectors/postgres/pg_run_store.h"

#include <set>
#include <string>
#include <vector>

#include "connectors/postgres/pg_batch_writer.h"
#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_native_schema.h"
#include "connectors/postgres/pg_ready_table.h"
#include "connectors/postgres/pg_run_schema.h"
#include "core/json_text.h"
#include "core/key_bound.h"

namespace ferry {
namespace {

using Params = std::vector<std::optional<std::string>>;

constexpr std::string_view kRunColumns =
    "run_id, source, target, snapshot, source_state, snapshot_note, state, created_at::text, "
    "coalesce(finished_at::text, ''), mapping";

std::string OptionsJson(const RunOptions& options) {
  std::string json = "{";
  for (const auto& [name, value] : options) {
    if (json.size() > 1) json += ", ";
    AppendJsonString(name, &json);
    json += ": ";
    AppendJsonString(value, &json);
  }
  return json + "}";
}

std::optional<std::string> OptionalInt(const std::optional<int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

std::optional<std::string> OptionalBound(const std::vector<KeyPart>& parts) {
  if (parts.empty()) return std::nullopt;
  return EncodeKeyBound(parts);
}

// A claimed chunk from the columns table_no, chunk_no, lower_int, upper_int,
// lower_key, upper_key, estimated_rows, attempts, chunk_by.
Result<ChunkClaim> ReadClaim(const PgResult& r) {
  ChunkClaim claim;
  claim.table_no = std::stoi(std::string(r.Get(0, 0)));
  claim.chunk.id = std::stoll(std::string(r.Get(0, 1)));
  if (!r.IsNull(0, 2)) claim.chunk.lower = std::stoll(std::string(r.Get(0, 2)));
  if (!r.IsNull(0, 3)) claim.chunk.upper = std::stoll(std::string(r.Get(0, 3)));
  if (!r.IsNull(0, 4)) {
    FERRY_ASSIGN_OR_RETURN(claim.chunk.lower_key, DecodeKeyBound(r.Get(0, 4)));
  }
  if (!r.IsNull(0, 5)) {
    FERRY_ASSIGN_OR_RETURN(claim.chunk.upper_key, DecodeKeyBound(r.Get(0, 5)));
  }
  claim.chunk.estimated_rows = std::stoll(std::string(r.Get(0, 6)));
  claim.attempts = std::stoi(std::string(r.Get(0, 7)));
  ParseChunkBy(r.Get(0, 8), &claim.chunk.by);
  return claim;
}

Result<bool> HasRunSchema(PgConnection& conn) {
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec("SELECT to_regclass('_ferry.runs') IS NOT NULL"));
  return r.Get(0, 0) == "t";
}

std::string Seconds(std::chrono::seconds s) { return std::to_string(s.count()); }

}  // namespace

Result<std::unique_ptr<PgRunStore>> PgRunStore::Connect(const Endpoint& endpoint,
                                                        std::string target_schema) {
  FERRY_RETURN_IF_ERROR(RefuseStateSchema(target_schema));
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint, "ferry state"));
  return std::unique_ptr<PgRunStore>(
      new PgRunStore(endpoint, std::move(target_schema), std::move(conn)));
}

Status PgRunStore::WithConnection(const std::function<Status(PgConnection&)>& work) {
  std::lock_guard lock(mutex_);
  for (int attempt = 0;; ++attempt) {
    if (!conn_ || conn_->IsBroken()) {
      conn_.reset();
      FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint_, "ferry state"));
      conn_.emplace(std::move(conn));
    }
    Status s = work(*conn_);
    if (s.ok() || !s.IsRetryable() || attempt == 1) return s;
  }
}

Status PgRunStore::Initialize() {
  return WithConnection([](PgConnection& conn) { return EnsurePgRunSchema(conn); });
}

Result<std::vector<RunRecord>> PgRunStore::QueryRuns(PgConnection& conn, const std::string& where) {
  FERRY_ASSIGN_OR_RETURN(
      PgResult r, conn.Exec("SELECT " + std::string(kRunColumns) + " FROM _ferry.runs " + where));
  std::vector<RunRecord> runs;
  for (int row = 0; row < r.rows(); ++row) {
    RunRecord run;
    std::string* fields[] = {&run.run_id,       &run.source,        &run.target, &run.snapshot,
                             &run.source_state, &run.snapshot_note, &run.state,  &run.created_at,
                             &run.finished_at,  &run.mapping};
    for (int column = 0; column < 10; ++column) *fields[column] = std::string(r.Get(row, column));
    FERRY_ASSIGN_OR_RETURN(PgResult options,
                           conn.Exec("SELECT key, value FROM _ferry.runs, jsonb_each_text(options) "
                                     "WHERE run_id = " +
                                     QuotePgLiteral(run.run_id)));
    for (int o = 0; o < options.rows(); ++o) {
      run.options[std::string(options.Get(o, 0))] = std::string(options.Get(o, 1));
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<std::optional<RunRecord>> PgRunStore::FindRun(const std::string& run_id) {
  std::optional<RunRecord> found;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(bool present, HasRunSchema(conn));
    if (!present) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(std::vector<RunRecord> runs,
                           QueryRuns(conn, "WHERE run_id = " + QuotePgLiteral(run_id)));
    if (!runs.empty()) found = std::move(runs[0]);
    return Status::OK();
  }));
  return found;
}

Result<std::vector<RunRecord>> PgRunStore::FindUnfinishedRuns(const std::string& source,
                                                              const std::string& target) {
  std::vector<RunRecord> runs;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(runs, QueryRuns(conn, "WHERE source = " + QuotePgLiteral(source) +
                                                     " AND target = " + QuotePgLiteral(target) +
                                                     " AND state IN ('loading', 'finishing') "
                                                     "ORDER BY created_at"));
    return Status::OK();
  }));
  return runs;
}

Result<std::optional<RunRecord>> PgRunStore::LatestRun() {
  std::optional<RunRecord> found;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(bool present, HasRunSchema(conn));
    if (!present) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(std::vector<RunRecord> runs,
                           QueryRuns(conn, "ORDER BY created_at DESC, run_id LIMIT 1"));
    if (!runs.empty()) found = std::move(runs[0]);
    return Status::OK();
  }));
  return found;
}

Status PgRunStore::CreateRun(const RunRecord& run, const std::vector<RunTable>& tables,
                             const RunSetup& setup) {
  return WithConnection([&](PgConnection& conn) -> Status {
    FERRY_ASSIGN_OR_RETURN(PgTransaction transaction, PgTransaction::Begin(conn));
    // Two processes starting the same run at once: the second waits, then finds it.
    FERRY_RETURN_IF_ERROR(conn.Run("SELECT pg_advisory_xact_lock(hashtext(" +
                                   QuotePgLiteral("ferry run " + run.run_id) + "))"));
    FERRY_ASSIGN_OR_RETURN(
        PgResult existing,
        conn.Exec("SELECT state FROM _ferry.runs WHERE run_id = " + QuotePgLiteral(run.run_id)));
    if (existing.rows() > 0 && existing.Get(0, 0) != "abandoned") {
      return Status::AlreadyExists("run " + run.run_id + " exists (state " +
                                   std::string(existing.Get(0, 0)) + ")");
    }
    // An abandoned run of the same id (--restart of the same command) gives
    // way to the new one; its tables and chunks go with it.
    if (existing.rows() > 0) {
      FERRY_RETURN_IF_ERROR(
          conn.Run("DELETE FROM _ferry.runs WHERE run_id = " + QuotePgLiteral(run.run_id)));
    }
    FERRY_RETURN_IF_ERROR(InsertRun(conn, run, tables));
    if (setup.native != nullptr) {
      FERRY_RETURN_IF_ERROR(RestorePreData(conn, *setup.native, tables, setup.not_restored));
    }
    FERRY_RETURN_IF_ERROR(ReadyTables(conn, tables, setup.mode));
    return transaction.Commit().WithContext("recording run " + run.run_id);
  });
}

Status PgRunStore::InsertRun(PgConnection& conn, const RunRecord& run,
                             const std::vector<RunTable>& tables) {
  Params params = {run.run_id,   run.source,       run.target,        OptionsJson(run.options),
                   run.snapshot, run.source_state, run.snapshot_note, run.mapping};
  FERRY_RETURN_IF_ERROR(
      conn.ExecParams("INSERT INTO _ferry.runs (run_id, source, target, options, snapshot, "
                      "source_state, snapshot_note, mapping) VALUES ($1, $2, $3, $4::jsonb, $5, "
                      "$6, $7, $8)",
                      params)
          .status());
  for (size_t t = 0; t < tables.size(); ++t) {
    const RunTable& table = tables[t];
    ChunkBy by = table.chunks.empty() ? ChunkBy::kIntegerKey : table.chunks[0].by;
    Params table_params = {run.run_id,
                           std::to_string(t),
                           table.source_name,
                           table.target.name,
                           std::string(ChunkByName(by)),
                           std::to_string(table.target.estimated_rows)};
    FERRY_RETURN_IF_ERROR(conn.ExecParams("INSERT INTO _ferry.tables VALUES ($1, $2::int, $3, $4, "
                                          "$5, $6::bigint)",
                                          table_params)
                              .status());
    for (const Chunk& chunk : table.chunks) {
      Params chunk_params = {run.run_id,
                             std::to_string(t),
                             std::to_string(chunk.id),
                             OptionalInt(chunk.lower),
                             OptionalInt(chunk.upper),
                             OptionalBound(chunk.lower_key),
                             OptionalBound(chunk.upper_key),
                             std::to_string(chunk.estimated_rows)};
      FERRY_RETURN_IF_ERROR(
          conn.ExecParams("INSERT INTO _ferry.chunks (run_id, table_no, chunk_no, lower_int, "
                          "upper_int, lower_key, upper_key, estimated_rows) VALUES ($1, $2::int, "
                          "$3::int, $4::bigint, $5::bigint, $6, $7, $8::bigint)",
                          chunk_params)
              .status());
    }
  }
  return Status::OK();
}

// The target tables are made ready once, in the transaction that records the
// run; chunk writers then only append (or upsert).
Status PgRunStore::ReadyTables(PgConnection& conn, const std::vector<RunTable>& tables,
                               WriteMode mode) {
  if (mode == WriteMode::kCreate || mode == WriteMode::kReplace) {
    FERRY_RETURN_IF_ERROR(conn.Run(CreateSchemaSql(schema_)));
  }
  for (const RunTable& table : tables) {
    if (ReadiedByItsChunk(table) || table.native_schema) continue;
    FERRY_RETURN_IF_ERROR(ReadyPgTable(conn, table.target, schema_, mode));
  }
  return Status::OK();
}

Result<std::optional<ChunkClaim>> PgRunStore::ClaimChunk(const std::string& run_id,
                                                         const std::string& worker,
                                                         std::chrono::seconds claim_timeout) {
  // The first pending (or expired) chunk nobody else is claiming right now.
  static const std::string kClaim =
      "WITH next AS (SELECT table_no, chunk_no FROM _ferry.chunks WHERE run_id = $1 AND "
      "(state = 'pending' OR (state = 'running' AND heartbeat_at < clock_timestamp() - "
      "make_interval(secs => $3::int))) ORDER BY table_no, chunk_no LIMIT 1 "
      "FOR UPDATE SKIP LOCKED) "
      "UPDATE _ferry.chunks c SET state = 'running', worker = $2, attempts = c.attempts + 1, "
      "started_at = clock_timestamp(), heartbeat_at = clock_timestamp() FROM next "
      "WHERE c.run_id = $1 AND c.table_no = next.table_no AND c.chunk_no = next.chunk_no "
      "RETURNING c.table_no, c.chunk_no, c.lower_int, c.upper_int, c.lower_key, c.upper_key, "
      "c.estimated_rows, c.attempts, (SELECT chunk_by FROM _ferry.tables t "
      "WHERE t.run_id = c.run_id AND t.table_no = c.table_no)";
  std::optional<ChunkClaim> claim;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    Params params = {run_id, worker, Seconds(claim_timeout)};
    FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kClaim, params));
    if (r.rows() == 0) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(claim, ReadClaim(r));
    return Status::OK();
  }));
  return claim;
}

Status PgRunStore::ReleaseChunk(const std::string& run_id, const std::string& worker,
                                const ChunkClaim& claim, const std::string& error) {
  return WithConnection([&](PgConnection& conn) {
    Params params = {run_id, std::to_string(claim.table_no), std::to_string(claim.chunk.id), worker,
                     RedactSecrets(error)};
    return conn
        .ExecParams(
            "UPDATE _ferry.chunks SET state = 'pending', worker = NULL, "
            "errors = errors + 1, last_error = $5 WHERE run_id = $1 AND "
            "table_no = $2::int AND chunk_no = $3::int AND state = 'running' "
            "AND worker = $4",
            params)
        .status();
  });
}

Status PgRunStore::Heartbeat(const std::string& run_id, const std::string& process,
                             const std::vector<std::string>& claims) {
  std::string array = "ARRAY[";
  for (size_t i = 0; i < claims.size(); ++i) array += (i ? ", " : "") + QuotePgLiteral(claims[i]);
  array += "]::text[]";
  return WithConnection([&](PgConnection& conn) -> Status {
    Params params = {run_id, process};
    FERRY_RETURN_IF_ERROR(
        conn.ExecParams("INSERT INTO _ferry.workers (run_id, worker) VALUES ($1, $2) "
                        "ON CONFLICT (run_id, worker) DO UPDATE SET heartbeat_at = now()",
                        params)
            .status());
    if (claims.empty()) return Status::OK();
    return conn.Run("UPDATE _ferry.chunks SET heartbeat_at = clock_timestamp() WHERE run_id = " +
                    QuotePgLiteral(run_id) + " AND state = 'running' AND worker = ANY(" + array +
                    ")");
  });
}

Result<bool> PgRunStore::BeginFinishing(const std::string& run_id) {
  bool moved = false;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    std::string id = QuotePgLiteral(run_id);
    FERRY_ASSIGN_OR_RETURN(
        PgResult r, conn.Exec("UPDATE _ferry.runs SET state = 'finishing' WHERE run_id = " + id +
                              " AND state = 'loading' AND NOT EXISTS (SELECT 1 FROM "
                              "_ferry.chunks WHERE run_id = " +
                              id + " AND state <> 'done') RETURNING 1"));
    moved = r.rows() == 1;
    return Status::OK();
  }));
  return moved;
}

Result<bool> PgRunStore::TableDone(const std::string& run_id, int table_no) {
  bool done = false;
  FERRY_RETURN_IF_ERROR(WithConnection([&](PgConnection& conn) -> Status {
    Params params = {run_id, std::to_string(table_no)};
    FERRY_ASSIGN_OR_RETURN(
        PgResult r,
        conn.ExecParams("SELECT NOT EXISTS (SELECT 1 FROM _ferry.chunks WHERE run_id = $1 AND "
                        "table_no = $2::int AND state <> 'done')",
                        params));
    done = r.Get(0, 0) == "t";
    return Status::OK();
  }));
  return done;
}

Status PgRunStore::MarkRunDone(const std::string& run_id) {
  return WithConnection([&](PgConnection& conn) {
    return conn.Run("UPDATE _ferry.runs SET state = 'done', finished_at = now() WHERE run_id = " +
                    QuotePgLiteral(run_id));
  });
}

Status PgRunStore::RestorePreData(PgConnection& conn, const NativeSchema& schema,
                                  const std::vector<RunTable>& tables,
                                  std::vector<SkippedObject>* not_restored) {
  if (schema.dialect != "postgresql") {
    return Status::FailedPrecondition("a PostgreSQL target cannot restore a " + schema.dialect +
                                      " schema");
  }
  std::set<std::string> run_tables;
  for (const RunTable& table : tables) {
    if (table.native_schema) run_tables.insert(table.target.name);
  }
  return RestorePgPreData(conn, schema, run_tables, not_restored);
}

}  // namespace ferry
