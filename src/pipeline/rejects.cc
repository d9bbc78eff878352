#include "pipeline/rejects.h"

#include <spdlog/spdlog.h>

#include <memory>

#include "core/document_row.h"
#include "core/json_text.h"
#include "mapping/bson_json.h"

namespace ferry {
namespace {

// A document source's record as the document itself (relaxed Extended JSON),
// readable and re-importable, rather than base64 of its BSON bytes.
void AppendDocument(const Value& value, std::string* out) {
  bson_t doc;
  size_t start = out->size();
  std::string_view bytes = value.bytes();
  if (bson_init_static(&doc, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) &&
      AppendBsonDocumentJsonAsIs(&doc, out)) {
    return;
  }
  out->resize(start);
  AppendJsonValue(value, out);
}

void AppendKeyValue(const Value& value, std::string* out) {
  if (value.kind() == ValueKind::kText) {
    std::string_view text = value.bytes().substr(0, 64);
    out->append("'").append(text).append(value.bytes().size() > 64 ? "...'" : "'");
    return;
  }
  AppendJsonValue(value, out);
}

}  // namespace

std::string DescribeRowKey(const TableSchema& table, const Value* row, int64_t row_number) {
  if (table.primary_key.empty()) return "row " + std::to_string(row_number);
  std::string out;
  for (const std::string& key : table.primary_key) {
    int column = table.ColumnIndex(key);
    if (column < 0) continue;
    if (!out.empty()) out += ", ";
    out += key + "=";
    AppendKeyValue(row[column], &out);
  }
  return out;
}

Status RejectFile::RemoveStale() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  if (ec)
    return Status::IoError("cannot remove old reject file " + path_.string() + ": " + ec.message());
  return Status::OK();
}

Status RejectFile::Open() {
  if (out_.is_open()) return Status::OK();
  std::error_code ec;
  std::filesystem::create_directories(path_.parent_path(), ec);
  out_.open(path_, std::ios::binary | std::ios::trunc);
  if (!out_) return Status::IoError("cannot write reject file " + path_.string());
  return Status::OK();
}

Status RejectFile::WriteJson(std::string_view table, std::string_view key, std::string_view reason,
                             std::string_view row_json) {
  FERRY_RETURN_IF_ERROR(Open());
  line_.assign("{\"table\":");
  AppendJsonString(table, &line_);
  line_.append(",\"key\":");
  AppendJsonString(key, &line_);
  line_.append(",\"column\":null,\"reason\":");
  AppendJsonString(reason, &line_);
  line_.append(",\"row\":").append(row_json).append("}\n");
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  out_.flush();
  if (!out_) return Status::IoError("cannot write reject file " + path_.string());
  return Status::OK();
}

Status RejectFile::Write(const TableSchema& table, const Value* row, std::string_view key,
                         std::string_view column, std::string_view reason) {
  FERRY_RETURN_IF_ERROR(Open());
  line_.assign("{\"table\":");
  AppendJsonString(table.name, &line_);
  line_.append(",\"key\":");
  AppendJsonString(key, &line_);
  line_.append(",\"column\":");
  if (column.empty())
    line_.append("null");
  else
    AppendJsonString(column, &line_);
  line_.append(",\"reason\":");
  AppendJsonString(reason, &line_);
  line_.append(",\"row\":{");
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) line_.push_back(',');
    AppendJsonString(table.columns[i].name, &line_);
    line_.push_back(':');
    if (i == kDocumentColumn && IsDocumentTable(table) && row[i].kind() == ValueKind::kBytes) {
      AppendDocument(row[i], &line_);
    } else {
      AppendJsonValue(row[i], &line_);
    }
  }
  line_.append("}}\n");
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  if (!out_) return Status::IoError("cannot write reject file " + path_.string());
  return Status::OK();
}

Status RejectFile::Close() {
  if (!out_.is_open()) return Status::OK();
  out_.close();
  if (!out_) return Status::IoError("cannot finish reject file " + path_.string());
  return Status::OK();
}

DuplicateSink DuplicateRejects(const Plan& plan, const std::filesystem::path& dir,
                               std::map<int, int64_t>* removed) {
  auto files = std::make_shared<std::map<int, std::unique_ptr<RejectFile>>>();
  return [&plan, dir, files, removed](const std::vector<RemovedDuplicate>& rows) -> Status {
    for (const RemovedDuplicate& row : rows) {
      const TablePlan& table = plan.tables.at(row.table_no);
      std::unique_ptr<RejectFile>& file = (*files)[row.table_no];
      if (!file) {
        file = std::make_unique<RejectFile>(dir / (table.target.name + ".duplicates.ndjson"));
        spdlog::warn("   {}: rows with a key an earlier row holds go to {}", table.target.name,
                     file->path().string());
      }
      FERRY_RETURN_IF_ERROR(file->WriteJson(table.source.name, row.key, row.reason, row.row_json));
      ++(*removed)[row.table_no];
    }
    return Status::OK();
  };
}

}  // namespace ferry
