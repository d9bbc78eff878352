#include "connectors/sqlite/sqlite_target.h"

#include <map>

#include "connectors/sqlite/sqlite_batch_writer.h"
#include "connectors/sqlite/sqlite_ddl.h"
#include "connectors/sqlite/sqlite_write_lock.h"

namespace ferry {
namespace {

// Rows listed per broken foreign key in a message.
constexpr int kOrphansShown = 10;

Result<std::string> JournalMode(SqliteDatabase& db) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare("PRAGMA journal_mode"));
  FERRY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? std::string(stmt.ColumnText(0)) : std::string("delete");
}

}  // namespace

Status CheckSqliteTargetSchema(const std::string& schema) {
  if (schema.empty() || schema == "public" || schema == "main") return Status::OK();
  return Status::InvalidArgument("--schema " + schema +
                                 ": a SQLite target has one schema (main); leave --schema out");
}

Result<std::unique_ptr<SqliteTarget>> SqliteTarget::Open(const Endpoint& endpoint,
                                                         const std::string& schema) {
  FERRY_RETURN_IF_ERROR(CheckSqliteTargetSchema(schema));
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase admin, OpenSqliteForWriting(endpoint.path));
  FERRY_ASSIGN_OR_RETURN(std::string mode, JournalMode(admin));
  if (mode != "wal") {
    Status wal = admin.Exec("PRAGMA journal_mode = WAL");
    if (wal.code() == StatusCode::kTimeout) return HeldElsewhere(endpoint.path);
    FERRY_RETURN_IF_ERROR(wal.WithContext("setting journal_mode=WAL on " + endpoint.path));
  }
  return std::unique_ptr<SqliteTarget>(
      new SqliteTarget(endpoint.path, std::move(admin), std::move(mode)));
}

std::string SqliteTarget::Describe() const { return "SQLite file " + path_; }

Result<bool> SqliteTarget::TableExists(const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      admin_.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1"));
  FERRY_RETURN_IF_ERROR(stmt.BindText(1, name));
  return stmt.Step();
}

Status SqliteTarget::Prepare(const std::vector<TableSchema>& tables, WriteMode mode) {
  std::lock_guard lock(admin_mutex_);
  std::string present, absent;
  for (const TableSchema& table : tables) {
    FERRY_ASSIGN_OR_RETURN(bool exists, TableExists(table.name));
    std::string& list = exists ? present : absent;
    list += (list.empty() ? "" : ", ") + table.name;
  }
  if (mode == WriteMode::kCreate && !present.empty()) {
    return Status::AlreadyExists("target table(s) already exist in " + path_ + ": " + present +
                                 " (use --mode replace to drop and recreate them, --mode truncate "
                                 "to empty them, --mode append or --mode upsert to add rows)");
  }
  bool needs_tables =
      mode == WriteMode::kTruncate || mode == WriteMode::kAppend || mode == WriteMode::kUpsert;
  if (needs_tables && !absent.empty()) {
    return Status::NotFound("target table(s) do not exist in " + path_ + ": " + absent +
                            " (--mode " + std::string(WriteModeName(mode)) +
                            " writes into existing tables; use --mode create)");
  }
  return Status::OK();
}

Result<std::unique_ptr<BatchWriter>> SqliteTarget::OpenWriter(const TableSchema& table,
                                                              const Chunk& /*chunk*/,
                                                              WriteMode mode) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<SqliteBatchWriter> writer,
                         SqliteBatchWriter::Open(path_, table, mode));
  return std::unique_ptr<BatchWriter>(std::move(writer));
}

// Indexes one after the other (one writer per file), then the foreign keys.
Status SqliteTarget::Finish(const std::vector<TableSchema>& tables, int /*parallelism*/,
                            std::vector<SkippedObject>* broken_foreign_keys) {
  std::lock_guard lock(admin_mutex_);
  for (const TableSchema& table : tables) {
    for (const std::string& sql : SqliteIndexSql(table)) {
      FERRY_ASSIGN_OR_RETURN(SqliteWriteTransaction txn,
                             SqliteWriteTransaction::Begin(admin_, SqliteFileMutex(path_)));
      Status s = admin_.Exec(sql);
      if (!s.ok()) return s.WithContext("creating an index (" + sql + ")");
      FERRY_RETURN_IF_ERROR(txn.Commit());
    }
  }
  for (const TableSchema& table : tables) {
    FERRY_RETURN_IF_ERROR(CheckForeignKeys(table, broken_foreign_keys));
  }
  return Status::OK();
}

// Only the last connection to a file may leave WAL: the run store and the
// writers are gone by now; a reader in another process (ferry status) keeps
// the file in WAL, which the next writer or reader of the file copes with.
SqliteTarget::~SqliteTarget() {
  if (journal_mode_ == "wal") return;
  sqlite3_busy_timeout(admin_.get(), 0);
  (void)admin_.Exec("PRAGMA journal_mode = " + journal_mode_);
}


// PRAGMA foreign_key_check lists each row whose parent is missing, by rowid
// and the id of the broken key in PRAGMA foreign_key_list (which counts the
// keys from the last declared); each such row is named by its primary key
// and the key values it refers to, as PostgreSQL's Finish names them.
Status SqliteTarget::CheckForeignKeys(const TableSchema& table,
                                      std::vector<SkippedObject>* broken) {
  if (table.foreign_keys.empty()) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement check,
      admin_.Prepare("SELECT rowid, parent, fkid FROM pragma_foreign_key_check(?1)"));
  FERRY_RETURN_IF_ERROR(check.BindText(1, table.name));
  struct Broken {
    std::string parent;
    std::vector<int64_t> rowids;  // the first kOrphansShown
    int64_t rows = 0;
  };
  std::map<int64_t, Broken> by_key;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, check.Step());
    if (!row) break;
    Broken& entry = by_key[check.ColumnInt64(2)];
    entry.parent = std::string(check.ColumnText(1));
    if (++entry.rows <= kOrphansShown) entry.rowids.push_back(check.ColumnInt64(0));
  }
  for (const auto& [fkid, entry] : by_key) {
    FERRY_ASSIGN_OR_RETURN(std::vector<std::string> columns, ForeignKeyColumns(table.name, fkid));
    std::string names, rows;
    for (const std::string& c : columns) names += (names.empty() ? "" : ", ") + c;
    for (int64_t rowid : entry.rowids) {
      FERRY_ASSIGN_OR_RETURN(std::string described, DescribeRow(table, columns, rowid));
      rows += (rows.empty() ? "" : "; ") + described;
    }
    std::string what = "foreign key (" + names + ") of " + table.name + " to " + entry.parent +
                       ": " + std::to_string(entry.rows) + " row(s) refer to keys " + entry.parent +
                       " does not hold: " + rows + (entry.rows > kOrphansShown ? "; ..." : "");
    if (broken != nullptr) {
      broken->push_back({"foreign key", table.name + "(" + names + ")",
                         "declared but broken (--on-error skip; SQLite cannot drop a constraint "
                         "of a table): " +
                             what});
      continue;
    }
    return Status::DataError(what + ": add the missing rows to " + entry.parent +
                             ", or delete or fix those rows of " + table.name + ", in the target");
  }
  return Status::OK();
}

Result<std::vector<std::string>> SqliteTarget::ForeignKeyColumns(const std::string& table,
                                                                 int64_t fkid) {
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement s,
      admin_.Prepare(
          "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq"));
  FERRY_RETURN_IF_ERROR(s.BindText(1, table));
  FERRY_RETURN_IF_ERROR(s.BindInt64(2, fkid));
  std::vector<std::string> columns;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    columns.emplace_back(s.ColumnText(0));
  }
  return columns;
}

// "id=2 (parent_id=99)": the row's primary key (its rowid when it has none)
// and the values of `columns`, as SQLite prints them.
Result<std::string> SqliteTarget::DescribeRow(const TableSchema& table,
                                              const std::vector<std::string>& columns,
                                              int64_t rowid) {
  std::vector<std::string> key = table.primary_key;
  if (key.empty()) key = {"rowid"};
  std::string select;
  for (const std::string& c : key) select += (select.empty() ? "" : ", ") + QuoteSqliteName(c);
  for (const std::string& c : columns) select += ", " + QuoteSqliteName(c);
  FERRY_ASSIGN_OR_RETURN(SqliteStatement s,
                         admin_.Prepare("SELECT " + select + " FROM " +
                                        QuoteSqliteName(table.name) + " WHERE rowid = ?1"));
  FERRY_RETURN_IF_ERROR(s.BindInt64(1, rowid));
  FERRY_ASSIGN_OR_RETURN(bool found, s.Step());
  if (!found) return "rowid " + std::to_string(rowid);
  std::string text;
  for (size_t i = 0; i < key.size(); ++i) {
    text += (i ? ", " : "") + key[i] + "=" + std::string(s.ColumnText(static_cast<int>(i)));
  }
  text += " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    text += (i ? ", " : "") + columns[i] + "=" +
            std::string(s.ColumnText(static_cast<int>(key.size() + i)));
  }
  return text + ")";
}

Status SqliteTarget::DropTable(const TableSchema& table) {
  std::lock_guard lock(admin_mutex_);
  FERRY_ASSIGN_OR_RETURN(SqliteWriteTransaction txn,
                         SqliteWriteTransaction::Begin(admin_, SqliteFileMutex(path_)));
  FERRY_RETURN_IF_ERROR(admin_.Exec(SqliteDropTableSql(table.name)));
  return txn.Commit();
}

}  // namespace ferry
