#include "connectors/postgres/pg_raw_rows.h"

#include <cstdlib>
#include <map>
#include <optional>

#include "connectors/postgres/pg_ddl.h"

namespace ferry {
namespace {

// Per column of the relation: name, base type (as PgColumnTypeFacts says),
// its typtype, array element, range subtype.
constexpr const char* kColumnTypesSql = R"sql(
SELECT a.attname,
       format_type(b.oid, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),
       b.oid, b.typtype,
       CASE WHEN b.typcategory = 'A' AND b.typlen = -1 THEN b.typelem ELSE 0 END,
       coalesce(r.rngsubtype, 0)
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_range r ON r.rngtypid = b.oid
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped)sql";

bool BuiltIn(uint32_t oid) { return oid < kPgFirstNormalOid; }

uint32_t Oid(std::string_view text) {
  return static_cast<uint32_t>(std::strtoul(std::string(text).c_str(), nullptr, 10));
}

}  // namespace

std::string PgRawFormWhyNot(const PgColumnTypeFacts& c) {
  std::string type = "column " + c.column + ": type " + c.type_name;
  switch (c.typtype) {
    case 'e':
      return "";  // the label's text
    case 'r':
      if (BuiltIn(c.range_subtype)) return "";  // flags and bounds, no OID
      return type + " is a range of a type that is not built in";
    case 'c':
      return type +
             " is a composite type: its binary form carries its fields' type OIDs, which "
             "differ between databases";
    case 'd':
      return type + " is a domain over a domain";
    default:
      break;
  }
  if (c.element != 0) {
    if (BuiltIn(c.element)) return "";
    return type +
           " is an array of a type that is not built in: binary arrays carry their element "
           "type's OID, which differs between databases";
  }
  if (BuiltIn(c.oid)) return "";
  return type + " is not built in (an extension's or a user's): its binary form is its own";
}

Result<std::string> PgRawRowsWhyNot(PgConnection& conn, const std::string& relation,
                                    const TableSchema& table) {
  std::optional<std::string> params[] = {relation};
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.ExecParams(kColumnTypesSql, params));
  std::map<std::string, PgColumnTypeFacts, std::less<>> by_name;
  for (int i = 0; i < r.rows(); ++i) {
    PgColumnTypeFacts facts;
    facts.column = r.Get(i, 0);
    facts.type_name = r.Get(i, 1);
    facts.oid = Oid(r.Get(i, 2));
    facts.typtype = r.Get(i, 3).empty() ? 'b' : r.Get(i, 3)[0];
    facts.element = Oid(r.Get(i, 4));
    facts.range_subtype = Oid(r.Get(i, 5));
    by_name.emplace(facts.column, std::move(facts));
  }
  for (const Column& column : table.columns) {
    auto found = by_name.find(column.name);
    if (found == by_name.end()) return "the table has no column " + column.name;
    if (found->second.type_name != column.native_type) {
      return "column " + column.name + " is " + found->second.type_name + " there, not " +
             column.native_type;
    }
    std::string why = PgRawFormWhyNot(found->second);
    if (!why.empty()) return why;
  }
  return std::string();
}

}  // namespace ferry
