#include "connectors/postgres/pg_sequence_values.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

constexpr size_t kSequencesPerQuery = 200;

// Per sequence: oid, schema, name, start, increment, min, max, readable.
constexpr const char* kSequencesSql = R"sql(
SELECT c.oid, n.nspname, c.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
       has_sequence_privilege(c.oid, 'SELECT')
FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE %WHERE%
ORDER BY n.nspname, c.relname)sql";

std::string ArrayOf(const std::vector<std::string>& items, std::string_view type) {
  std::string array = "ARRAY[";
  for (size_t i = 0; i < items.size(); ++i) array += (i ? ", " : "") + QuotePgLiteral(items[i]);
  return array + "]::" + std::string(type) + "[]";
}

int64_t Int(const PgResult& r, int row, int column) {
  return std::strtoll(std::string(r.Get(row, column)).c_str(), nullptr, 10);
}

// last_value and is_called of the sequences of `readable`, a few hundred per query.
Status ReadValues(PgConnection& conn, const std::vector<PgSequenceState*>& readable) {
  std::map<std::string, PgSequenceState*> by_oid;
  std::string sql;
  size_t pending = 0;
  auto flush = [&]() -> Status {
    if (pending == 0) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec(sql));
    for (int i = 0; i < r.rows(); ++i) {
      PgSequenceState* s = by_oid[std::string(r.Get(i, 0))];
      s->last_value = Int(r, i, 1);
      s->is_called = r.Get(i, 2) == "t";
    }
    sql.clear();
    pending = 0;
    return Status::OK();
  };
  for (PgSequenceState* s : readable) {
    by_oid[s->oid] = s;
    if (pending > 0) sql += " UNION ALL ";
    sql += "SELECT " + QuotePgLiteral(s->oid) + ", last_value, is_called FROM " +
           QualifiedPgName(s->schema, s->name);
    if (++pending == kSequencesPerQuery) FERRY_RETURN_IF_ERROR(flush());
  }
  return flush();
}

Result<std::vector<PgSequenceState>> ReadStates(PgConnection& conn, const std::string& where) {
  std::string sql = kSequencesSql;
  sql.replace(sql.find("%WHERE%"), 7, where);
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec(sql));
  std::vector<PgSequenceState> states;
  std::vector<bool> readable;
  for (int i = 0; i < r.rows(); ++i) {
    PgSequenceState s;
    s.oid = r.Get(i, 0);
    s.schema = r.Get(i, 1);
    s.name = r.Get(i, 2);
    s.start = Int(r, i, 3);
    s.increment = Int(r, i, 4);
    s.min_value = Int(r, i, 5);
    s.max_value = Int(r, i, 6);
    readable.push_back(r.Get(i, 7) == "t");
    states.push_back(std::move(s));
  }
  std::vector<PgSequenceState*> to_read;
  for (size_t i = 0; i < states.size(); ++i) {
    if (readable[i]) to_read.push_back(&states[i]);
  }
  FERRY_RETURN_IF_ERROR(ReadValues(conn, to_read));
  return states;
}

}  // namespace

std::optional<int64_t> PgSequenceState::NextValue() const {
  if (!last_value) return std::nullopt;
  if (!is_called) return *last_value;
  int64_t last = *last_value;
  // last + increment without overflow: past a bound it is the bound.
  int64_t next = increment > 0 ? (last > max_value - increment ? max_value : last + increment)
                               : (last < min_value - increment ? min_value : last + increment);
  return std::clamp(next, min_value, max_value);
}

Result<std::vector<PgSequenceState>> ReadPgSequenceStates(PgConnection& conn,
                                                          const std::vector<std::string>& schemas) {
  if (schemas.empty()) {
    return ReadStates(conn,
                      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT "
                      "LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'");
  }
  return ReadStates(conn, "n.nspname = ANY(" + ArrayOf(schemas, "text") + ")");
}

Result<std::vector<PgSequenceState>> ReadPgSequenceStatesByOid(
    PgConnection& conn, const std::vector<std::string>& oids) {
  if (oids.empty()) return std::vector<PgSequenceState>();
  return ReadStates(conn, "c.oid = ANY(" + ArrayOf(oids, "oid") + ")");
}

std::string SetPgSequenceStateSql(const PgSequenceState& state) {
  return "SELECT pg_catalog.setval(" + QuotePgLiteral(QualifiedPgName(state.schema, state.name)) +
         ", " + std::to_string(state.last_value.value_or(state.start)) + ", " +
         (state.is_called ? "true" : "false") + ");";
}

Status SetPgSequenceStates(PgConnection& target, const std::vector<PgSequenceState>& states) {
  for (const PgSequenceState& s : states) {
    if (!s.last_value) continue;
    Status status = target.Run(SetPgSequenceStateSql(s));
    if (!status.ok()) {
      return status.WithContext("setting the sequence " + QualifiedPgName(s.schema, s.name));
    }
  }
  return Status::OK();
}

}  // namespace ferry
