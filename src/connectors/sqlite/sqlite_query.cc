#include "connectors/sqlite/sqlite_query.h"

namespace ferry {

Result<SqliteStatement> SqliteQuery(SqliteDatabase& db, std::string_view sql,
                                    const std::vector<SqliteParam>& params) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  for (size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    const SqliteParam& p = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(p)) {
      rc = sqlite3_bind_null(stmt.get(), index);
    } else if (const int64_t* n = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt.get(), index, *n);
    } else if (const double* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt.get(), index, *d);
    } else {
      const std::string& s = std::get<std::string>(p);
      rc =
          sqlite3_bind_text64(stmt.get(), index, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) return Status::Internal("binding a parameter: " + db.LastError());
  }
  return stmt;
}

Result<int64_t> SqliteRun(SqliteDatabase& db, std::string_view sql,
                          const std::vector<SqliteParam>& params) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement stmt, SqliteQuery(db, sql, params));
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
  }
  return db.Changes();
}

std::optional<std::string> SqliteOptionalText(const SqliteStatement& stmt, int column) {
  if (stmt.ColumnType(column) == SQLITE_NULL) return std::nullopt;
  return std::string(stmt.ColumnText(column));
}

}  // namespace ferry
