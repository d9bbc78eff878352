#include "mapping/document_transform.h"

#include <cstring>

#include "core/document_row.h"
#include "mapping/bson_convert.h"
#include "mapping/bson_json.h"
#include "mapping/bson_value.h"
#include "mapping/document_names.h"

namespace ferry {
namespace {

// Finds `path` in `doc` key by key (keys may hold dots, so no dotted lookup).
bool FindPath(const bson_t* doc, const std::vector<std::string>& path, bson_iter_t* out) {
  bson_iter_t it;
  if (!bson_iter_init(&it, doc)) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (!bson_iter_find_w_len(&it, path[i].data(), static_cast<int>(path[i].size()))) return false;
    if (i + 1 == path.size()) break;
    bson_iter_t child;
    if (!BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &child)) return false;
    it = child;
  }
  *out = it;
  return true;
}

}  // namespace

DocumentTransform::DocumentTransform(const DocumentTable& table) : table_(table) {
  bson_init(&extra_);
  for (size_t c = 0; c < table_.columns.size(); ++c) {
    const DocumentColumn& how = table_.columns[c];
    if (how.kind == DocumentColumn::Kind::kExtra) extra_column_ = static_cast<int>(c);
    if (how.kind == DocumentColumn::Kind::kDocument) whole_document_ = true;
    if (how.kind != DocumentColumn::Kind::kField) continue;
    Node* node = &fields_;
    for (const std::string& key : how.path) node = &node->children[key];
    node->column = static_cast<int>(c);
  }
  for (const auto& path : table_.skipped_paths) {
    Node* node = &fields_;
    for (const std::string& key : path) node = &node->children[key];
    node->skip = true;
  }
  ordinals_.resize(table_.arrays.size());
}

DocumentTransform::~DocumentTransform() { bson_destroy(&extra_); }

bool DocumentTransform::Reject(const bson_t* root, int column, const std::string& reason,
                               Rejection* rejection) {
  std::string id = "(no _id)";
  bson_iter_t it;
  if (root == nullptr) root = current_root_;
  if (root != nullptr && bson_iter_init_find(&it, root, "_id")) BsonValueToJson(&it, &id);
  rejection->target_column = column;
  rejection->reason = "document _id " + id + ": " + reason;
  return false;
}

bool DocumentTransform::Apply(const Value* source_row, Batch* out, Rejection* rejection) {
  const Value& error = source_row[kErrorColumn];
  const Value& bytes = source_row[kDocumentColumn];
  if (!error.is_null() || bytes.is_null()) {
    rejection->target_column = -1;
    rejection->reason = error.is_null() ? "an empty record" : std::string(error.bytes());
    return false;
  }
  bson_t doc;
  if (!bson_init_static(&doc, reinterpret_cast<const uint8_t*>(bytes.bytes().data()),
                        bytes.bytes().size())) {
    return Reject(nullptr, -1, "the record is not a BSON document", rejection);
  }
  current_root_ = &doc;
  size_t rows_before = out->num_rows();
  bool ok = table_.arrays.empty() ? EmitRow(&doc, &doc, out, rejection)
                                  : Walk(&doc, 0, &doc, out, rejection);
  if (!ok) {
    while (out->num_rows() > rows_before) out->PopRow();
  }
  current_root_ = nullptr;
  return ok;
}

bool DocumentTransform::Walk(const bson_t* container, size_t level, const bson_t* root, Batch* out,
                             Rejection* rejection) {
  bson_iter_t it, element;
  if (!FindPath(container, table_.arrays[level], &it) || !BSON_ITER_HOLDS_ARRAY(&it)) {
    return true;  // no array here: no rows (the parent table keeps any other value)
  }
  if (!bson_iter_recurse(&it, &element)) return true;
  for (int64_t i = 0; bson_iter_next(&element); ++i) {
    ordinals_[level] = i;
    bson_t child;
    if (!InitStaticChild(&element, &child) || !BSON_ITER_HOLDS_DOCUMENT(&element)) {
      return Reject(root, -1,
                    PathToText(table_.arrays[level]) + "." + std::to_string(i) +
                        " is not an object; this table holds the array's objects only. Set "
                        "mode = \"flatten\" for this collection to keep the array as json",
                    rejection);
    }
    bool ok = level + 1 < table_.arrays.size() ? Walk(&child, level + 1, root, out, rejection)
                                               : EmitRow(&child, root, out, rejection);
    if (!ok) return false;
  }
  return true;
}

bool DocumentTransform::EmitRow(const bson_t* element, const bson_t* root, Batch* out,
                                Rejection* rejection) {
  Value* row = out->AddRow();
  bson_reinit(&extra_);
  bson_iter_t it;
  if (!bson_iter_init(&it, element)) return Reject(root, -1, "damaged document", rejection);
  if (!fields_.children.empty() && !FillFields(&it, fields_, "", row, out, rejection)) {
    return false;
  }
  row = out->MutableRow(out->num_rows() - 1);
  if (!FillSpecial(element, root, row, out, rejection)) return false;
  const TableSchema& target = table_.plan.target;
  for (size_t c = 0; c < target.columns.size(); ++c) {
    if (!target.columns[c].nullable && row[c].is_null()) {
      std::string what = table_.columns[c].kind == DocumentColumn::Kind::kField
                             ? "field '" + PathToText(table_.columns[c].path) + "'"
                             : "the key";
      return Reject(root, static_cast<int>(c),
                    what + " is missing or null, but column " + target.columns[c].name +
                        " is NOT NULL (the sample always had it): run ferry plan with "
                        "--sample all, or edit ferry.toml",
                    rejection);
    }
  }
  return true;
}

bool DocumentTransform::FillFields(bson_iter_t* it, const Node& node, const std::string& prefix,
                                   Value* row, Batch* out, Rejection* rejection) {
  while (bson_iter_next(it)) {
    std::string_view key(bson_iter_key(it), bson_iter_key_len(it));
    auto child = node.children.find(key);
    if (child != node.children.end() && child->second.skip) continue;
    if (child != node.children.end() && child->second.column >= 0) {
      int c = child->second.column;
      std::string why;
      if (!row[c].is_null()) {  // BSON may hold a key twice; never keep one silently
        return Reject(nullptr, c,
                      "field '" + prefix + std::string(key) +
                          "' appears twice in the document, and one of its values would be lost",
                      rejection);
      }
      if (!ConvertBsonValue(it, table_.plan.target.columns[c].type, table_.objectid, out, &row[c],
                            &why)) {
        return Reject(nullptr, c,
                      "field '" + prefix + std::string(key) + "': " + why + " (column " +
                          table_.plan.target.columns[c].name +
                          "); set its type in ferry.toml, e.g. type = \"jsonb\"",
                      rejection);
      }
      continue;
    }
    if (child != node.children.end() && BSON_ITER_HOLDS_DOCUMENT(it)) {
      bson_iter_t sub;
      if (bson_iter_recurse(it, &sub) &&
          !FillFields(&sub, child->second, prefix + std::string(key) + ".", row, out, rejection)) {
        return false;
      }
      continue;
    }
    if (child != node.children.end() && BSON_ITER_HOLDS_NULL(it)) continue;
    // A field the mapping does not know: kept in _extra under its dotted path.
    std::string path = prefix + std::string(key);
    if (whole_document_) continue;  // jsonb mode: the document column holds it
    if (extra_column_ < 0) {
      return Reject(nullptr, -1, "field '" + path + "' has no column and the table no _extra",
                    rejection);
    }
    bson_append_iter(&extra_, path.data(), static_cast<int>(path.size()), it);
  }
  return true;
}

bool DocumentTransform::FillSpecial(const bson_t* element, const bson_t* root, Value* row,
                                    Batch* out, Rejection* rejection) {
  for (size_t c = 0; c < table_.columns.size(); ++c) {
    const DocumentColumn& how = table_.columns[c];
    const Column& column = table_.plan.target.columns[c];
    std::string json, why;
    bson_iter_t it;
    switch (how.kind) {
      case DocumentColumn::Kind::kField:
        break;
      case DocumentColumn::Kind::kOrdinal:
        row[c] = Value::Int64(ordinals_[how.level]);
        break;
      case DocumentColumn::Kind::kRootId:
        if (bson_iter_init_find(&it, root, "_id") &&
            !ConvertBsonValue(&it, column.type, table_.objectid, out, &row[c], &why)) {
          return Reject(root, static_cast<int>(c), "_id: " + why, rejection);
        }
        break;
      case DocumentColumn::Kind::kDocument:
        if (!BsonDocumentToJson(element, &json) || json.find("\\u0000") != std::string::npos) {
          return Reject(root, static_cast<int>(c),
                        "the document cannot be written as jsonb (invalid UTF-8, a NUL "
                        "character, or a key given twice in one object)",
                        rejection);
        }
        row[c] = Value::Text(out->Store(json));
        break;
      case DocumentColumn::Kind::kExtra:
        if (extra_.len <= 5) break;  // empty document
        if (!BsonDocumentToJson(&extra_, &json) || json.find("\\u0000") != std::string::npos) {
          return Reject(root, static_cast<int>(c),
                        "fields for _extra cannot be written as jsonb (invalid UTF-8, "
                        "a NUL character, or a key given twice in one object)",
                        rejection);
        }
        row[c] = Value::Text(out->Store(json));
        break;
    }
  }
  return true;
}

}  // namespace ferry
