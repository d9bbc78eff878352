#include "connectors/sqlite/sqlite_chunker.h"

#include <algorithm>
#include <cmath>

#include "connectors/sqlite/sqlite_key_spread.h"

namespace ferry {
namespace {

std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Chunk MakeChunk(ChunkBy by, std::optional<int64_t> lower, std::optional<int64_t> upper,
                int64_t estimated_rows = -1) {
  Chunk chunk;
  chunk.by = by;
  chunk.lower = lower;
  chunk.upper = upper;
  chunk.estimated_rows = estimated_rows;
  return chunk;
}

// The key expressions a chunk of `by` compares: the primary key, or rowid.
std::vector<std::string> KeyExpressions(const TableSchema& table, ChunkBy by) {
  if (by == ChunkBy::kRowid) return {"rowid"};
  std::vector<std::string> keys;
  for (const std::string& column : table.primary_key) keys.push_back(Quote(column));
  return keys;
}

std::string Tuple(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts[0];
  std::string out = "(";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + ")";
}

std::vector<std::string> Params(size_t count, int* next) {
  std::vector<std::string> params;
  for (size_t i = 0; i < count; ++i) params.push_back("?" + std::to_string((*next)++));
  return params;
}

Result<bool> HasNullKey(SqliteDatabase& db, const TableSchema& table) {
  std::string where;
  for (const std::string& column : table.primary_key) {
    where += (where.empty() ? "" : " OR ") + Quote(column) + " IS NULL";
  }
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db.Prepare("SELECT 1 FROM " + Quote(table.name) + " WHERE " + where + " LIMIT 1"));
  return statement.Step();
}

bool HasRowid(SqliteDatabase& db, const TableSchema& table) {
  return db.Prepare("SELECT rowid FROM " + Quote(table.name) + " LIMIT 0").ok();
}

// Equal-width value ranges over [min, max], about chunk_rows each: for keys
// that fill their range evenly (SampleIntegerKey), planned without a scan.
std::vector<Chunk> EqualWidthRanges(const IntegerKeySpread& spread, ChunkBy by,
                                    int64_t chunk_rows) {
  // Offsets from min in unsigned arithmetic: max - min fits even for the extremes.
  uint64_t span = static_cast<uint64_t>(spread.max) - static_cast<uint64_t>(spread.min);
  uint64_t pieces = static_cast<uint64_t>(std::max<int64_t>(
      1, spread.estimated_rows / chunk_rows + (spread.estimated_rows % chunk_rows != 0 ? 1 : 0)));
  uint64_t width = span / pieces + 1;
  std::vector<Chunk> chunks;
  std::optional<int64_t> lower;
  for (uint64_t offset = width; offset <= span; offset += width) {
    int64_t bound = static_cast<int64_t>(static_cast<uint64_t>(spread.min) + offset);
    chunks.push_back(MakeChunk(by, lower, bound));
    lower = bound;
    if (offset > span - width) break;  // the next offset would overflow or pass max
  }
  chunks.push_back(MakeChunk(by, lower, std::nullopt));
  for (Chunk& chunk : chunks) {
    chunk.estimated_rows = spread.estimated_rows / static_cast<int64_t>(chunks.size());
  }
  return chunks;
}

// The integer bound just above the key `statement` read in column 0: the key
// itself, or for a REAL among integer keys the next integer. nullopt past
// the int64 range.
std::optional<int64_t> BoundAt(const SqliteStatement& statement) {
  if (statement.ColumnType(0) == SQLITE_INTEGER) return statement.ColumnInt64(0);
  double up = std::ceil(statement.ColumnDouble(0));
  if (!(up < 9.2e18)) return std::nullopt;
  return static_cast<int64_t>(up);
}

// Ranges whose bounds are every chunk_rows-th key, found by stepping the
// key's b-tree from bound to bound (OFFSET skips keys inside SQLite without
// returning them): for sparse, gapped or random keys. Exactly chunk_rows
// rows a chunk, the last one counted.
Result<std::vector<Chunk>> SteppedRanges(SqliteDatabase& db, const std::string& table,
                                         const std::string& expression, ChunkBy by, int64_t from,
                                         int64_t chunk_rows) {
  std::string after = " FROM " + table + " WHERE " + expression + " >= ?1";
  FERRY_ASSIGN_OR_RETURN(SqliteStatement step,
                         db.Prepare("SELECT " + expression + after + " ORDER BY " + expression +
                                    " LIMIT 1 OFFSET ?2"));
  std::vector<Chunk> chunks;
  std::optional<int64_t> lower;
  while (true) {
    FERRY_RETURN_IF_ERROR(step.Reset());
    FERRY_RETURN_IF_ERROR(step.BindInt64(1, from));
    FERRY_RETURN_IF_ERROR(step.BindInt64(2, chunk_rows));
    FERRY_ASSIGN_OR_RETURN(bool found, step.Step());
    std::optional<int64_t> bound = found ? BoundAt(step) : std::nullopt;
    if (!bound || *bound <= from) break;
    chunks.push_back(MakeChunk(by, lower, bound, chunk_rows));
    lower = from = *bound;
  }
  FERRY_ASSIGN_OR_RETURN(SqliteStatement count,
                         db.Prepare("SELECT count(*) FROM (SELECT 1" + after + " LIMIT " +
                                    std::to_string(chunk_rows + 1) + ")"));
  FERRY_RETURN_IF_ERROR(count.BindInt64(1, from));
  FERRY_ASSIGN_OR_RETURN(bool counted, count.Step());
  chunks.push_back(MakeChunk(by, lower, std::nullopt, counted ? count.ColumnInt64(0) : 0));
  return chunks;
}

// Integer ranges of `expression` (the key or rowid), from its spread; empty
// (no chunks) when its values are not all integers.
Result<std::vector<Chunk>> PlanValueRanges(SqliteDatabase& db, const TableSchema& table,
                                           const std::string& expression, ChunkBy by,
                                           int64_t chunk_rows) {
  std::string quoted = Quote(table.name);
  FERRY_ASSIGN_OR_RETURN(IntegerKeySpread spread, SampleIntegerKey(db, quoted, expression));
  switch (spread.kind) {
    case IntegerKeySpread::Kind::kEmpty:
      return std::vector<Chunk>{MakeChunk(by, std::nullopt, std::nullopt, 0)};
    case IntegerKeySpread::Kind::kNotIntegers:
      return std::vector<Chunk>{};
    case IntegerKeySpread::Kind::kIntegers:
      break;
  }
  if (spread.even) return EqualWidthRanges(spread, by, chunk_rows);
  return SteppedRanges(db, quoted, expression, by, spread.min, chunk_rows);
}

KeyPart ReadKeyPart(const SqliteStatement& statement, int column) {
  KeyPart part;
  switch (statement.ColumnType(column)) {
    case SQLITE_INTEGER:
      part.int_value = statement.ColumnInt64(column);
      break;
    case SQLITE_FLOAT:
      part.kind = ValueKind::kDouble;
      part.double_value = statement.ColumnDouble(column);
      break;
    case SQLITE_BLOB:
      part.kind = ValueKind::kBytes;
      part.bytes = std::string(statement.ColumnBlob(column));
      break;
    default:
      part.kind = ValueKind::kText;
      part.bytes = std::string(statement.ColumnText(column));
      break;
  }
  return part;
}

// Boundaries from the key order: every chunk_rows-th key starts a chunk.
Result<std::vector<Chunk>> PlanSampledKeys(SqliteDatabase& db, const TableSchema& table,
                                           int64_t chunk_rows) {
  std::string keys = Tuple(KeyExpressions(table, ChunkBy::kKeyValues));
  std::string key_list = keys.front() == '(' ? keys.substr(1, keys.size() - 2) : keys;
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db.Prepare("SELECT " + key_list + " FROM " + Quote(table.name) + " ORDER BY " + key_list));
  std::vector<Chunk> chunks(1, MakeChunk(ChunkBy::kKeyValues, std::nullopt, std::nullopt, 0));
  for (int64_t row = 0;; ++row) {
    FERRY_ASSIGN_OR_RETURN(bool more, statement.Step());
    if (!more) break;
    if (row > 0 && row % chunk_rows == 0) {
      std::vector<KeyPart> bound;
      for (int i = 0; i < statement.ColumnCount(); ++i) bound.push_back(ReadKeyPart(statement, i));
      chunks.back().upper_key = bound;
      chunks.push_back(MakeChunk(ChunkBy::kKeyValues, std::nullopt, std::nullopt, 0));
      chunks.back().lower_key = std::move(bound);
    }
    ++chunks.back().estimated_rows;
  }
  return chunks;
}

Result<std::vector<Chunk>> PlanByKey(SqliteDatabase& db, const TableSchema& table,
                                     int64_t chunk_rows) {
  if (table.primary_key.empty()) return std::vector<Chunk>{};
  FERRY_ASSIGN_OR_RETURN(bool has_null, HasNullKey(db, table));
  if (has_null) return std::vector<Chunk>{};
  // Any single-column key is tried: SQLite's types are per value, so whether
  // the key holds only integers shows in its smallest and largest values.
  if (table.primary_key.size() == 1) {
    FERRY_ASSIGN_OR_RETURN(
        std::vector<Chunk> chunks,
        PlanValueRanges(db, table, Quote(table.primary_key[0]), ChunkBy::kIntegerKey, chunk_rows));
    if (!chunks.empty()) return chunks;
  }
  return PlanSampledKeys(db, table, chunk_rows);
}

}  // namespace

Result<std::vector<Chunk>> PlanSqliteChunks(SqliteDatabase& db, const TableSchema& table,
                                            int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(std::vector<Chunk> chunks, PlanByKey(db, table, chunk_rows));
  if (chunks.empty() && HasRowid(db, table)) {
    FERRY_ASSIGN_OR_RETURN(chunks,
                           PlanValueRanges(db, table, "rowid", ChunkBy::kRowid, chunk_rows));
  }
  if (chunks.empty()) chunks.push_back(Chunk{});
  for (size_t i = 0; i < chunks.size(); ++i) chunks[i].id = static_cast<int64_t>(i);
  return chunks;
}

std::string SqliteChunkCondition(const TableSchema& table, const Chunk& chunk, int first_param) {
  if (chunk.IsWhole()) return "1";
  std::string keys = Tuple(KeyExpressions(table, chunk.by));
  bool by_values = chunk.by == ChunkBy::kKeyValues;
  int next = first_param;
  std::string condition;
  if (by_values ? !chunk.lower_key.empty() : chunk.lower.has_value()) {
    condition = keys + " >= " + Tuple(Params(by_values ? chunk.lower_key.size() : 1, &next));
  }
  if (by_values ? !chunk.upper_key.empty() : chunk.upper.has_value()) {
    condition += (condition.empty() ? "" : " AND ") + keys + " < " +
                 Tuple(Params(by_values ? chunk.upper_key.size() : 1, &next));
  }
  return condition;
}

Status BindSqliteChunk(SqliteStatement& statement, const Chunk& chunk, int first_param) {
  int next = first_param;
  auto bind = [&](const KeyPart& part) -> Status {
    switch (part.kind) {
      case ValueKind::kInt64:
        return statement.BindInt64(next++, part.int_value);
      case ValueKind::kDouble:
        if (sqlite3_bind_double(statement.get(), next++, part.double_value) != SQLITE_OK) {
          return Status::DataError("cannot bind a chunk bound");
        }
        return Status::OK();
      case ValueKind::kBytes:
        return statement.BindBlob(next++, part.bytes);
      default:
        return statement.BindText(next++, part.bytes);
    }
  };
  if (chunk.lower) FERRY_RETURN_IF_ERROR(statement.BindInt64(next++, *chunk.lower));
  for (const KeyPart& part : chunk.lower_key) FERRY_RETURN_IF_ERROR(bind(part));
  if (chunk.upper) FERRY_RETURN_IF_ERROR(statement.BindInt64(next++, *chunk.upper));
  for (const KeyPart& part : chunk.upper_key) FERRY_RETURN_IF_ERROR(bind(part));
  return Status::OK();
}

}  // namespace ferry
