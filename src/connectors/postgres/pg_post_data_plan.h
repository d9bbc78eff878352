// In which order, and how far in parallel, a pg_dump script's post-data
// entries run: in waves, each wave after the one before has ended.
//
//   1. INDEX, CONSTRAINT (primary keys, unique and exclusion constraints):
//      the index builds, most of the time. The indexes of one table build at
//      once (CREATE INDEX takes a SHARE lock, which does not conflict with
//      itself); SplitKeysFromIndexes makes most keys such indexes.
//   1b. CONSTRAINT … USING INDEX: a key made from its unique index, a
//      catalog change only.
//   2. INDEX ATTACH: a partition's index into its partitioned table's index,
//      which needs both built.
//   3. FK CONSTRAINT (validated as they are added), CHECK CONSTRAINT,
//      TRIGGER, RULE, POLICY, ROW SECURITY, STATISTICS, EVENT TRIGGER,
//      PUBLICATION and every kind not named elsewhere.
//   4. COMMENT, SECURITY LABEL, ACL, DEFAULT ACL, PUBLICATION TABLE,
//      PUBLICATION TABLES IN SCHEMA: about objects of the waves before.
//   5. MATERIALIZED VIEW DATA (REFRESH), one at a time in the script's order,
//      which is pg_dump's dependency order (a materialized view may read
//      another).
// Within a wave, the other entries on one table (PgLockedTable) form one group and
// run one after another: ALTER TABLE takes the table's ACCESS EXCLUSIVE lock,
// so two at once would only wait for each other. Groups run in parallel.
// Pure functions, thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_POST_DATA_PLAN_H_
#define FERRY_CONNECTORS_POSTGRES_PG_POST_DATA_PLAN_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/postgres/pg_dump_script.h"

namespace ferry {

struct PgPostDataWave {
  std::string name;  // "indexes and keys", "index attachments", …
  // Each group: indexes into PgDumpScript::entries, in script order, run one
  // after another; groups in parallel.
  std::vector<std::vector<size_t>> groups;
};

// Each plain primary key or unique constraint of `post_data` ("ALTER TABLE
// ONLY t ADD CONSTRAINT c PRIMARY KEY (a, b);", nothing more) as two entries,
// as pgcopydb does: "CREATE UNIQUE INDEX c ON t USING btree (a, b);" (kind
// INDEX: built beside the table's other indexes) and "ALTER TABLE ONLY t ADD
// CONSTRAINT c PRIMARY KEY USING INDEX c;" (a catalog change). Keys of
// `partitioned` tables ((schema, name); USING INDEX does not apply to them)
// and any other form stay as they are.
PgDumpScript SplitKeysFromIndexes(const PgDumpScript& post_data,
                                  const std::set<std::pair<std::string, std::string>>& partitioned);

// The six waves of `post_data` (empty ones included), groups in script order.
std::vector<PgPostDataWave> PlanPgPostData(const PgDumpScript& post_data);

// The table (or, for ALTER INDEX, the index) an entry's statement works on,
// as its SQL writes it ("public.film", "public.\"Mixed Case\""); "" when it
// is none of ALTER TABLE [ONLY] x, ALTER INDEX x, CREATE … ON [ONLY] x.
std::string PgLockedTable(const PgDumpEntry& entry);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_POST_DATA_PLAN_H_
