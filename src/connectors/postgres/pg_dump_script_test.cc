#include "connectors/postgres/pg_dump_script.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

// The opening pg_restore writes, then two entries.
constexpr std::string_view kScript = R"sql(--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET check_function_bodies = false;
SELECT pg_catalog.set_config('search_path', '', false);
SET client_min_messages = warning;

--
-- Name: film_in_stock(integer); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.film_in_stock(p integer) RETURNS SETOF integer
    LANGUAGE sql
    AS $_$
-- Name: not a header; Type: TABLE; Schema: public; Owner: x
SELECT inventory_id FROM inventory WHERE film_id = $1;
$_$;


ALTER FUNCTION public.film_in_stock(p integer) OWNER TO postgres;

SET default_tablespace = '';

--
-- Name: actor; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.actor (id integer);
)sql";

std::vector<std::string> Names(const std::vector<PgDumpSetting>& settings) {
  std::vector<std::string> names;
  for (const PgDumpSetting& s : settings) names.push_back(s.name);
  return names;
}

TEST(PgDumpScriptTest, SplitsAtTopLevelHeadersOnlyAndTakesOwnersApart) {
  PgDumpScript script = ParsePgDumpScript(kScript).value();
  ASSERT_EQ(script.entries.size(), 2u);
  const PgDumpEntry& function = script.entries[0];
  EXPECT_EQ(function.kind, "FUNCTION");
  EXPECT_EQ(function.name, "film_in_stock(integer)");
  EXPECT_EQ(function.schema, "public");
  EXPECT_EQ(function.owner, "postgres");
  EXPECT_NE(function.sql.find("-- Name: not a header"), std::string::npos) << function.sql;
  EXPECT_EQ(function.sql.find("OWNER TO"), std::string::npos) << function.sql;
  EXPECT_NE(function.owner_sql.find("OWNER TO postgres;"), std::string::npos);
  const PgDumpEntry& table = script.entries[1];
  EXPECT_EQ(table.kind, "TABLE");
  EXPECT_EQ(table.owner, "");
  EXPECT_EQ(table.sql.find("default_tablespace"), std::string::npos) << table.sql;
}

// Regression: names with underscores were lowered with `| 0x20`, which made
// '_' a DEL, so no setting matched a target parameter and every one was left
// out (check_function_bodies among them: SQL functions then failed to restore).
TEST(PgDumpScriptTest, SettingNamesKeepTheirUnderscores) {
  PgDumpScript script = ParsePgDumpScript(kScript).value();
  EXPECT_EQ(Names(script.entries[0].settings),
            (std::vector<std::string>{"statement_timeout", "check_function_bodies", "search_path",
                                      "client_min_messages"}));
  EXPECT_EQ(Names(script.entries[1].settings),
            (std::vector<std::string>{"statement_timeout", "check_function_bodies", "search_path",
                                      "client_min_messages", "default_tablespace"}));
  PgDumpScript upper = ParsePgDumpScript(
                           "SET Check_Function_Bodies = false;\n--\n-- Name: a; "
                           "Type: TABLE; Schema: public; Owner: -\n--\n\nCREATE "
                           "TABLE public.a (i int);\n")
                           .value();
  ASSERT_EQ(upper.entries.size(), 1u);
  EXPECT_EQ(Names(upper.entries[0].settings), std::vector<std::string>{"check_function_bodies"});
}

TEST(PgDumpScriptTest, RefusesTableDataAndOtherMetaCommands) {
  Result<PgDumpScript> data = ParsePgDumpScript(
      "--\n-- Data for Name: actor; Type: TABLE DATA; Schema: public; Owner: -\n--\n\nCOPY "
      "public.actor (id) FROM stdin;\n1\n\\.\n");
  EXPECT_FALSE(data.ok());
  Result<PgDumpScript> meta = ParsePgDumpScript("\\connect other\n");
  ASSERT_FALSE(meta.ok());
  EXPECT_NE(meta.status().message().find("line 1"), std::string::npos) << meta.status().message();
  EXPECT_TRUE(ParsePgDumpScript("\\restrict abc\nSET x = 1;\n\\unrestrict abc\n").ok());
}

}  // namespace
}  // namespace ferry
