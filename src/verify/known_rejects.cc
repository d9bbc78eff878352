#include "verify/known_rejects.h"

#include <simdjson.h>

#include <fstream>
#include <memory>

namespace ferry {
namespace {

// "users.ndjson" and "users.3.ndjson" are rejects of table "users"; a table
// name may hold dots itself, so only a trailing number is a chunk.
std::string TableOfFile(const std::filesystem::path& file) {
  std::string stem = file.stem().string();
  size_t dot = stem.rfind('.');
  if (dot == std::string::npos || dot + 1 == stem.size()) return stem;
  for (size_t i = dot + 1; i < stem.size(); ++i) {
    if (stem[i] < '0' || stem[i] > '9') return stem;
  }
  return stem.substr(0, dot);
}

Status ReadFile(const std::filesystem::path& file, std::set<std::string>* keys, int64_t* records) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError("cannot read rejects file " + file.string());
  simdjson::ondemand::parser parser;
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    simdjson::padded_string padded(line);
    std::string_view key;
    auto doc = parser.iterate(padded);
    if (doc.error() || doc["key"].get_string().get(key)) {
      return Status::Corruption(file.string() + ", line " + std::to_string(number) +
                                ": not a rejects record of ferry copy (no \"key\")");
    }
    keys->emplace(key);
    ++*records;
  }
  return Status::OK();
}

class AcceptingTransform : public RowTransform {
 public:
  AcceptingTransform(std::unique_ptr<RowTransform> inner, const TableSchema& source,
                     const std::set<std::string>& keys, std::shared_ptr<const RowKeyText> key_text)
      : inner_(std::move(inner)), source_(source), keys_(keys), key_text_(std::move(key_text)) {}

  bool Apply(const Value* source_row, Batch* out, Rejection* rejection) override {
    if (keys_.contains((*key_text_)(source_, source_row))) {
      rejection->target_column = Rejection::kKnown;
      rejection->reason = "set aside by the copy";
      return false;
    }
    return inner_->Apply(source_row, out, rejection);
  }
  bool LeaveJsonParseToCaller() override { return inner_->LeaveJsonParseToCaller(); }

 private:
  std::unique_ptr<RowTransform> inner_;
  const TableSchema& source_;
  const std::set<std::string>& keys_;
  std::shared_ptr<const RowKeyText> key_text_;
};

}  // namespace

Result<KnownRejects> KnownRejects::Load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("--accept-rejects: no rejects folder " + dir.string() +
                            " (give the copy's --rejects DIR)");
  }
  KnownRejects known;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".ndjson") continue;
    FERRY_RETURN_IF_ERROR(
        ReadFile(entry.path(), &known.keys_[TableOfFile(entry.path())], &known.records_));
  }
  if (ec) return Status::IoError("cannot list " + dir.string() + ": " + ec.message());
  return known;
}

const std::set<std::string>* KnownRejects::KeysOf(const std::string& target_table) const {
  auto it = keys_.find(target_table);
  return it == keys_.end() || it->second.empty() ? nullptr : &it->second;
}

VerifyTransformFactory AcceptKnownRejects(VerifyTransformFactory make, const KnownRejects* known,
                                          RowKeyText key_text) {
  auto shared_key_text = std::make_shared<const RowKeyText>(std::move(key_text));
  return [make = std::move(make), known,
          shared_key_text](const TablePlan& plan) -> Result<std::unique_ptr<RowTransform>> {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<RowTransform> transform, make(plan));
    const std::set<std::string>* keys = known->KeysOf(plan.target.name);
    if (keys == nullptr || plan.source.primary_key.empty()) return transform;
    return std::unique_ptr<RowTransform>(
        new AcceptingTransform(std::move(transform), plan.source, *keys, shared_key_text));
  };
}

}  // namespace ferry
