// Whether a copied table is unchanged since its run, from row versions alone.
//
// Every chunk of a run commits its rows in one transaction and records that
// transaction's id (_ferry.chunks.committed_xid). A row's xmin is the
// transaction that wrote its current version, so the table is as the run left
// it exactly when, for every chunk, the rows whose xmin is the chunk's
// transaction number the rows the chunk committed, and no row has another
// xmin. An UPDATE (a new version), DELETE, INSERT, TRUNCATE, or a rewrite
// (ALTER TABLE ... TYPE) changes that; VACUUM, VACUUM FULL, CLUSTER and
// freezing keep xmin and the rows, so they do not.
//
// The check is one scan of the heap reading only the xmin system column
// (`SELECT xmin, count(*) ... GROUP BY xmin`): no column value is read,
// decoded or detoasted. xmin holds 32 bits of the 64-bit transaction id, so a
// run older than 2^31 transactions is never judged unchanged (its ids may
// have been used again since).
//
// What it cannot see: changes that leave every row version in place, such as
// ALTER TABLE ... RENAME COLUMN (two columns of one type swapping names).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_UNCHANGED_CHECK_H_
#define FERRY_CONNECTORS_POSTGRES_PG_UNCHANGED_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "ferry/run_store.h"

namespace ferry {

// Rows of a table whose xmin (32 bits) is `xmin`.
struct XminRows {
  int64_t xmin = 0;
  int64_t rows = 0;
};

// Judges `table` (its done chunks with their committed_xid) from the row
// counts per xmin found in the target and the server's next 64-bit
// transaction id. Pure, so it can be tested without a server.
UnchangedCheck JudgeRowVersions(const DoneTable& table, const std::vector<XminRows>& found,
                                int64_t next_xid);

// Reads the row counts per xmin of `schema`.`table.target_name` and judges
// them. A missing table is "changed" (with the reason), not an error.
Result<UnchangedCheck> CheckTableUnchanged(PgConnection& conn, const std::string& schema,
                                           const DoneTable& table);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_UNCHANGED_CHECK_H_
