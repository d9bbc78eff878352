// Row hashing: what a chunked copy pays per row to store chunk digests.
//
// Every row a chunked copy writes is also hashed (RowHasher) so that verify can
// reuse the chunk digests. This measures that cost alone, on rows shaped like
// those of bench/sqlite_to_pg (bench/make_bench_db.sh), and on single columns
// of each kind. Run by hand (a Release build):
//
//   cmake --build build-bench --target row_hash_bench && build-bench/row_hash_bench
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "digest/row_hasher.h"
#include "ferry/schema.h"
#include "ferry/value.h"
#include "mapping/json_check.h"

namespace ferry {
namespace {

Column Col(std::string name, LogicalType type, std::string native) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  column.native_type = std::move(native);
  return column;
}

TableSchema Table(std::vector<Column> columns) {
  TableSchema table;
  table.name = "t";
  table.columns = std::move(columns);
  table.primary_key = {table.columns[0].name};
  return table;
}

// `rows` rows of `make(i)`, with their text kept alive in `storage`.
template <typename Make>
std::vector<std::vector<Value>> Rows(int rows, std::vector<std::string>* storage, Make make) {
  storage->reserve(static_cast<size_t>(rows) * 4);
  std::vector<std::vector<Value>> out;
  for (int i = 0; i < rows; ++i) out.push_back(make(i, storage));
  return out;
}

Value Keep(std::vector<std::string>* storage, std::string text) {
  storage->push_back(std::move(text));
  return Value::Text(storage->back());
}

template <typename Make>
void HashRows(benchmark::State& state, const TableSchema& table, Make make) {
  std::vector<std::string> storage;
  std::vector<std::vector<Value>> rows = Rows(1024, &storage, make);
  RowHasher hasher(table);
  RowDigest digest;
  for (auto _ : state) {
    for (const std::vector<Value>& row : rows) {
      Result<Hash128> hash = hasher.HashRow(row.data());
      if (!hash.ok()) {
        state.SkipWithError(hash.status().ToString().c_str());
        return;
      }
      digest.Add(*hash);
    }
  }
  benchmark::DoNotOptimize(digest);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rows.size()));
}

// events: id, user_id, kind, payload (JSON), amount (REAL), created_at.
void BM_EventsRow(benchmark::State& state) {
  TableSchema table = Table(
      {Col("id", LogicalType::kInt64, "bigint"), Col("user_id", LogicalType::kInt64, "bigint"),
       Col("kind", LogicalType::kText, "text"), Col("payload", LogicalType::kJson, "jsonb"),
       Col("amount", LogicalType::kFloat64, "double precision"),
       Col("created_at", LogicalType::kTimestamp, "timestamp")});
  HashRows(state, table, [](int i, std::vector<std::string>* storage) {
    static const char* kKinds[] = {"login", "view", "click", "purchase"};
    std::string payload = "{\"path\":\"/items/" + std::to_string(i % 1000) +
                          "\",\"ms\":" + std::to_string(i % 997) + ",\"tags\":[\"a\",\"b\"," +
                          std::to_string(i % 7) + "]}";
    return std::vector<Value>{Value::Int64(i),
                              Value::Int64(1 + i % 50000),
                              Keep(storage, kKinds[i % 4]),
                              Keep(storage, payload),
                              Value::Double((i % 10000) / 100.0),
                              Value::Int64(1650000000000000LL + i * 3000000LL)};
  });
}
BENCHMARK(BM_EventsRow);

// users: id, email, name, settings (JSON), created_at.
void BM_UsersRow(benchmark::State& state) {
  TableSchema table =
      Table({Col("id", LogicalType::kInt64, "bigint"), Col("email", LogicalType::kText, "text"),
             Col("name", LogicalType::kText, "varchar(100)"),
             Col("settings", LogicalType::kJson, "jsonb"),
             Col("created_at", LogicalType::kTimestamp, "timestamp")});
  HashRows(state, table, [](int i, std::vector<std::string>* storage) {
    std::string settings = std::string("{\"theme\":\"") + (i % 2 ? "light" : "dark") +
                           "\",\"lang\":\"en\",\"beta\":" + (i % 3 ? "0" : "1") + "}";
    return std::vector<Value>{Value::Int64(i),
                              Keep(storage, "user" + std::to_string(i) + "@example.com"),
                              Keep(storage, "User number " + std::to_string(i)),
                              Keep(storage, settings), Value::Int64(1600000000000000LL + i)};
  });
}
BENCHMARK(BM_UsersRow);

// blobs: id, user_id, name, data (1 KB).
void BM_BlobsRow(benchmark::State& state) {
  TableSchema table = Table(
      {Col("id", LogicalType::kInt64, "bigint"), Col("user_id", LogicalType::kInt64, "bigint"),
       Col("name", LogicalType::kText, "text"), Col("data", LogicalType::kBytes, "bytea")});
  HashRows(state, table, [](int i, std::vector<std::string>* storage) {
    std::string data(1024, static_cast<char>(i));
    return std::vector<Value>{Value::Int64(i), Value::Int64(1 + i % 50000),
                              Keep(storage, "file-" + std::to_string(i) + ".bin"),
                              Value::Bytes(Keep(storage, data).bytes())};
  });
}
BENCHMARK(BM_BlobsRow);

// One column of each kind that needs more than a copy of its bytes.
void BM_NumericColumn(benchmark::State& state) {
  TableSchema table = Table({Col("n", LogicalType::kNumeric, "numeric")});
  HashRows(state, table, [](int i, std::vector<std::string>* storage) {
    return std::vector<Value>{Keep(storage, std::to_string(i) + ".50")};
  });
}
BENCHMARK(BM_NumericColumn);

void BM_JsonColumn(benchmark::State& state) {
  TableSchema table = Table({Col("j", LogicalType::kJson, "jsonb")});
  HashRows(state, table, [](int i, std::vector<std::string>* storage) {
    return std::vector<Value>{Keep(storage, "{\"path\":\"/items/" + std::to_string(i % 1000) +
                                                "\",\"ms\":" + std::to_string(i % 997) +
                                                ",\"tags\":[\"a\",\"b\"," + std::to_string(i % 7) +
                                                "]}")};
  });
}
BENCHMARK(BM_JsonColumn);

// For scale: the jsonb validity check every copy makes of each JSON value
// (ValueConverter), with or without chunk digests.
void BM_JsonCheck(benchmark::State& state) {
  std::vector<std::string> documents;
  for (int i = 0; i < 1024; ++i) {
    documents.push_back("{\"path\":\"/items/" + std::to_string(i % 1000) +
                        "\",\"ms\":" + std::to_string(i % 997) + ",\"tags\":[\"a\",\"b\"," +
                        std::to_string(i % 7) + "]}");
  }
  JsonChecker checker;
  std::string reason;
  for (auto _ : state) {
    for (const std::string& document : documents) {
      benchmark::DoNotOptimize(checker.Check(document, &reason));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(documents.size()));
}
BENCHMARK(BM_JsonCheck);

}  // namespace
}  // namespace ferry

BENCHMARK_MAIN();
