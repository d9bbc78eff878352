#include "connectors/postgres/pg_source_reader.h"

#include <algorithm>
#include <cstring>

#include "connectors/postgres/pg_binary_values.h"
#include "connectors/postgres/pg_raw_rows.h"
#include "connectors/postgres/pg_source.h"

namespace ferry {

size_t PgReadColumns::num_fields() const {
  size_t n = raw_fields;
  for (size_t field : fields) n = std::max(n, field + 1);
  return n;
}

Result<std::unique_ptr<BatchReader>> PgSourceReader::Start(PgSource* source, PgConnection conn,
                                                           std::string table, std::string copy_sql,
                                                           PgReadColumns columns) {
  Result<PgResult> started = conn.Exec(copy_sql);
  if (!started.ok()) return started.status().WithContext("reading table \"" + table + "\"");
  return std::unique_ptr<BatchReader>(
      new PgSourceReader(source, std::move(conn), std::move(table), std::move(columns)));
}

PgSourceReader::~PgSourceReader() {
  // A connection is reusable only after its COPY has ended cleanly; an abandoned
  // one is closed (PQfinish) rather than drained.
  if (finished_ && status_.ok() && !conn_.IsBroken()) source_->ReleaseConnection(std::move(conn_));
}

bool PgSourceReader::Fail(Status status) {
  status_ = std::move(status);
  finished_ = true;
  return false;
}

bool PgSourceReader::ReadMessage() {
  char* data = nullptr;
  int n = PQgetCopyData(conn_.get(), &data, /*async=*/0);
  if (n > 0) {
    CHandle<char, &PQfreemem> owned(data);
    parser_.Feed(std::string_view(data, static_cast<size_t>(n)));
    return true;
  }
  finished_ = true;
  if (n == -2) {
    return Fail(Status::Connection("lost the connection while reading table \"" + table_ +
                                   "\": " + PQerrorMessage(conn_.get())));
  }
  // n == -1: the COPY is over; its final result says whether it succeeded.
  PgResultHandle result(PQgetResult(conn_.get()));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return Fail(Status::DataError("reading table \"" + table_ + "\": " +
                                  FormatPgError(ExtractPgError(result.get(), conn_.get()))));
  }
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);
  if (!parser_.done() || parser_.HasPartialData()) {
    return Fail(Status::Corruption("the COPY stream of table \"" + table_ + "\" ended early"));
  }
  return false;
}

Status PgSourceReader::DecodeRow(Batch* batch) {
  if (fields_.size() != num_fields_) {
    return Status::Corruption("table \"" + table_ + "\": COPY sent " +
                              std::to_string(fields_.size()) + " fields, expected " +
                              std::to_string(num_fields_));
  }
  Value* row = batch->AddRow();
  for (size_t i = 0; i < columns_.oids.size(); ++i) {
    const std::optional<std::string_view>& field = fields_[columns_.fields[i]];
    if (!field) continue;         // null
    if (columns_.oids[i] == 0) {  // selected as ::text
      row[i] = Value::Text(batch->Store(*field));
      continue;
    }
    Status s = DecodePgBinary(columns_.oids[i], *field, batch, &row[i]);
    if (!s.ok()) {
      batch->PopRow();
      return s.WithContext("table \"" + table_ + "\", column " + std::to_string(i + 1));
    }
  }
  return Status::OK();
}

void PgSourceReader::AddRawRow(Batch* batch) const {
  std::string_view fields = parser_.TupleFields(columns_.raw_fields);
  char* raw = batch->AddRawRow(2 + fields.size());
  raw[0] = static_cast<char>((columns_.raw_fields >> 8) & 0xff);
  raw[1] = static_cast<char>(columns_.raw_fields & 0xff);
  std::memcpy(raw + 2, fields.data(), fields.size());
}

bool PgSourceReader::Next(Batch* batch, size_t max_rows) {
  batch->Clear(static_cast<int>(columns_.oids.size()));
  if (columns_.raw_fields > 0) batch->set_raw_format(kPgRawRowFormat);
  if (!status_.ok()) return false;
  while (batch->num_rows() < max_rows) {
    Result<bool> tuple = parser_.NextTuple(&fields_);
    if (!tuple.ok()) return Fail(tuple.status().WithContext("table \"" + table_ + "\""));
    if (*tuple) {
      Status s = DecodeRow(batch);
      if (!s.ok()) return Fail(s);
      if (columns_.raw_fields > 0) AddRawRow(batch);
      continue;
    }
    // Decoded values were copied into the batch, so the parser may take more bytes.
    if (finished_ || !ReadMessage()) break;
  }
  return !batch->empty();
}

}  // namespace ferry
