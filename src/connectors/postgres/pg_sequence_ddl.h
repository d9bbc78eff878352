// SQL that copies sequences as sequences into a PostgreSQL target, after the data.
//
// For each Sequence of the plan (pg_sequences.h says which they are):
// CREATE SEQUENCE IF NOT EXISTS with the source's type, increment, bounds,
// start, cache and cycle; each copied column that draws from it gets DEFAULT
// nextval(...) (and OWNED BY where the source's was); then setval to the
// largest of the source's next value, max + 1 of each such column, and the
// target sequence's own next value, so no value the source (or an earlier run)
// issued is issued again. Counting down, the smallest of next, min - 1 and its own.
// Every statement may run again (a resumed finish step): none moves a sequence back.
// Pure functions of their arguments: no connection, thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SEQUENCE_DDL_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SEQUENCE_DDL_H_

#include <string>
#include <string_view>
#include <vector>

#include "ferry/schema.h"

namespace ferry {

// "CREATE SEQUENCE IF NOT EXISTS s.n AS bigint INCREMENT BY ... ;"
std::string CreateSequenceSql(const Sequence& sequence, std::string_view schema);
// "ALTER TABLE s.t ALTER COLUMN c SET DEFAULT nextval('s.n'::regclass);" (and
// "ALTER SEQUENCE s.n OWNED BY s.t.c;") per column of `table` with a sequence,
// in a DO block that leaves a column the target made an identity alone.
std::vector<std::string> SequenceDefaultSql(const TableSchema& table, std::string_view schema);
// "SELECT setval('s.n', ..., false);" over the columns of `tables` that draw from it.
std::string SetSequenceSql(const Sequence& sequence, const std::vector<TableSchema>& tables,
                           std::string_view schema);
// Every statement above, in order: create each sequence, the defaults, the values.
std::vector<std::string> SequencesSql(const std::vector<Sequence>& sequences,
                                      const std::vector<TableSchema>& tables,
                                      std::string_view schema);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SEQUENCE_DDL_H_
