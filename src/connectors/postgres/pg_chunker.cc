#include "connectors/postgres/pg_chunker.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_relation.h"

namespace ferry {
namespace {

bool IsInteger(LogicalType type) {
  return type == LogicalType::kInt16 || type == LogicalType::kInt32 || type == LogicalType::kInt64;
}

const Column* KeyColumn(const TableSchema& table, const std::string& name) {
  int index = table.ColumnIndex(name);
  return index < 0 ? nullptr : &table.columns[index];
}

const Column* IntegerKey(const TableSchema& table) {
  if (table.primary_key.size() != 1) return nullptr;
  const Column* key = KeyColumn(table, table.primary_key[0]);
  return key != nullptr && IsInteger(key->type) ? key : nullptr;
}

Chunk MakeChunk(ChunkBy by, int64_t estimated_rows) {
  Chunk chunk;
  chunk.by = by;
  chunk.estimated_rows = estimated_rows;
  return chunk;
}

std::string Tuple(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts[0];
  std::string out = "(";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + ")";
}

// The key columns as compared: in their own collations, the order of the
// primary-key index, so that a chunk is an index range scan.
Result<std::vector<std::string>> KeyExpressions(const TableSchema& table) {
  std::vector<std::string> keys;
  for (const std::string& name : table.primary_key) {
    const Column* column = KeyColumn(table, name);
    if (column == nullptr) {
      return Status::InvalidArgument("table \"" + table.name + "\": key column \"" + name +
                                     "\" is not among the columns read");
    }
    keys.push_back(QuotePgIdentifier(name));
  }
  return keys;
}

// A bound's parts as literals of the key columns' types.
Result<std::string> BoundTuple(const TableSchema& table, const std::vector<KeyPart>& parts) {
  if (parts.size() != table.primary_key.size()) {
    return Status::InvalidArgument("table \"" + table.name + "\": a chunk bound has " +
                                   std::to_string(parts.size()) + " part(s) for a key of " +
                                   std::to_string(table.primary_key.size()) + " column(s)");
  }
  std::vector<std::string> values;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Column* column = KeyColumn(table, table.primary_key[i]);
    std::string text =
        parts[i].kind == ValueKind::kInt64 ? std::to_string(parts[i].int_value) : parts[i].bytes;
    values.push_back(QuotePgLiteral(text) + "::" + column->native_type);
  }
  return Tuple(values);
}

std::string Range(const std::string& expression, const std::optional<std::string>& lower,
                  const std::optional<std::string>& upper) {
  std::string out;
  if (lower) out = expression + " >= " + *lower;
  if (upper) out += (out.empty() ? "" : " AND ") + expression + " < " + *upper;
  return out;
}

std::string TidLiteral(int64_t page) { return "'(" + std::to_string(page) + ",0)'::tid"; }

// Row estimate and heap pages of the table.
struct TableSize {
  int64_t rows = 0;
  int64_t pages = 0;
};

Result<TableSize> ReadTableSize(PgConnection& conn, const std::string& qualified) {
  FERRY_ASSIGN_OR_RETURN(
      PgResult r, conn.Exec("SELECT c.reltuples::bigint, pg_relation_size(c.oid) / "
                            "current_setting('block_size')::bigint FROM pg_class c WHERE c.oid = " +
                            QuotePgLiteral(PgRowSourceRelation(qualified)) + "::regclass"));
  TableSize size;
  size.rows = std::atoll(r.Get(0, 0).data());
  size.pages = std::atoll(r.Get(0, 1).data());
  if (size.rows < 0) {  // never vacuumed nor analyzed: count
    FERRY_ASSIGN_OR_RETURN(PgResult count, conn.Exec("SELECT count(*) FROM " + qualified));
    size.rows = std::atoll(count.Get(0, 0).data());
  }
  return size;
}

Result<std::vector<Chunk>> PlanIntegerRanges(PgConnection& conn, const std::string& qualified,
                                             const Column& key, int64_t chunk_rows) {
  std::string column = QuotePgIdentifier(key.name);
  FERRY_ASSIGN_OR_RETURN(
      PgResult r, conn.Exec("SELECT min(" + column + "), max(" + column + ") FROM " + qualified));
  if (r.IsNull(0, 0)) return std::vector<Chunk>{MakeChunk(ChunkBy::kIntegerKey, 0)};
  int64_t min = std::atoll(r.Get(0, 0).data()), max = std::atoll(r.Get(0, 1).data());
  FERRY_ASSIGN_OR_RETURN(TableSize size, ReadTableSize(conn, qualified));
  // Offsets from min in unsigned arithmetic: max - min fits even for the extremes.
  uint64_t span = static_cast<uint64_t>(max) - static_cast<uint64_t>(min);
  // Fewer rows than half the key values (random 63-bit ids, gaps): most
  // equal-width ranges would be empty and a few hold the rows. The caller
  // takes bounds from the keys instead.
  if (size.rows > chunk_rows && span / 2 >= static_cast<uint64_t>(size.rows)) {
    return std::vector<Chunk>{};
  }
  uint64_t pieces =
      static_cast<uint64_t>(std::max<int64_t>(1, (size.rows + chunk_rows - 1) / chunk_rows));
  uint64_t width = span / pieces + 1;
  std::vector<Chunk> chunks;
  std::optional<int64_t> lower;
  for (uint64_t offset = width; offset <= span; offset += width) {
    int64_t bound = static_cast<int64_t>(static_cast<uint64_t>(min) + offset);
    chunks.push_back(MakeChunk(ChunkBy::kIntegerKey, -1));
    chunks.back().lower = lower;
    chunks.back().upper = bound;
    lower = bound;
    if (offset > span - width) break;  // the next offset would overflow or pass max
  }
  chunks.push_back(MakeChunk(ChunkBy::kIntegerKey, -1));
  chunks.back().lower = lower;
  for (Chunk& chunk : chunks)
    chunk.estimated_rows = size.rows / static_cast<int64_t>(chunks.size());
  return chunks;
}

// Boundaries from the key order of a sample: about kSamplesPerChunk rows per
// chunk drawn with TABLESAMPLE BERNOULLI (one pass over the heap, no sort of
// the whole table; every row when the table is small), every step-th of them
// in key order starts a chunk. The server sends only the boundaries, as text.
constexpr int64_t kSamplesPerChunk = 200;

Result<std::vector<Chunk>> PlanSampledKeys(PgConnection& conn, const std::string& qualified,
                                           const TableSchema& table, int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(std::vector<std::string> keys, KeyExpressions(table));
  FERRY_ASSIGN_OR_RETURN(TableSize size, ReadTableSize(conn, qualified));
  int64_t pieces = (size.rows + chunk_rows - 1) / chunk_rows;
  std::vector<Chunk> chunks(1, MakeChunk(ChunkBy::kKeyValues, size.rows));
  if (pieces <= 1) return chunks;
  double percent =
      100.0 * static_cast<double>(kSamplesPerChunk * pieces) / static_cast<double>(size.rows);
  std::string sample;
  if (percent < 100) sample = fmt::format(" TABLESAMPLE BERNOULLI ({:.6f})", percent);
  std::string order, texts;
  for (size_t i = 0; i < keys.size(); ++i) {
    order += (i ? ", " : "") + keys[i];
    texts += (i ? ", " : "") + keys[i] + "::text";
  }
  std::string sql = "SELECT " + texts + " FROM (SELECT " + order +
                    ", row_number() OVER (ORDER BY " + order +
                    ") AS ferry_row, count(*) OVER () AS ferry_rows FROM " + qualified + sample +
                    ") sampled WHERE ferry_row % greatest(1, ferry_rows / " +
                    std::to_string(pieces) + ") = 0 AND ferry_row < ferry_rows ORDER BY ferry_row";
  FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec(sql));
  for (int row = 0; row < r.rows(); ++row) {
    std::vector<KeyPart> bound;
    for (size_t i = 0; i < keys.size(); ++i) {
      KeyPart part;
      part.kind = ValueKind::kText;
      part.bytes = std::string(r.Get(row, static_cast<int>(i)));
      bound.push_back(std::move(part));
    }
    chunks.back().upper_key = bound;
    chunks.push_back(MakeChunk(ChunkBy::kKeyValues, -1));
    chunks.back().lower_key = std::move(bound);
  }
  for (Chunk& chunk : chunks)
    chunk.estimated_rows = size.rows / static_cast<int64_t>(chunks.size());
  return chunks;
}

// Sampled key bounds (PlanSampledKeys) as integer ranges: for an integer key
// too sparse for equal-width ranges (PlanIntegerRanges).
Result<std::vector<Chunk>> PlanSampledIntegers(PgConnection& conn, const std::string& qualified,
                                               const TableSchema& table, int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(std::vector<Chunk> chunks,
                         PlanSampledKeys(conn, qualified, table, chunk_rows));
  auto integer = [&](const std::vector<KeyPart>& key) -> Result<std::optional<int64_t>> {
    if (key.empty()) return std::optional<int64_t>();
    int64_t value = 0;
    const std::string& text = key[0].bytes;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      return Status::Internal("table \"" + table.name + "\": the key bound '" + text +
                              "' is not an integer");
    }
    return std::optional<int64_t>(value);
  };
  for (Chunk& chunk : chunks) {
    chunk.by = ChunkBy::kIntegerKey;
    FERRY_ASSIGN_OR_RETURN(chunk.lower, integer(chunk.lower_key));
    FERRY_ASSIGN_OR_RETURN(chunk.upper, integer(chunk.upper_key));
    chunk.lower_key.clear();
    chunk.upper_key.clear();
  }
  return chunks;
}

Result<std::vector<Chunk>> PlanPageRanges(PgConnection& conn, const std::string& qualified,
                                          int64_t chunk_rows) {
  FERRY_ASSIGN_OR_RETURN(TableSize size, ReadTableSize(conn, qualified));
  if (size.pages <= 1 || size.rows <= chunk_rows) {
    return std::vector<Chunk>{MakeChunk(ChunkBy::kCtid, size.rows)};
  }
  double rows_per_page = static_cast<double>(size.rows) / static_cast<double>(size.pages);
  int64_t pages_per_chunk =
      std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(chunk_rows) / rows_per_page));
  std::vector<Chunk> chunks;
  std::optional<int64_t> lower;
  for (int64_t page = pages_per_chunk; page < size.pages; page += pages_per_chunk) {
    chunks.push_back(MakeChunk(ChunkBy::kCtid, -1));
    chunks.back().lower = lower;
    chunks.back().upper = page;
    lower = page;
  }
  chunks.push_back(MakeChunk(ChunkBy::kCtid, -1));
  chunks.back().lower = lower;  // open: pages added since planning are read here
  for (Chunk& chunk : chunks)
    chunk.estimated_rows = size.rows / static_cast<int64_t>(chunks.size());
  return chunks;
}

}  // namespace

Result<std::vector<Chunk>> PlanPgChunks(PgConnection& conn, const std::string& schema,
                                        const TableSchema& table, int64_t chunk_rows) {
  // "ONLY s.t" (or "s.t" when partitioned): every query below counts each row once.
  FERRY_ASSIGN_OR_RETURN(std::string qualified, PgRowSource(conn, schema, table.name));
  std::vector<Chunk> chunks;
  if (const Column* key = IntegerKey(table)) {
    FERRY_ASSIGN_OR_RETURN(chunks, PlanIntegerRanges(conn, qualified, *key, chunk_rows));
    if (chunks.empty()) {
      FERRY_ASSIGN_OR_RETURN(chunks, PlanSampledIntegers(conn, qualified, table, chunk_rows));
    }
  } else if (!table.primary_key.empty()) {
    FERRY_ASSIGN_OR_RETURN(chunks, PlanSampledKeys(conn, qualified, table, chunk_rows));
  } else {
    FERRY_ASSIGN_OR_RETURN(chunks, PlanPageRanges(conn, qualified, chunk_rows));
  }
  for (size_t i = 0; i < chunks.size(); ++i) chunks[i].id = static_cast<int64_t>(i);
  return chunks;
}

Result<std::string> PgChunkCondition(const TableSchema& table, const Chunk& chunk) {
  if (chunk.IsWhole()) return std::string();
  auto bound = [](const std::optional<int64_t>& v, bool tid) -> std::optional<std::string> {
    if (!v) return std::nullopt;
    return tid ? TidLiteral(*v) : std::to_string(*v);
  };
  switch (chunk.by) {
    case ChunkBy::kCtid:
      return Range("ctid", bound(chunk.lower, true), bound(chunk.upper, true));
    case ChunkBy::kKeyValues: {
      FERRY_ASSIGN_OR_RETURN(std::vector<std::string> keys, KeyExpressions(table));
      std::optional<std::string> lower, upper;
      if (!chunk.lower_key.empty()) {
        FERRY_ASSIGN_OR_RETURN(lower, BoundTuple(table, chunk.lower_key));
      }
      if (!chunk.upper_key.empty()) {
        FERRY_ASSIGN_OR_RETURN(upper, BoundTuple(table, chunk.upper_key));
      }
      return Range(Tuple(keys), lower, upper);
    }
    case ChunkBy::kIntegerKey: {
      const Column* key = IntegerKey(table);
      if (key == nullptr) break;
      return Range(QuotePgIdentifier(key->name), bound(chunk.lower, false),
                   bound(chunk.upper, false));
    }
    default:  // rowid, byte offsets, _id ranges: other sources' chunks
      break;
  }
  return Status::InvalidArgument("table \"" + table.name + "\" cannot be read by " +
                                 std::string(ChunkByName(chunk.by)) +
                                 " ranges: its primary key does not allow it");
}

}  // namespace ferry
