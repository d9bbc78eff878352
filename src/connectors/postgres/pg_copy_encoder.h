// Encodes rows into PostgreSQL's binary COPY format (COPY ... FROM STDIN (FORMAT binary)).
//
// libpq has no encoder for this format, so ferry writes it: a header, then per
// row an int16 field count and per field an int32 length (-1 for NULL) and the
// value in the type's binary "send" form, then an int16 -1 trailer. Values are
// written straight into a caller-owned buffer that is reused between batches,
// so encoding allocates nothing per value.
//
// Each column is encoded by the wire type of the target column (from its type
// OID), taking the Value in the representation of its LogicalType
// (logical_type.h): e.g. an int64 into an int4 column is range-checked, a
// kNumeric canonical decimal is packed into base-10000 digits. Thread-compatible.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_COPY_ENCODER_H_
#define FERRY_CONNECTORS_POSTGRES_PG_COPY_ENCODER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/logical_type.h"
#include "ferry/status.h"
#include "ferry/value.h"

namespace ferry {

// How a value goes on the wire, by target column type.
enum class PgWireType : uint8_t {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kText,  // text, varchar, bpchar, name, json, xml: the bytes as they are
  kBytea,
  kDate,
  kTime,
  kTimestamp,  // timestamp and timestamptz: µs since 2000-01-01
  kUuid,
  kJsonb,  // version byte 1, then the JSON text
};

// The wire type for a PostgreSQL type OID holding values of `logical`, or
// InvalidArgument naming both when ferry cannot write one into the other.
Result<PgWireType> PgWireTypeFor(unsigned int type_oid, std::string_view type_name,
                                 LogicalType logical);

// Appends `decimal` (canonical: "-12.50", "NaN", "Infinity", "-Infinity") in
// numeric's binary form. DataError when it is not a decimal.
Status AppendPgNumeric(std::string_view decimal, std::string* out);

struct PgEncodeColumn {
  std::string name;  // for error messages
  PgWireType wire = PgWireType::kText;
  bool nullable = true;
};

class PgCopyEncoder {
 public:
  explicit PgCopyEncoder(std::vector<PgEncodeColumn> columns) : columns_(std::move(columns)) {}

  // The 19-byte file header.
  static void AppendHeader(std::string* out);
  // The int16 -1 trailer.
  static void AppendTrailer(std::string* out);

  // Appends one row of columns().size() values. On failure leaves `out` as it
  // was, sets *bad_column and returns DataError naming the column and reason.
  Status AppendRow(const Value* row, std::string* out, int* bad_column) const;

  const std::vector<PgEncodeColumn>& columns() const { return columns_; }

 private:
  Status AppendValue(const PgEncodeColumn& column, const Value& value, std::string* out) const;

  std::vector<PgEncodeColumn> columns_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_COPY_ENCODER_H_
