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

class PgSourceReader : public BatchReader {
 public:
  // Starts `copy_sql` on `conn` (a connection of `source`'s pool, inside its
  // snapshot). `oids[i]` is the type of the i-th selected column (0: selected as
  // text). `table` names the table in errors.
  static Result<std::unique_ptr<BatchReader>> Start(PgSource* source, PgConnection conn,
                                                    std::string table, std::string copy_sql,
                                                    std::vector<uint32_t> oids);
  ~PgSourceReader() override;

  bool Next(Batch* batch, size_t max_rows) override;
  Status status() const override { return status_; }

 private:
  PgSourceReader(PgSource* source, PgConnection conn, std::string table, std::vector<uint32_t> oids)
      : source_(source), conn_(std::move(conn)), table_(std::move(table)), oids_(std::move(oids)) {}
  // Reads the next CopyData message into the parser; false at the end or on error.
  bool ReadMessage();
  Status DecodeRow(Batch* batch);
  bool Fail(Status status);

  PgSource* source_;
  PgConnection conn_;
  std::string table_;
  std::vector<uint32_t> oids_;
  PgCopyBinaryParser parser_;
  std::vector<std::optional<std::string_view>> fields_;
  bool finished_ = false;  // the COPY ended (successfully or not)
  Status status_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SOURCE_READER_H_
