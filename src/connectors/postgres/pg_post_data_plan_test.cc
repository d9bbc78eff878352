#include "connectors/postgres/pg_post_data_plan.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

PgDumpEntry Entry(std::string kind, std::string name, std::string sql) {
  PgDumpEntry e;
  e.kind = std::move(kind);
  e.schema = "public";
  e.name = std::move(name);
  e.sql = std::move(sql);
  return e;
}

PgDumpScript Script(std::vector<PgDumpEntry> entries) {
  PgDumpScript script;
  script.entries = std::move(entries);
  return script;
}

TEST(SplitKeysFromIndexesTest, APlainKeyBecomesAUniqueIndexAndAConstraintUsingIt) {
  PgDumpScript split = SplitKeysFromIndexes(
      Script({Entry("CONSTRAINT", "film film_pkey",
                    "ALTER TABLE ONLY public.film\n    ADD CONSTRAINT film_pkey PRIMARY KEY "
                    "(film_id);\n"),
              Entry("CONSTRAINT", "T \"U k\"",
                    "ALTER TABLE ONLY public.\"T\"\n    ADD CONSTRAINT \"U k\" UNIQUE (\"a b\", "
                    "c);\n")}),
      {});
  ASSERT_EQ(split.entries.size(), 4u);
  EXPECT_EQ(split.entries[0].kind, "INDEX");
  EXPECT_EQ(split.entries[0].sql,
            "CREATE UNIQUE INDEX film_pkey ON public.film USING btree (film_id);");
  EXPECT_EQ(split.entries[1].kind, "CONSTRAINT");
  EXPECT_EQ(split.entries[1].sql,
            "ALTER TABLE ONLY public.film ADD CONSTRAINT film_pkey PRIMARY KEY USING INDEX "
            "film_pkey;");
  EXPECT_EQ(split.entries[2].sql,
            "CREATE UNIQUE INDEX \"U k\" ON public.\"T\" USING btree (\"a b\", c);");
  EXPECT_EQ(split.entries[3].sql,
            "ALTER TABLE ONLY public.\"T\" ADD CONSTRAINT \"U k\" UNIQUE USING INDEX \"U k\";");
}

TEST(SplitKeysFromIndexesTest, OtherKeysAndKeysOfPartitionedTablesStayAsTheyAre) {
  std::vector<PgDumpEntry> kept = {
      Entry("CONSTRAINT", "payment payment_pkey",
            "ALTER TABLE ONLY public.payment\n    ADD CONSTRAINT payment_pkey PRIMARY KEY "
            "(payment_date, payment_id);\n"),
      Entry("CONSTRAINT", "t t_key",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_key UNIQUE (a) INCLUDE (b);\n"),
      Entry("CONSTRAINT", "t t_def",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_def UNIQUE (a) DEFERRABLE;\n"),
      Entry(
          "CONSTRAINT", "t t_excl",
          "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_excl EXCLUDE USING gist (r WITH &&);\n"),
      Entry("FK CONSTRAINT", "t t_fk",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES "
            "public.u(a);\n")};
  PgDumpScript split = SplitKeysFromIndexes(Script(kept), {{"public", "payment"}});
  ASSERT_EQ(split.entries.size(), kept.size());
  for (size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(split.entries[i].sql, kept[i].sql);
}

// Indexes of one table build at once; the keys made from them come after,
// before the partition indexes are attached and the foreign keys added.
TEST(PlanPgPostDataTest, IndexesOfOneTableRunAtOnceAndKeysFromThemComeNext) {
  PgDumpScript split = SplitKeysFromIndexes(
      Script({Entry("CONSTRAINT", "film film_pkey",
                    "ALTER TABLE ONLY public.film\n    ADD CONSTRAINT film_pkey PRIMARY KEY "
                    "(film_id);\n"),
              Entry("INDEX", "film_title", "CREATE INDEX film_title ON public.film (title);"),
              Entry("INDEX ATTACH", "p_1_pkey",
                    "ALTER INDEX public.p_pkey ATTACH PARTITION public.p_1_pkey;"),
              Entry("FK CONSTRAINT", "film film_fk",
                    "ALTER TABLE ONLY public.film\n    ADD CONSTRAINT film_fk FOREIGN KEY (l) "
                    "REFERENCES public.language(l);\n")}),
      {});
  std::vector<PgPostDataWave> waves = PlanPgPostData(split);
  ASSERT_EQ(waves.size(), 6u);
  EXPECT_EQ(waves[0].groups, (std::vector<std::vector<size_t>>{{0}, {2}}));
  EXPECT_EQ(waves[1].name, "keys from their unique indexes");
  EXPECT_EQ(waves[1].groups, (std::vector<std::vector<size_t>>{{1}}));
  EXPECT_EQ(waves[2].groups, (std::vector<std::vector<size_t>>{{3}}));
  EXPECT_EQ(waves[3].groups, (std::vector<std::vector<size_t>>{{4}}));
}

}  // namespace
}  // namespace ferry
