// Verifying one table against the digests a copy run stored for its target
// (stored_digests.h), reading the source only.
//
// The source is read chunk by chunk at the run's bounds, through the same
// RowTransform, each row hashed with the same RowHasher, and each chunk's
// RowDigest (rows and sum) compared with the stored one; two threads read
// chunks at once (the two a full verify uses for its two sides).
#ifndef FERRY_VERIFY_STORED_TABLE_VERIFIER_H_
#define FERRY_VERIFY_STORED_TABLE_VERIFIER_H_

#include <stop_token>
#include <string>

#include "ferry/schema.h"
#include "ferry/status.h"
#include "verify/stored_digests.h"
#include "verify/table_side.h"
#include "verify/table_verifier.h"
#include "verify/verify_options.h"

namespace ferry {

// True when every chunk of `source` (rows of `table`) equals its stored
// digest: *result then has the counts, the chunks and the rejected source
// rows. False when a chunk differs: *difference says which and how, and
// *result is untouched (the caller reads both sides instead). Errors name the
// side and, for a value that cannot be hashed, the row's key; Cancelled when
// `stop` fired first.
// REQUIRES: options.float_tolerance == 0 or `table` has no float column
// (copy hashes floats exactly).
Result<bool> VerifyAgainstStored(TableSide& source, const StoredTable& stored,
                                 const TableSchema& table, const VerifyOptions& options,
                                 TableResult* result, std::string* difference,
                                 std::stop_token stop = {});

}  // namespace ferry

#endif  // FERRY_VERIFY_STORED_TABLE_VERIFIER_H_
