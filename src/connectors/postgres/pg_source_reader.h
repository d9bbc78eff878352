// The BatchReader of PgSource: one chunk of one table through COPY … TO STDOUT
// (FORMAT binary), decoded into Values. Internal to the postgres connector.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SOURCE_READER_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SOURCE_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_copy_binary_parser.h"
#include "ferry/source.h"

namespace ferry {

class PgSource;

// What a reader's COPY selects, per column of the table read.
struct PgReadColumns {
  std::vector<uint32_t> oids;  // [i]: the type column i is decoded by (0: selected as text)
  std::vector<size_t> fields;  // [i]: the field of each tuple column i is decoded from
  // Raw rows (pg_raw_rows.h): the first raw_fields fields of each tuple, every
  // column's binary form, become the row's raw tuple; 0: no raw rows.
  size_t raw_fields = 0;
  size_t num_fields() const;  // fields per tuple
};

class PgSourceReader : public BatchReader {
 public:
  // Starts `copy_sql` on `conn` (a connection of `source`'s pool, inside its
  // snapshot), whose tuples hold the fields `columns` says. `table` names the
  // table in errors.
  static Result<std::unique_ptr<BatchReader>> Start(PgSource* source, PgConnection conn,
                                                    std::string table, std::string copy_sql,
                                                    PgReadColumns columns);
  ~PgSourceReader() override;

  bool Next(Batch* batch, size_t max_rows) override;
  Status status() const override { return status_; }

 private:
  PgSourceReader(PgSource* source, PgConnection conn, std::string table, PgReadColumns columns)
      : source_(source),
        conn_(std::move(conn)),
        table_(std::move(table)),
        columns_(std::move(columns)),
        num_fields_(columns_.num_fields()) {}
  // Reads the next CopyData message into the parser; false at the end or on error.
  bool ReadMessage();
  Status DecodeRow(Batch* batch);
  // The raw tuple of the row DecodeRow added last.
  void AddRawRow(Batch* batch) const;
  bool Fail(Status status);

  PgSource* source_;
  PgConnection conn_;
  std::string table_;
  const PgReadColumns columns_;
  const size_t num_fields_;
  PgCopyBinaryParser parser_;
  std::vector<std::optional<std::string_view>> fields_;
  bool finished_ = false;  // the COPY ended (successfully or not)
  Status status_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SOURCE_READER_H_
