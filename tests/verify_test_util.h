// Helpers for verify's integration tests: copy a SQLite database into a scratch
// PostgreSQL database with the real pipeline, then verify it with the real
// readers, mapping and PgSource.
#ifndef FERRY_TESTS_VERIFY_TEST_UTIL_H_
#define FERRY_TESTS_VERIFY_TEST_UTIL_H_

#include <filesystem>
#include <string>

#include "mapping/plan_builder.h"
#include "verify/verify_runner.h"

namespace ferry::testing {

// Copies every table of the SQLite database at `sqlite_path` into `pg_url`
// (schema options.target_schema) as `ferry copy` does.
Status CopySqliteToPg(const std::string& sqlite_path, const std::string& pg_url,
                      const PlanOptions& options = {});

// Verifies the copy made with the same `plan_options`.
Result<VerifyReport> VerifySqliteAgainstPg(const std::string& sqlite_path,
                                           const std::string& pg_url, const VerifyOptions& options,
                                           const PlanOptions& plan_options = {});

// Writes `dir`/kinds.sqlite: table "kinds" with a column of every kind the
// SQLite mapping knows (boolean, integers, real, numeric, text, varchar, blob,
// date, time, timestamp, timestamptz, uuid, json) and `rows` rows of varied
// values (nulls, non-ASCII text, negative and fractional numbers). Row id=9
// has t = 'Café'; row id=10 has j = {"a":{"b":1},"z":[1,2]}. Returns the path.
std::string CreateEveryKindDatabase(const std::filesystem::path& dir, int rows);

}  // namespace ferry::testing

#endif  // FERRY_TESTS_VERIFY_TEST_UTIL_H_
