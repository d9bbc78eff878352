// A pg_restore (or pg_dump) plain-SQL script split into its entries, one per
// entry of the archive's table of contents, so that each can be run, and
// fail, on its own.
//
// pg_restore opens each entry with a comment header:
//
//   --
//   -- Name: film; Type: TABLE; Schema: public; Owner: postgres
//   --
//
// (with -v also "-- TOC entry …" and "-- Dependencies: …" lines before Name).
// The script is split only at such headers that stand at top level, never at
// semicolons and never inside a string, a quoted name, a dollar-quoted
// function body or a block comment, so a body holding "-- Name: …" lines or
// semicolons stays whole (pg_sql_text.h lexes). A "Data for Name" header
// (table data, COPY … FROM stdin) is refused: ferry dumps only the pre-data
// and post-data sections and copies the data itself.
//
// Session settings: the script starts with SET statements and
// "SELECT pg_catalog.set_config('search_path', '', false);" (every name in
// the script is schema-qualified), and pg_restore writes further SETs
// (default_tablespace, default_table_access_method) before the header of the
// entry they are for. Those are taken out of the entries: each entry carries
// the settings in effect where it stands, to run before it on any session.
// The psql meta-commands \restrict and \unrestrict (pg_dump 15.14 and later)
// are dropped; any other meta-command is refused.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_DUMP_SCRIPT_H_
#define FERRY_CONNECTORS_POSTGRES_PG_DUMP_SCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "ferry/status.h"

namespace ferry {

// One session statement: "SET default_tablespace = '';" or
// "SELECT pg_catalog.set_config('search_path', '', false);".
struct PgDumpSetting {
  std::string name;  // the parameter, lower case: "default_tablespace", "search_path"
  std::string sql;
  bool operator==(const PgDumpSetting&) const = default;
};

struct PgDumpEntry {
  // The header's Type, as pg_dump names it: "SCHEMA", "EXTENSION", "TYPE",
  // "DOMAIN", "FUNCTION", "AGGREGATE", "TABLE", "SEQUENCE", "SEQUENCE OWNED
  // BY", "DEFAULT", "VIEW", "MATERIALIZED VIEW", "TABLE ATTACH", "INDEX",
  // "INDEX ATTACH", "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT",
  // "TRIGGER", "RULE", "POLICY", "COMMENT", "ACL", "MATERIALIZED VIEW DATA", …
  std::string kind;
  std::string name;    // the header's Name: "film", "actor actor_pkey", "TABLE actor"
  std::string schema;  // "" when the header says "-"
  std::string owner;   // "" when the header says "-"
  // The entry's statements, comments inside them kept, without the session
  // settings and the ownership statements. May be empty (pg_dump writes
  // "-- *not* creating schema, since initdb creates it" for public).
  std::string sql;
  // "ALTER … OWNER TO …;" statements that follow the definition ("" with
  // --no-owner): run apart, so an owner missing on the target does not
  // undo the object.
  std::string owner_sql;
  // The session settings in effect for this entry, one per parameter, in
  // the order first set: run them on a session before `sql` (pg_dump_session.h).
  std::vector<PgDumpSetting> settings;
  int line = 0;  // 1-based line of the header's "-- Name:" line in the script
};

struct PgDumpScript {
  std::vector<PgDumpEntry> entries;  // in the script's order (pg_dump's dependency order)
};

// Splits `text`. InvalidArgument naming the line for table data, a psql
// meta-command other than \restrict / \unrestrict, or a statement other than
// a session setting before the first header.
Result<PgDumpScript> ParsePgDumpScript(std::string_view text);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_DUMP_SCRIPT_H_
