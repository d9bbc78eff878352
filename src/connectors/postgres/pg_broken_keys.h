// Why a key or a foreign key cannot be built on a copied table, found in its
// rows: the rows that share a key value (a source that did not enforce its
// key: SQLite, which lets a declared PRIMARY KEY hold duplicates, or NDJSON
// with an _id twice), and the rows that refer to keys the referenced table
// does not hold. Used after ALTER TABLE ... ADD PRIMARY KEY / UNIQUE /
// FOREIGN KEY failed, to name the rows in the message and, under --on-error
// skip, to take the later duplicates out. Reads only; not thread-safe (one
// connection).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_BROKEN_KEYS_H_
#define FERRY_CONNECTORS_POSTGRES_PG_BROKEN_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"

namespace ferry {

// SQLSTATEs of a key that the rows break.
inline constexpr std::string_view kPgUniqueViolation = "23505";
inline constexpr std::string_view kPgForeignKeyViolation = "23503";

// Where the rows of a chunked run came from: its chunks, by the transaction
// that committed each (_ferry.chunks.committed_xid against the row's xmin).
struct RunTableRef {
  std::string run_id;
  int table_no = 0;
};

// One row of a key value that several rows hold.
struct DuplicateRow {
  std::string key;       // "id=5", "a=1, b='x'"
  std::string ctid;      // where the row is, to delete it: "(0,7)"
  int64_t position = 0;  // 0-based in physical order: write order for a table one COPY filled
  std::optional<int64_t> chunk_no;  // the run's chunk that wrote it, when known
  int64_t copy_no = 1;   // 1: the first of its key (by chunk, then place); 2, 3...: later
  std::string row_json;  // the row as a JSON object of its columns
};

// Rows of `table` (in `schema`) whose `key` values other rows hold too
// (rows with a NULL in the key do not count), ordered by key value, then
// copy_no; at most `limit` rows. With `run`, each row's chunk is named.
Result<std::vector<DuplicateRow>> FindDuplicateRows(PgConnection& conn, std::string_view schema,
                                                    const TableSchema& table,
                                                    const std::vector<std::string>& key,
                                                    const std::optional<RunTableRef>& run,
                                                    int limit);

// "the primary key (id) of table books cannot be built: rows share key values, e.g. id=5
// (chunks 0 and 3), id=9 (twice in chunk 1)" from FindDuplicateRows' rows (`what`: "the
// primary key (id)").
std::string DescribeDuplicates(const std::string& what, const TableSchema& table,
                               const std::vector<DuplicateRow>& rows);

// "the primary key (id)" / "the unique key (a, b)": the key of KeySql's
// statement number `n` (the primary key first, then the unique keys).
std::vector<std::vector<std::string>> KeyColumnsInKeySqlOrder(const TableSchema& table);
std::string DescribeKey(const TableSchema& table, size_t n);

// Why foreign key `fk` of `child` cannot be added: "foreign key books_author_id_fkey
// (books.author_id -> authors.id): 3 row(s) of books refer to keys authors does
// not hold, e.g. author_id=77 (2 rows: id=5, id=9)". `parent_key`: the referenced
// columns (fk.referenced_columns, or the referenced table's primary key).
Result<std::string> DescribeOrphanRows(PgConnection& conn, std::string_view schema,
                                       const TableSchema& child, const ForeignKey& fk,
                                       const std::vector<std::string>& parent_key);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_BROKEN_KEYS_H_
