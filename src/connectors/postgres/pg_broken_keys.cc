#include "connectors/postgres/pg_broken_keys.h"

#include <algorithm>
#include <map>

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

constexpr int kExamples = 5;  // key values a message names

bool LooksNumeric(std::string_view text) {
  if (text.empty()) return false;
  size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if ((text[i] < '0' || text[i] > '9') && text[i] != '.') return false;
  }
  return true;
}

// "a=1, b='x'" from the key columns' text, as DescribeRowKey names a source row.
std::string KeyText(const std::vector<std::string>& columns, const PgResult& r, int row,
                    int first_column) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) {
    int column = first_column + static_cast<int>(i);
    std::string value = r.IsNull(row, column) ? "NULL" : std::string(r.Get(row, column));
    if (!r.IsNull(row, column) && !LooksNumeric(value)) {
      value = "'" + value.substr(0, 64) + (value.size() > 64 ? "...'" : "'");
    }
    out += (i ? ", " : "") + columns[i] + "=" + value;
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// Where a duplicate's copies are: "chunks 0 and 3", "twice in chunk 1", "rows 3 and 8".
std::string PlacesOf(const std::vector<const DuplicateRow*>& copies) {
  std::vector<std::string> places;
  bool chunked = copies.front()->chunk_no.has_value();
  for (const DuplicateRow* d : copies) {
    places.push_back(std::to_string(chunked && d->chunk_no ? *d->chunk_no : d->position + 1));
  }
  std::string noun = chunked ? "chunk" : "row";
  if (chunked && std::all_of(places.begin(), places.end(),
                             [&](const std::string& p) { return p == places.front(); })) {
    return std::to_string(copies.size()) + " times in chunk " + places.front();
  }
  std::string last = places.back();
  places.pop_back();
  return noun + "s " + Join(places, ", ") + " and " + last;
}

}  // namespace

Result<std::vector<DuplicateRow>> FindDuplicateRows(PgConnection& conn, std::string_view schema,
                                                    const TableSchema& table,
                                                    const std::vector<std::string>& key,
                                                    const std::optional<RunTableRef>& run,
                                                    int limit) {
  std::string keys, not_null, partition;
  for (size_t i = 0; i < key.size(); ++i) {
    std::string column = "t." + QuotePgIdentifier(key[i]);
    keys += ", " + column + " AS ferry_k" + std::to_string(i);
    not_null += std::string(i ? " AND " : "") + "ferry_k" + std::to_string(i) + " IS NOT NULL";
    partition += std::string(i ? ", " : "") + "ferry_k" + std::to_string(i);
  }
  std::string chunks =
      run ? "(SELECT chunk_no, committed_xid & 4294967295 AS xid FROM _ferry.chunks WHERE "
            "run_id = " +
                QuotePgLiteral(run->run_id) + " AND table_no = " + std::to_string(run->table_no) +
                " AND state = 'done')"
          : "(SELECT NULL::int AS chunk_no, NULL::bigint AS xid)";
  std::string cast;
  for (size_t i = 0; i < key.size(); ++i) {
    cast += std::string(i ? ", " : "") + "ferry_k" + std::to_string(i) + "::text";
  }
  // Positions count every row in physical order, before NULL keys are left out.
  std::string sql =
      "SELECT ctid::text, pos, chunk_no, copy_no, row_json, " + cast + " FROM (" +
      "SELECT r.*, c.chunk_no, row_number() OVER w AS copy_no, count(*) OVER (PARTITION BY " +
      partition + ") AS copies FROM (SELECT t.ctid, row_number() OVER (ORDER BY t.ctid) - 1 AS " +
      "pos, t.xmin::text::bigint AS row_xid, to_jsonb(t)::text AS row_json" + keys + " FROM " +
      QualifiedPgName(schema, table.name) + " t) r LEFT JOIN " + chunks +
      " c ON c.xid = r.row_xid WHERE " + not_null + " WINDOW w AS (PARTITION BY " + partition +
      " ORDER BY c.chunk_no NULLS LAST, r.ctid)) d WHERE copies > 1 ORDER BY " + partition +
      ", copy_no LIMIT " + std::to_string(limit);
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec(sql));
  std::vector<DuplicateRow> rows;
  for (int row = 0; row < r.rows(); ++row) {
    DuplicateRow d;
    d.ctid = std::string(r.Get(row, 0));
    d.position = std::stoll(std::string(r.Get(row, 1)));
    if (!r.IsNull(row, 2)) d.chunk_no = std::stoll(std::string(r.Get(row, 2)));
    d.copy_no = std::stoll(std::string(r.Get(row, 3)));
    d.row_json = std::string(r.Get(row, 4));
    d.key = KeyText(key, r, row, 5);
    rows.push_back(std::move(d));
  }
  return rows;
}

std::string DescribeDuplicates(const std::string& what, const TableSchema& table,
                               const std::vector<DuplicateRow>& rows) {
  std::vector<std::string> keys;
  std::map<std::string, std::vector<const DuplicateRow*>> copies;
  for (const DuplicateRow& d : rows) {
    if (copies[d.key].empty()) keys.push_back(d.key);
    copies[d.key].push_back(&d);
  }
  std::vector<std::string> examples;
  for (size_t i = 0; i < keys.size() && i < kExamples; ++i) {
    examples.push_back(keys[i] + " (" + PlacesOf(copies[keys[i]]) + ")");
  }
  return what + " of table " + table.name + " cannot be built: rows share key values, e.g. " +
         Join(examples, ", ");
}

std::vector<std::vector<std::string>> KeyColumnsInKeySqlOrder(const TableSchema& table) {
  std::vector<std::vector<std::string>> keys;
  if (!table.primary_key.empty()) keys.push_back(table.primary_key);
  for (const std::vector<std::string>& unique : table.unique_keys) keys.push_back(unique);
  return keys;
}

std::string DescribeKey(const TableSchema& table, size_t n) {
  std::vector<std::vector<std::string>> keys = KeyColumnsInKeySqlOrder(table);
  if (n >= keys.size()) return "a key";
  bool primary = n == 0 && !table.primary_key.empty();
  return std::string(primary ? "the primary key (" : "the unique key (") + Join(keys[n], ", ") +
         ")";
}

Result<std::string> DescribeOrphanRows(PgConnection& conn, std::string_view schema,
                                       const TableSchema& child, const ForeignKey& fk,
                                       const std::vector<std::string>& parent_key) {
  std::string match, not_null, values;
  for (size_t i = 0; i < fk.columns.size() && i < parent_key.size(); ++i) {
    std::string c = "c." + QuotePgIdentifier(fk.columns[i]);
    match += std::string(i ? " AND " : "") + "p." + QuotePgIdentifier(parent_key[i]) + " = " + c;
    not_null += std::string(i ? " AND " : "") + c + " IS NOT NULL";
    values += std::string(i ? ", " : "") + c + "::text";
  }
  std::string child_key = "NULL::text";
  if (!child.primary_key.empty()) {
    child_key = "concat_ws(', '";
    for (const std::string& k : child.primary_key) {
      child_key += ", " + QuotePgLiteral(k + "=") + " || c." + QuotePgIdentifier(k) + "::text";
    }
    child_key += ")";
  }
  std::string orphans = " FROM " + QualifiedPgName(schema, child.name) + " c WHERE " + not_null +
                        " AND NOT EXISTS (SELECT 1 FROM " +
                        QualifiedPgName(schema, fk.referenced_table) + " p WHERE " + match + ")";
  FERRY_ASSIGN_OR_RETURN(PgResult total, conn.Exec("SELECT count(*)" + orphans));
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec("SELECT count(*), array_to_string((array_agg(" +
                                               child_key + "))[1:3], '; '), " + values + orphans +
                                               " GROUP BY " + values + " ORDER BY count(*) DESC, " +
                                               values + " LIMIT " + std::to_string(kExamples)));
  std::vector<std::string> examples;
  for (int row = 0; row < r.rows(); ++row) {
    std::string example =
        KeyText(fk.columns, r, row, 2) + " (" + std::string(r.Get(row, 0)) + " row(s)";
    if (!r.IsNull(row, 1) && !child.primary_key.empty()) {
      example += ": " + std::string(r.Get(row, 1));
    }
    examples.push_back(example + ")");
  }
  return "foreign key " + ForeignKeyName(child, fk) + " (" + child.name + "." +
         Join(fk.columns, ", ") + " -> " + fk.referenced_table + "." + Join(parent_key, ", ") +
         "): " + std::string(total.Get(0, 0)) + " row(s) of " + child.name +
         " refer to keys that " + fk.referenced_table + " does not hold, e.g. " +
         Join(examples, "; ");
}

}  // namespace ferry
