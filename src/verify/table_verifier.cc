#include "verify/table_verifier.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <thread>
#include <utility>

#include "verify/chunk_hasher.h"

namespace ferry {
namespace {

constexpr int kSplitBits = 4;  // bisection splits a slice into 16
constexpr int kMaxChunkBits = 16;

struct SliceRows {
  uint64_t prefix;
  int64_t rows;  // the larger of the two sides
};

class Verifier {
 public:
  Verifier(TableSide& source, TableSide& target, const TableSchema& table,
           const VerifyOptions& options, TableResult* result)
      : source_(source), target_(target), table_(table), options_(options), result_(result) {}

  Status Run();

 private:
  HashOptions hash_options() const { return HashOptions{options_.float_tolerance}; }
  // One scan of each side, both at once.
  Status DigestBoth(const DigestPass& pass, SliceDigests* source, SliceDigests* target,
                    Rejections* rejections);
  static std::vector<SliceRows> Differing(const SliceDigests& source, const SliceDigests& target,
                                          bool all);
  Status Bisect(int* bits, std::vector<SliceRows>* slices);
  Status CompareRows(int bits, const std::vector<SliceRows>& slices);
  Status CompareGroup(int bits, const std::unordered_set<uint64_t>& group);

  TableSide& source_;
  TableSide& target_;
  const TableSchema& table_;
  const VerifyOptions& options_;
  TableResult* result_;
};

Status Verifier::DigestBoth(const DigestPass& pass, SliceDigests* source, SliceDigests* target,
                            Rejections* rejections) {
  ++result_->scans;
  Result<SliceDigests> source_digests = Status::Internal("source side not read");
  Result<SliceDigests> target_digests = Status::Internal("target side not read");
  {
    std::jthread source_thread([&] {
      RowHasher hasher(table_, hash_options());
      source_digests = DigestSide(source_, table_, hasher, pass, rejections);
    });
    RowHasher hasher(table_, hash_options());
    target_digests = DigestSide(target_, table_, hasher, pass);
  }
  FERRY_RETURN_IF_ERROR(source_digests.status());
  FERRY_RETURN_IF_ERROR(target_digests.status());
  *source = std::move(source_digests).value();
  *target = std::move(target_digests).value();
  return Status::OK();
}

std::vector<SliceRows> Verifier::Differing(const SliceDigests& source, const SliceDigests& target,
                                           bool all) {
  std::vector<SliceRows> slices;
  for (const auto& [prefix, digest] : source) {
    auto other = target.find(prefix);
    RowDigest target_digest = other == target.end() ? RowDigest{} : other->second;
    if (all || !(digest == target_digest)) {
      slices.push_back({prefix, std::max(digest.rows, target_digest.rows)});
    }
  }
  for (const auto& [prefix, digest] : target) {
    if (!source.contains(prefix)) slices.push_back({prefix, digest.rows});
  }
  std::sort(slices.begin(), slices.end(),
            [](const SliceRows& a, const SliceRows& b) { return a.prefix < b.prefix; });
  return slices;
}

int64_t TotalRows(const std::vector<SliceRows>& slices) {
  int64_t total = 0;
  for (const SliceRows& s : slices) total += s.rows;
  return total;
}

Status Verifier::Bisect(int* bits, std::vector<SliceRows>* slices) {
  while (TotalRows(*slices) > options_.row_budget && *bits + kSplitBits <= 64) {
    std::unordered_set<uint64_t> within;
    for (const SliceRows& s : *slices) within.insert(s.prefix);
    DigestPass pass{.bits = *bits + kSplitBits,
                    .within = &within,
                    .within_bits = *bits,
                    .batch_rows = options_.batch_rows};
    SliceDigests source, target;
    FERRY_RETURN_IF_ERROR(DigestBoth(pass, &source, &target, nullptr));
    *slices = Differing(source, target, /*all=*/false);
    *bits += kSplitBits;
  }
  return Status::OK();
}

Status Verifier::CompareGroup(int bits, const std::unordered_set<uint64_t>& group) {
  ++result_->scans;
  Result<CollectedRows> source_rows = Status::Internal("source side not read");
  Result<CollectedRows> target_rows = Status::Internal("target side not read");
  {
    std::jthread source_thread([&] {
      RowHasher hasher(table_, hash_options());
      source_rows = CollectRows(source_, table_, hasher, bits, group, options_.batch_rows);
    });
    RowHasher hasher(table_, hash_options());
    target_rows = CollectRows(target_, table_, hasher, bits, group, options_.batch_rows);
  }
  FERRY_RETURN_IF_ERROR(source_rows.status());
  FERRY_RETURN_IF_ERROR(target_rows.status());
  std::vector<RowDifference> found;
  RowHasher hasher(table_, hash_options());
  DiffRows(table_, hasher, options_.float_tolerance, *source_rows, *target_rows, &found);
  result_->differences_total += static_cast<int64_t>(found.size());
  for (RowDifference& d : found) {
    if (result_->differences.size() >= options_.max_diffs) break;
    result_->differences.push_back(std::move(d));
  }
  return Status::OK();
}

// Reads the slices' rows in groups that fit the row budget, one pass per group.
Status Verifier::CompareRows(int bits, const std::vector<SliceRows>& slices) {
  std::unordered_set<uint64_t> group;
  int64_t group_rows = 0;
  for (size_t i = 0; i < slices.size(); ++i) {
    group.insert(slices[i].prefix);
    group_rows += slices[i].rows;
    bool last = i + 1 == slices.size();
    if (last || group_rows + slices[i + 1].rows > options_.row_budget) {
      FERRY_RETURN_IF_ERROR(CompareGroup(bits, group));
      group.clear();
      group_rows = 0;
    }
  }
  return Status::OK();
}

// Chunks of about `chunk_rows` rows, at most 2^kMaxChunkBits of them.
int ChunkBits(int64_t rows, int64_t chunk_rows) {
  int64_t chunks = std::max<int64_t>(1, rows / std::max<int64_t>(1, chunk_rows));
  return std::min(kMaxChunkBits,
                  static_cast<int>(std::bit_width(static_cast<uint64_t>(chunks)) - 1));
}

// Digests of `bits` slices, as sums of the digests of their finer slices.
SliceDigests Coarsen(const SliceDigests& fine, int fine_bits, int bits) {
  SliceDigests coarse;
  for (const auto& [prefix, digest] : fine) {
    coarse[bits == 0 ? 0 : prefix >> (fine_bits - bits)] += digest;
  }
  return coarse;
}

Status Verifier::Run() {
  bool count_only = options_.level == VerifyLevel::kCount;
  // The scan keeps digests of fine slices; chunk digests are their sums, and
  // bisection starts from the fine ones without reading again.
  int fine_bits = count_only ? 0 : std::clamp(options_.slice_bits, 0, kDenseSliceBits);
  DigestPass pass{.bits = fine_bits, .count_only = count_only, .batch_rows = options_.batch_rows};
  SliceDigests fine_source, fine_target;
  FERRY_RETURN_IF_ERROR(DigestBoth(pass, &fine_source, &fine_target, &result_->rejected));
  for (const auto& [prefix, digest] : fine_source) result_->source_rows += digest.rows;
  for (const auto& [prefix, digest] : fine_target) result_->target_rows += digest.rows;
  if (count_only) return Status::OK();
  int bits = std::min(fine_bits, ChunkBits(std::max(result_->source_rows, result_->target_rows),
                                           options_.chunk_rows));
  SliceDigests source = Coarsen(fine_source, fine_bits, bits);
  SliceDigests target = Coarsen(fine_target, fine_bits, bits);
  result_->chunks = static_cast<int64_t>(Differing(source, target, /*all=*/true).size());
  result_->chunks_differing = static_cast<int64_t>(Differing(source, target, /*all=*/false).size());
  if (options_.float_tolerance > 0 && HasFloatColumn(table_)) {
    // Digests leave tolerant floats out, so they cannot prove them equal:
    // compare every row by value, at hash level too.
    return CompareRows(bits, Differing(source, target, /*all=*/true));
  }
  if (options_.level != VerifyLevel::kRow || result_->chunks_differing == 0) return Status::OK();
  std::vector<SliceRows> differing = Differing(fine_source, fine_target, /*all=*/false);
  FERRY_RETURN_IF_ERROR(Bisect(&fine_bits, &differing));
  return CompareRows(fine_bits, differing);
}

}  // namespace

bool HasFloatColumn(const TableSchema& table) {
  for (const Column& column : table.columns) {
    if (column.type == LogicalType::kFloat32 || column.type == LogicalType::kFloat64) return true;
  }
  return false;
}

void VerifyTable(TableSide& source, TableSide& target, const TableSchema& table,
                 const VerifyOptions& options, TableResult* result) {
  auto start = std::chrono::steady_clock::now();
  Verifier verifier(source, target, table, options, result);
  result->error = verifier.Run();
  result->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace ferry
