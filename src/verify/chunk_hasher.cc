#include "verify/chunk_hasher.h"

#include <xxhash.h>

#include <utility>
#include <vector>

#include "verify/value_text.h"

namespace ferry {

uint64_t KeyHash(std::string_view canonical_key) {
  return XXH3_64bits(canonical_key.data(), canonical_key.size());
}

std::string KeyText(const TableSchema& table, const std::vector<int>& key_columns,
                    const Value* row) {
  std::string text;
  for (int column : key_columns) {
    if (!text.empty()) text += ", ";
    text += table.columns[column].name + "=" + ValueText(table.columns[column].type, row[column]);
  }
  return text;
}

namespace {

// Digests by slice prefix: a flat array for a full scan (at most 2^kDenseSliceBits
// slices, looked up without hashing), a hash map for the sparse bisection passes.
class DigestTable {
 public:
  explicit DigestTable(const DigestPass& pass)
      : dense_(pass.within == nullptr && pass.bits <= kDenseSliceBits ? size_t{1} << pass.bits
                                                                      : 0) {}

  RowDigest& operator[](uint64_t prefix) {
    return dense_.empty() ? sparse_[prefix] : dense_[prefix];
  }

  SliceDigests Take() {
    for (size_t i = 0; i < dense_.size(); ++i) {
      if (dense_[i].rows > 0) sparse_[i] = dense_[i];
    }
    return std::move(sparse_);
  }

 private:
  std::vector<RowDigest> dense_;
  SliceDigests sparse_;
};

}  // namespace

Result<SliceDigests> DigestSide(TableSide& side, const TableSchema& target, RowHasher& hasher,
                                const DigestPass& pass, Rejections* rejections) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, side.Open(rejections));
  DigestTable digests(pass);
  Batch batch(static_cast<int>(target.columns.size()));
  std::string key;
  while (reader->Next(&batch, pass.batch_rows)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      const Value* row = batch.Row(r);
      if (pass.count_only) {
        ++digests[0].rows;
        continue;
      }
      key.clear();
      Status s = hasher.AppendKey(row, &key);
      uint64_t key_hash = KeyHash(key);
      if (s.ok() && pass.within != nullptr &&
          !pass.within->contains(Slice::PrefixOf(key_hash, pass.within_bits))) {
        continue;
      }
      Result<Hash128> row_hash = s.ok() ? hasher.HashRow(row) : Result<Hash128>(s);
      if (!row_hash.ok()) {
        return row_hash.status().WithContext(side.label() + ", row " +
                                             KeyText(target, hasher.key_columns(), row));
      }
      digests[Slice::PrefixOf(key_hash, pass.bits)].Add(*row_hash);
    }
  }
  FERRY_RETURN_IF_ERROR(reader->status().WithContext(side.label()));
  return digests.Take();
}

}  // namespace ferry
