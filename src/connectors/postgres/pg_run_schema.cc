#include "connectors/postgres/pg_run_schema.h"

#include <string>

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

constexpr std::string_view kVersion1 = R"sql(
CREATE SCHEMA IF NOT EXISTS _ferry;
CREATE TABLE IF NOT EXISTS _ferry.schema_version (version int NOT NULL);
CREATE TABLE IF NOT EXISTS _ferry.runs (
  run_id text PRIMARY KEY,
  source text NOT NULL,
  target text NOT NULL,
  options jsonb NOT NULL,
  snapshot text NOT NULL DEFAULT '',
  source_state text NOT NULL DEFAULT '',
  snapshot_note text NOT NULL DEFAULT '',
  state text NOT NULL DEFAULT 'loading'
    CHECK (state IN ('loading', 'finishing', 'done', 'abandoned')),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz);
CREATE TABLE IF NOT EXISTS _ferry.tables (
  run_id text NOT NULL REFERENCES _ferry.runs ON DELETE CASCADE,
  table_no int NOT NULL,
  source_name text NOT NULL,
  target_name text NOT NULL,
  chunk_by text NOT NULL,
  estimated_rows bigint NOT NULL DEFAULT -1,
  PRIMARY KEY (run_id, table_no));
CREATE TABLE IF NOT EXISTS _ferry.chunks (
  run_id text NOT NULL,
  table_no int NOT NULL,
  chunk_no int NOT NULL,
  lower_int bigint,
  upper_int bigint,
  lower_key text,
  upper_key text,
  estimated_rows bigint NOT NULL DEFAULT -1,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done')),
  rows bigint,
  content_hash text,
  attempts int NOT NULL DEFAULT 0,
  worker text,
  heartbeat_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  errors int NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (run_id, table_no, chunk_no),
  FOREIGN KEY (run_id, table_no) REFERENCES _ferry.tables ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS chunks_by_state ON _ferry.chunks (run_id, state);
CREATE TABLE IF NOT EXISTS _ferry.workers (
  run_id text NOT NULL REFERENCES _ferry.runs ON DELETE CASCADE,
  worker text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, worker));
)sql";

// Version 2: the transaction that committed each done chunk (its rows' xmin),
// so that verify can tell whether a copied table is unchanged since.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE _ferry.chunks ADD COLUMN IF NOT EXISTS committed_xid bigint;
)sql";

// Version 3: what a resumed or joined run plans from (document sources record
// their sample: mapping/document_sample_record.h).
constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE _ferry.runs ADD COLUMN IF NOT EXISTS mapping text NOT NULL DEFAULT '';
)sql";

// Version 4: when and where each worker process started (boot id, pid
// namespace, start time: worker_liveness.h), so a resume on the same host can
// tell a dead worker from a live one at once, and whether it ended normally.
constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE _ferry.workers ADD COLUMN IF NOT EXISTS process_start text NOT NULL DEFAULT '';
ALTER TABLE _ferry.workers ADD COLUMN IF NOT EXISTS exited_at timestamptz;
)sql";

// Replaced on every upgrade (CREATE OR REPLACE): the message carries
// kClaimLostMarker so the worker can tell a lost claim from a failure.
// pg_current_xact_id() is the chunk's own data transaction: the function runs
// inside it (CommitChunk), so it is the xmin of every row the chunk wrote.
constexpr std::string_view kFinishChunk = R"sql(
CREATE OR REPLACE FUNCTION _ferry.finish_chunk(p_run text, p_table int, p_chunk int,
                                               p_worker text, p_rows bigint, p_hash text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE _ferry.chunks
     SET state = 'done', rows = p_rows, content_hash = p_hash,
         finished_at = clock_timestamp(), heartbeat_at = clock_timestamp(),
         committed_xid = pg_current_xact_id()::text::bigint
   WHERE run_id = p_run AND table_no = p_table AND chunk_no = p_chunk
     AND state = 'running' AND worker = p_worker;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ferry: chunk claim lost: chunk % of table % of run % is no longer held by %',
      p_chunk, p_table, p_run, p_worker;
  END IF;
END $$;
)sql";

// Creates or upgrades the layout in one transaction (rolled back on failure).
Status CreateOrUpgrade(PgConnection& conn) {
  FERRY_ASSIGN_OR_RETURN(PgTransaction transaction, PgTransaction::Begin(conn));
  FERRY_RETURN_IF_ERROR(conn.Run("SELECT pg_advisory_xact_lock(hashtext('ferry _ferry schema'))"));
  FERRY_ASSIGN_OR_RETURN(PgResult present,
                         conn.Exec("SELECT to_regclass('_ferry.schema_version') IS NOT NULL"));
  int version = 0;
  if (present.Get(0, 0) == "t") {
    FERRY_ASSIGN_OR_RETURN(
        PgResult row, conn.Exec("SELECT coalesce(max(version), 0) FROM _ferry.schema_version"));
    version = std::stoi(std::string(row.Get(0, 0)));
  }
  if (version > kPgRunSchemaVersion) {
    return Status::FailedPrecondition("the _ferry schema in the target has version " +
                                      std::to_string(version) +
                                      ", newer than this ferry understands (" +
                                      std::to_string(kPgRunSchemaVersion) + "): use a newer ferry");
  }
  if (version < 1) FERRY_RETURN_IF_ERROR(conn.Run(kVersion1));
  // Later layouts add their ALTER TABLE ... ADD COLUMN IF NOT EXISTS here.
  if (version < 2) FERRY_RETURN_IF_ERROR(conn.Run(kVersion2));
  if (version < 3) FERRY_RETURN_IF_ERROR(conn.Run(kVersion3));
  if (version < 4) FERRY_RETURN_IF_ERROR(conn.Run(kVersion4));
  FERRY_RETURN_IF_ERROR(conn.Run(kFinishChunk));
  FERRY_RETURN_IF_ERROR(
      conn.Run("DELETE FROM _ferry.schema_version; INSERT INTO "
               "_ferry.schema_version VALUES (" +
               std::to_string(kPgRunSchemaVersion) + ")"));
  return transaction.Commit().WithContext("creating the _ferry schema in the target");
}

// A refusal (SQLSTATE 42501) says what ferry was doing and which GRANT lets it.
Status ExplainRefusal(PgConnection& conn, const Status& refused) {
  Result<PgResult> who = conn.Exec("SELECT current_database(), current_user");
  std::string database = who.ok() ? std::string(who->Get(0, 0)) : "DATABASE";
  std::string user = who.ok() ? std::string(who->Get(0, 1)) : "USER";
  std::string role = QuotePgIdentifier(user);
  return Status::FailedPrecondition(
      "ferry was creating its _ferry state schema (where a chunked copy records its runs and "
      "chunks, so that it can resume) in database \"" +
      database + "\" as user \"" + user + "\", and the server refused: " + refused.message() +
      "\nGrant what it needs, as the database owner or a superuser:\n  GRANT CREATE ON "
      "DATABASE " +
      QuotePgIdentifier(database) + " TO " + role +
      ";\n(when _ferry exists already: GRANT USAGE, CREATE ON SCHEMA _ferry TO " + role +
      "; GRANT ALL ON ALL TABLES IN SCHEMA _ferry TO " + role +
      ";), or copy with --chunk-rows 0, which keeps no run state in the target");
}

}  // namespace

Status RefuseStateSchema(std::string_view schema, std::string_view option) {
  if (schema != kPgStateSchema) return Status::OK();
  return Status::InvalidArgument(
      std::string(option) + " " + std::string(schema) + ": ferry keeps the state of its copy " +
      "runs in the " + std::string(kPgStateSchema) +
      " schema of the target, so no tables of yours go there; choose another schema (the "
      "default is public)");
}

Status EnsurePgRunSchema(PgConnection& conn) {
  Status s = CreateOrUpgrade(conn);
  if (s.ok() || s.message().find("SQLSTATE 42501") == std::string::npos) return s;
  return ExplainRefusal(conn, s);
}

std::string FinishChunkSql(const ChunkDone& done) {
  return "SELECT _ferry.finish_chunk(" + QuotePgLiteral(done.run_id) + ", " +
         std::to_string(done.table_no) + ", " + std::to_string(done.chunk_id) + ", " +
         QuotePgLiteral(done.worker) + ", " + std::to_string(done.rows) + ", " +
         QuotePgLiteral(done.content_hash) + ")";
}

}  // namespace ferry
