#include "verify/row_diff.h"

#include <limits>

#include "verify/value_text.h"

namespace ferry {
namespace {

Result<CollectedRow> Collect(const TableSchema& target, RowHasher& hasher, const Value* row) {
  CollectedRow collected;
  FERRY_ASSIGN_OR_RETURN(collected.hash, hasher.HashRow(row));
  collected.key_text = KeyText(target, hasher.key_columns(), row);
  size_t n = target.columns.size();
  collected.canonical.resize(n);
  collected.text.resize(n);
  collected.shown_kind.assign(n, ValueKind::kNull);
  collected.floats.assign(n, std::numeric_limits<double>::quiet_NaN());
  for (size_t c = 0; c < n; ++c) {
    int column = static_cast<int>(c);
    FERRY_RETURN_IF_ERROR(hasher.AppendCanonical(column, row[c], &collected.canonical[c]));
    ValueKind kind = row[c].kind();
    if (kind == ValueKind::kText || kind == ValueKind::kBytes) {
      collected.text[c] = row[c].bytes();
      collected.shown_kind[c] = kind;
    } else {
      collected.text[c] = ValueText(target.columns[c].type, row[c]);
    }
    if (hasher.IsToleranceColumn(column) && !row[c].is_null()) {
      collected.floats[c] = row[c].double_value();
    }
  }
  return collected;
}

// Column `c` of `row` as collected, ready for DifferingValuesText: text and
// byte strings as values viewing the collected bytes, anything else as text.
Value Shown(const CollectedRow& row, size_t c) {
  if (row.shown_kind[c] == ValueKind::kBytes) return Value::Bytes(row.text[c]);
  return Value::Text(row.text[c]);
}

ColumnDifference Difference(const TableSchema& target, size_t c, const CollectedRow& source,
                            const CollectedRow& target_row) {
  const Column& column = target.columns[c];
  if (source.shown_kind[c] == ValueKind::kNull && target_row.shown_kind[c] == ValueKind::kNull) {
    return {column.name, source.text[c], target_row.text[c]};
  }
  // A side that is not a string was collected as ValueText already: show it as is.
  auto text_of = [&](const CollectedRow& row, const std::string& shown) {
    return row.shown_kind[c] == ValueKind::kNull ? row.text[c] : shown;
  };
  ShownDifference shown = DifferingValuesText(column.type, Shown(source, c), Shown(target_row, c));
  return {column.name, text_of(source, shown.source), text_of(target_row, shown.target)};
}

// The columns of two rows with the same key that differ.
std::vector<ColumnDifference> ChangedColumns(const TableSchema& target, const RowHasher& hasher,
                                             double tolerance, const CollectedRow& source,
                                             const CollectedRow& target_row) {
  std::vector<ColumnDifference> changed;
  for (size_t c = 0; c < target.columns.size(); ++c) {
    bool equal = source.canonical[c] == target_row.canonical[c];
    if (equal && hasher.IsToleranceColumn(static_cast<int>(c))) {
      // Canonical bytes said both are null or both are not (null is held as NaN).
      equal = FloatsWithinTolerance(source.floats[c], target_row.floats[c], tolerance);
    }
    if (!equal) {
      changed.push_back(Difference(target, c, source, target_row));
    }
  }
  return changed;
}

}  // namespace

std::string_view DiffKindName(DiffKind kind) {
  switch (kind) {
    case DiffKind::kMissing:
      return "missing";
    case DiffKind::kExtra:
      return "extra";
    case DiffKind::kChanged:
      return "changed";
  }
  return "?";
}

Result<CollectedRows> CollectRows(TableSide& side, const TableSchema& target, RowHasher& hasher,
                                  int bits, const std::unordered_set<uint64_t>& within,
                                  size_t batch_rows) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, side.Open());
  CollectedRows rows;
  Batch batch(static_cast<int>(target.columns.size()));
  std::string key;
  while (reader->Next(&batch, batch_rows)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      const Value* row = batch.Row(r);
      key.clear();
      Status s = hasher.AppendKey(row, &key);
      if (s.ok() && !within.contains(Slice::PrefixOf(KeyHash(key), bits))) continue;
      Result<CollectedRow> collected =
          s.ok() ? Collect(target, hasher, row) : Result<CollectedRow>(s);
      if (!collected.ok()) {
        return collected.status().WithContext(side.label() + ", row " +
                                              KeyText(target, hasher.key_columns(), row));
      }
      // Without a primary key the whole row is the key: identical rows are counted.
      auto [it, inserted] = rows.emplace(key, std::move(*collected));
      if (!inserted) ++it->second.count;
    }
  }
  FERRY_RETURN_IF_ERROR(reader->status().WithContext(side.label()));
  return rows;
}

void DiffRows(const TableSchema& target, const RowHasher& hasher, double float_tolerance,
              const CollectedRows& source, const CollectedRows& target_rows,
              std::vector<RowDifference>* out) {
  auto s = source.begin();
  auto t = target_rows.begin();
  while (s != source.end() || t != target_rows.end()) {
    if (t == target_rows.end() || (s != source.end() && s->first < t->first)) {
      out->push_back({DiffKind::kMissing, s->second.key_text, {}});
      ++s;
    } else if (s == source.end() || t->first < s->first) {
      out->push_back({DiffKind::kExtra, t->second.key_text, {}});
      ++t;
    } else {
      if (s->second.count != t->second.count) {
        DiffKind kind = s->second.count > t->second.count ? DiffKind::kMissing : DiffKind::kExtra;
        out->push_back({kind, s->second.key_text, {}});
      } else if (!(s->second.hash == t->second.hash) || float_tolerance > 0) {
        auto columns = ChangedColumns(target, hasher, float_tolerance, s->second, t->second);
        if (!columns.empty()) out->push_back({DiffKind::kChanged, s->second.key_text, columns});
      }
      ++s;
      ++t;
    }
  }
}

}  // namespace ferry
