#include "connectors/sqlite/sqlite_source.h"

#include "connectors/sqlite/sqlite_chunker.h"
#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_schema_reader.h"
#include "connectors/sqlite/sqlite_snapshot_source.h"

namespace ferry {
namespace {

constexpr int kBusyTimeoutMs = 5000;

Result<SqliteDatabase> OpenReadOnly(const std::string& path) {
  SqliteDatabase::Options options;
  options.read_only = true;
  options.busy_timeout_ms = kBusyTimeoutMs;
  return SqliteDatabase::Open(path, options);
}

std::string SelectSql(const TableSchema& table, const Chunk& chunk) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += QuoteSqliteIdentifier(table.columns[i].name);
  }
  sql += " FROM " + QuoteSqliteIdentifier(table.name);
  if (!chunk.IsWhole()) sql += " WHERE " + SqliteChunkCondition(table, chunk);
  return sql;
}

// Reads one table inside a read transaction opened before the first row.
class SqliteBatchReader : public BatchReader {
 public:
  SqliteBatchReader(SqliteDatabase db, SqliteStatement stmt, std::string table, int columns)
      : db_(std::move(db)), stmt_(std::move(stmt)), table_(std::move(table)), columns_(columns) {}

  bool Next(Batch* batch, size_t max_rows) override {
    batch->Clear(columns_);
    if (done_) return false;
    while (batch->num_rows() < max_rows) {
      Result<bool> has_row = stmt_.Step();
      if (!has_row.ok()) {
        status_ =
            has_row.status().WithContext("reading table '" + table_ + "' of '" + db_.path() + "'");
        done_ = true;
        batch->Clear();
        return false;
      }
      if (!*has_row) {
        done_ = true;
        break;
      }
      CopyRow(batch->AddRow(), batch);
    }
    return !batch->empty();
  }

  Status status() const override { return status_; }

 private:
  void CopyRow(Value* row, Batch* batch) {
    for (int i = 0; i < columns_; ++i) {
      switch (stmt_.ColumnType(i)) {
        case SQLITE_INTEGER:
          row[i] = Value::Int64(stmt_.ColumnInt64(i));
          break;
        case SQLITE_FLOAT:
          row[i] = Value::Double(stmt_.ColumnDouble(i));
          break;
        case SQLITE_TEXT:
          row[i] = Value::Text(batch->Store(stmt_.ColumnText(i)));
          break;
        case SQLITE_BLOB:
          row[i] = Value::Bytes(batch->Store(stmt_.ColumnBlob(i)));
          break;
        default:
          row[i] = Value::Null();
          break;
      }
    }
  }

  SqliteDatabase db_;  // declared first: destroyed after the statement
  SqliteStatement stmt_;
  std::string table_;
  int columns_;
  bool done_ = false;
  Status status_;
};

}  // namespace

std::string QuoteSqliteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::unique_ptr<SqliteSource>> SqliteSource::Open(const std::string& path) {
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenReadOnly(path));
  return std::unique_ptr<SqliteSource>(new SqliteSource(path));
}

Result<DatabaseSchema> SqliteSource::DescribeSchema() {
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenReadOnly(path_));
  // One transaction, so that the schema and the row estimates agree.
  FERRY_RETURN_IF_ERROR(db.Exec("BEGIN"));
  Result<DatabaseSchema> schema = ReadSqliteSchema(db);
  (void)db.Exec("COMMIT");
  if (!schema.ok()) return schema.status().WithContext("SQLite database '" + path_ + "'");
  return schema;
}

Result<std::unique_ptr<BatchReader>> SqliteSource::OpenReader(const TableSchema& table,
                                                              const Chunk& chunk) {
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenReadOnly(path_));
  // The read transaction (and its lock) starts here, not at the first row.
  FERRY_RETURN_IF_ERROR(db.Exec("BEGIN; SELECT count(*) FROM sqlite_schema;"));
  Result<SqliteStatement> stmt = db.Prepare(SelectSql(table, chunk));
  if (!stmt.ok()) {
    return stmt.status().WithContext("cannot read table '" + table.name + "' of '" + path_ + "'");
  }
  FERRY_RETURN_IF_ERROR(BindSqliteChunk(*stmt, chunk));
  return std::unique_ptr<BatchReader>(new SqliteBatchReader(
      std::move(db), std::move(*stmt), table.name, static_cast<int>(table.columns.size())));
}

Result<std::vector<Chunk>> SqliteSource::PlanChunks(const TableSchema& table, int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, OpenReadOnly(path_));
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(db, table, chunk_rows);
  if (!chunks.ok()) return chunks.status().WithContext("splitting table '" + table.name + "'");
  return chunks;
}

// The plan describes the default copy; `--chunk-rows 0` streams each table
// through a reader of its own (this source, unpinned).
std::string SqliteSource::SnapshotNote() const {
  return "a chunked copy (the default) reads " + std::string(kSqliteRunSnapshotNote) +
         "; with --chunk-rows 0 each table is read in its own read transaction, so tables are "
         "consistent one by one but not with each other if the database is written meanwhile";
}

}  // namespace ferry
