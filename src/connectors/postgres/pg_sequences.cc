#include "connectors/postgres/pg_sequences.h"

#include <cstdlib>
#include <optional>
#include <vector>

namespace ferry {
namespace {

// Per sequence: oid, name, type, increment, min, max, start, cache, cycle, the
// value its next nextval() gives (null when unreadable), and the column it
// belongs to (table oid, column name; null when none) with the kind of that
// link: 'i' identity, 'a' OWNED BY.
constexpr const char* kSequencesSql = R"sql(
WITH uses AS (
  SELECT dep.refobjid AS seq
  FROM pg_attrdef ad
  JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = ad.oid
       AND dep.refclassid = 'pg_class'::regclass
  JOIN pg_class t ON t.oid = ad.adrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
  WHERE tn.nspname = $1)
SELECT c.oid, c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,
       s.seqstart, s.seqcache, s.seqcycle,
       (SELECT CASE WHEN ps.last_value IS NULL THEN s.seqstart
                    ELSE LEAST(GREATEST(ps.last_value::numeric + s.seqincrement, s.seqmin),
                               s.seqmax)::bigint END
        FROM pg_sequences ps WHERE ps.schemaname = n.nspname AND ps.sequencename = c.relname),
       o.refobjid, a.attname, o.deptype
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend o ON o.classid = 'pg_class'::regclass AND o.objid = c.oid
     AND o.refclassid = 'pg_class'::regclass AND o.deptype IN ('a', 'i') AND o.refobjsubid > 0
LEFT JOIN pg_attribute a ON a.attrelid = o.refobjid AND a.attnum = o.refobjsubid
WHERE n.nspname = $1 OR c.oid IN (SELECT seq FROM uses)
ORDER BY c.relname)sql";

// Per column default that draws from a sequence: table oid, column, sequence oid.
constexpr const char* kUsesSql = R"sql(
SELECT ad.adrelid, a.attname, dep.refobjid
FROM pg_attrdef ad
JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = ad.oid
     AND dep.refclassid = 'pg_class'::regclass
JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'
JOIN pg_class t ON t.oid = ad.adrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE tn.nspname = $1)sql";

struct ColumnRef {
  std::string table_oid;
  std::string column;
  bool operator==(const ColumnRef&) const = default;
};

struct SourceSequence {
  Sequence sequence;
  std::optional<ColumnRef> owner;
  bool identity = false;
  std::vector<ColumnRef> users;  // columns whose default draws from it
};

int64_t Int(const PgResult& r, int row, int column) {
  return std::atoll(r.Get(row, column).data());
}

Column* FindColumn(const std::map<std::string, TableSchema*>& tables, const ColumnRef& ref) {
  auto table = tables.find(ref.table_oid);
  if (table == tables.end() || table->second == nullptr) return nullptr;
  int index = table->second->ColumnIndex(ref.column);
  return index < 0 ? nullptr : &table->second->columns[index];
}

Result<std::map<std::string, SourceSequence>> ReadSequences(PgConnection& conn,
                                                            const std::string& schema) {
  std::optional<std::string> params[] = {schema};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kSequencesSql, params));
  std::map<std::string, SourceSequence> sequences;
  for (int i = 0; i < r.rows(); ++i) {
    SourceSequence& s = sequences[std::string(r.Get(i, 0))];
    s.sequence.name = r.Get(i, 1);
    s.sequence.type = r.Get(i, 2);
    s.sequence.increment = Int(r, i, 3);
    s.sequence.min_value = Int(r, i, 4);
    s.sequence.max_value = Int(r, i, 5);
    s.sequence.start = Int(r, i, 6);
    s.sequence.cache = Int(r, i, 7);
    s.sequence.cycle = r.Get(i, 8) == "t";
    if (!r.IsNull(i, 9)) s.sequence.next_value = Int(r, i, 9);
    if (!r.IsNull(i, 10)) {
      s.owner = ColumnRef{std::string(r.Get(i, 10)), std::string(r.Get(i, 11))};
      s.identity = r.Get(i, 12) == "i";
    }
  }
  FERRY_ASSIGN_OR_RETURN(PgResult uses, conn.ExecParams(kUsesSql, params));
  for (int i = 0; i < uses.rows(); ++i) {
    auto it = sequences.find(std::string(uses.Get(i, 2)));
    if (it == sequences.end()) continue;
    it->second.users.push_back({std::string(uses.Get(i, 0)), std::string(uses.Get(i, 1))});
  }
  return sequences;
}

}  // namespace

Status ReadPgSequences(PgConnection& conn, const std::string& schema,
                       const std::map<std::string, TableSchema*>& tables,
                       DatabaseSchema* database) {
  FERRY_ASSIGN_OR_RETURN(auto sequences, ReadSequences(conn, schema));
  for (auto& [oid, s] : sequences) {
    // Identity, or serial: the one column that owns it draws from it alone.
    bool serial = s.owner && s.users.size() == 1 && s.users[0] == *s.owner;
    if (s.identity || serial) {
      if (Column* column = FindColumn(tables, *s.owner)) column->next_value = s.sequence.next_value;
      continue;
    }
    for (const ColumnRef& user : s.users) {
      Column* column = FindColumn(tables, user);
      if (column == nullptr) continue;
      column->auto_increment = false;
      column->next_value = std::nullopt;
      column->sequence = s.sequence.name;
      column->owns_sequence = s.owner && *s.owner == user;
    }
    database->sequences.push_back(std::move(s.sequence));
  }
  return Status::OK();
}

}  // namespace ferry
