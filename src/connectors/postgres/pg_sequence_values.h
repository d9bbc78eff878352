// The state of PostgreSQL sequences, read on a source and set on a target.
//
// pg_dump's pre-data creates each sequence with its options (type, increment,
// bounds, start, cache, cycle) but not where it stands: that is table data
// (SEQUENCE SET), which ferry does not dump. ReadPgSequenceStates reads
// last_value and is_called from each sequence itself (pg_sequences.last_value
// is NULL whenever is_called is false, as after setval(s, 100, false), and
// would lose the 100); SetPgSequenceStates gives the target's sequence of
// the same schema and name exactly that state with setval(s, last_value,
// is_called), which is what pg_dump's SEQUENCE SET does and may run again.
//
// Sequences are not transactional: no snapshot holds them still, and the
// values read are the current ones whatever snapshot `conn` is in. Read them
// after the rows are copied (or at cutover, once writes have stopped), so
// that no key a copied row holds is issued again.
//
// pg_sequences.h reads the same states for ferry's own schema model.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SEQUENCE_VALUES_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SEQUENCE_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/postgres/pg_connection.h"

namespace ferry {

struct PgSequenceState {
  std::string oid;  // pg_class oid on the server read, as text
  std::string schema;
  std::string name;
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  // nullopt when this session may not read the sequence (no SELECT privilege).
  std::optional<int64_t> last_value;
  bool is_called = false;

  // What its next nextval() gives: last_value when !is_called, else
  // last_value + increment held within [min_value, max_value]; nullopt when
  // unreadable.
  std::optional<int64_t> NextValue() const;
};

// The sequences of `schemas` (every schema but the system ones when empty),
// ordered by schema and name.
Result<std::vector<PgSequenceState>> ReadPgSequenceStates(PgConnection& conn,
                                                          const std::vector<std::string>& schemas);
// The sequences whose pg_class oids are `oids`, ordered by schema and name.
Result<std::vector<PgSequenceState>> ReadPgSequenceStatesByOid(
    PgConnection& conn, const std::vector<std::string>& oids);

// "SELECT pg_catalog.setval('s.n', last_value, is_called);" REQUIRES: last_value.
std::string SetPgSequenceStateSql(const PgSequenceState& state);

// Sets each readable sequence of `states` on `target` (same schema and name);
// the unreadable ones are skipped. Stops at the first error, naming the sequence.
Status SetPgSequenceStates(PgConnection& target, const std::vector<PgSequenceState>& states);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SEQUENCE_VALUES_H_
