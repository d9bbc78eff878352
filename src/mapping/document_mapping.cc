#include "mapping/document_mapping.h"

#include <cmath>

#include "core/document_row.h"
#include "mapping/document_names.h"

namespace ferry {
namespace {

using Path = std::vector<std::string>;

struct Context {
  const TableSchema& source;
  const DocumentOptions& options;  // with the collection's overrides applied
  const CollectionOverrides& overrides;
  CollectionMapping* out;
  std::string root_table;
};

// A table being built, with the names it has handed out.
struct TableBuilder {
  explicit TableBuilder(const TargetDialect& d) : dialect(&d), names(d.max_identifier_bytes) {}

  DocumentTable table;
  const TargetDialect* dialect;
  NameSet names;
  int64_t basis = 0;  // objects a row comes from (documents or array elements)

  void Add(std::string name, LogicalType type, bool nullable, DocumentColumn how,
           std::string reason) {
    Column column;
    column.name = names.Claim(name);
    column.type = type;
    column.native_type = std::string(PgTypeForLogical(type));
    column.nullable = nullable;
    table.plan.target.columns.push_back(std::move(column));
    // What the plan prints for the column: where it comes from, what the sample held, why.
    if (how.kind == DocumentColumn::Kind::kField) {
      std::string from = PathToText(how.path) + " (" + how.stats + ")";
      reason = reason.empty() ? from : from + "; " + reason;
    }
    if (dialect->storage_rule) {
      const Column& added = table.plan.target.columns.back();
      reason += (reason.empty() ? "" : "; ") + dialect->name + ": " + dialect->storage_rule(added);
    }
    table.plan.columns.push_back(ColumnPlan{kDocumentColumn, std::move(reason)});
    table.columns.push_back(std::move(how));
  }
};

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "0%";
  double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  if (part == whole) return "100%";
  if (p < 1) return "<1%";
  return std::to_string(static_cast<int>(std::floor(p))) + "%";
}

std::string Describe(const FieldStats& s, int64_t basis, const std::string& what) {
  std::string kinds;
  for (int k = 1; k < kBsonKindCount; ++k) {
    if (s.kinds[k] == 0) continue;
    if (!kinds.empty()) kinds += "+";
    kinds += BsonKindName(static_cast<BsonKind>(k));
  }
  if (kinds.empty()) kinds = "null";
  std::string out = kinds + ", in " + Percent(s.present, basis) + " of " + what;
  if (s.count(BsonKind::kNull) > 0) {
    out += ", " + std::to_string(s.count(BsonKind::kNull)) + " null";
  }
  if (s.count(BsonKind::kArray) > 0) {  // cardinality
    out += ", up to " + std::to_string(s.max_elements) + " elements";
  }
  return out;
}

bool Expands(const FieldStats& s, int level, const Context& ctx) {
  return s.only(BsonKind::kDocument) && !s.children.empty() && !IsDataKeyed(s) &&
         level < ctx.options.depth && ctx.options.mode != DocumentMode::kJsonb;
}

bool BecomesChildTable(const FieldStats& s, const Context& ctx) {
  return ctx.options.mode == DocumentMode::kNormalize && s.only(BsonKind::kArray) &&
         s.elements != nullptr && s.elements->only(BsonKind::kDocument) &&
         !s.elements->children.empty() && !IsDataKeyed(*s.elements);
}

void AddChildTable(Context& ctx, const TableBuilder& parent, const Path& rel, const Path& full,
                   const FieldStats& array);

// Past kMaxTrackedKeys top-level keys (document_inference.h) the rare ones, in
// under 1% of the documents, go to _extra with the keys not tracked.
bool InLongTail(const FieldStats& node, const FieldStats& field, int64_t basis) {
  return node.too_many_keys && field.present * 100 < basis;
}

void WarnLongTail(const FieldStats& root, TableBuilder& b) {
  if (!root.too_many_keys) return;
  size_t tail = 0;
  for (const auto& [key, stats] : root.children) tail += InLongTail(root, *stats, b.basis);
  b.table.plan.warnings.push_back(
      "more than " + std::to_string(kMaxTrackedKeys) + " distinct top-level fields: the " +
      std::to_string(root.children.size() - tail) +
      " in 1% of the documents or more are columns; the rest (" + std::to_string(tail) +
      " seen in the sample, and any seen after the first " + std::to_string(kMaxTrackedKeys) +
      ") go to _extra");
}

void AddFields(Context& ctx, TableBuilder& b, const FieldStats& node, const Path& rel,
               const Path& full, int level, const std::string& what) {
  for (const auto& [key, stats] : node.children) {
    if (b.table.arrays.empty() && rel.empty() && key == "_id") continue;
    if (InLongTail(node, *stats, b.basis)) continue;
    Path rel_path = rel, full_path = full;
    rel_path.push_back(key);
    full_path.push_back(key);
    auto ov = ctx.overrides.fields.find(PathToText(full_path));
    const FieldOverride none;
    const FieldOverride& o = ov == ctx.overrides.fields.end() ? none : ov->second;
    if (o.exclude) {
      b.table.skipped_paths.push_back(rel_path);
      ctx.out->skipped.push_back({"field", b.table.plan.target.name + "." + PathToText(rel_path),
                                  "excluded in ferry.toml"});
      continue;
    }
    if (!o.type && Expands(*stats, level, ctx)) {
      AddFields(ctx, b, *stats, rel_path, full_path, level + 1, what);
      continue;
    }
    if (!o.type && BecomesChildTable(*stats, ctx)) {
      b.table.skipped_paths.push_back(rel_path);
      AddChildTable(ctx, b, rel_path, full_path, *stats);
      continue;
    }
    InferredType inferred = InferColumnType(*stats, ctx.options.objectid);
    if (o.type) inferred = {*o.type, "type set in ferry.toml"};
    if (inferred.type == LogicalType::kJson && stats->only(BsonKind::kDocument) &&
        IsDataKeyed(*stats)) {
      inferred.note = "object keyed by data (" + std::to_string(stats->children.size()) +
                      (stats->too_many_keys ? "+" : "") + " distinct keys): json";
    }
    bool nullable = !ctx.options.sample_complete || stats->non_null() != b.basis;
    DocumentColumn how{DocumentColumn::Kind::kField, rel_path, 0, Describe(*stats, b.basis, what)};
    b.Add(o.name.value_or(PathToName(rel_path, ctx.options.snake_case,
                                     ctx.options.dialect.max_identifier_bytes)),
          inferred.type, nullable, std::move(how), inferred.note);
  }
}

void AddExtra(TableBuilder& b) {
  if (b.table.mode == DocumentMode::kJsonb) return;
  b.Add("_extra", LogicalType::kJson, true, {DocumentColumn::Kind::kExtra, {}, 0, ""},
        "fields not in this mapping, by dotted path");
}

TableBuilder NewTable(const Context& ctx, const std::string& name) {
  TableBuilder b(ctx.options.dialect);
  b.table.plan.source = ctx.source;
  b.table.plan.target.name = ShortenIdentifier(name, ctx.options.dialect.max_identifier_bytes);
  b.table.objectid = ctx.options.objectid;
  b.table.mode = ctx.options.mode;
  return b;
}

void AddChildTable(Context& ctx, const TableBuilder& parent, const Path& rel, const Path& full,
                   const FieldStats& array) {
  const TableSchema& parent_schema = parent.table.plan.target;
  TableBuilder b = NewTable(
      ctx, parent_schema.name + "_" + PathToName(rel, ctx.options.snake_case, kNoIdentifierLimit));
  b.table.arrays = parent.table.arrays;
  b.table.arrays.push_back(rel);
  b.basis = array.elements->count(BsonKind::kDocument);
  ForeignKey fk;
  fk.referenced_table = parent_schema.name;
  fk.referenced_columns = parent_schema.primary_key;
  fk.on_delete = "CASCADE";
  for (size_t i = 0; i < parent_schema.primary_key.size(); ++i) {
    int index = parent_schema.ColumnIndex(parent_schema.primary_key[i]);
    const Column& key = parent_schema.columns[index];
    DocumentColumn how = parent.table.columns[index];
    std::string name = key.name;
    if (parent.table.arrays.empty()) {  // the collection's key: orders._id → orders_id
      name = ctx.root_table + "_" + (key.name == "_id" ? "id" : key.name);
    }
    if (key.name == "ordinal") name = parent_schema.name + "_ordinal";
    if (how.kind == DocumentColumn::Kind::kField) how = {DocumentColumn::Kind::kRootId, {}, 0, ""};
    b.Add(name, key.type, false, how, "key of the parent row in " + parent_schema.name);
    fk.columns.push_back(b.table.plan.target.columns.back().name);
  }
  int level = static_cast<int>(b.table.arrays.size()) - 1;
  b.Add("ordinal", LogicalType::kInt32, false, {DocumentColumn::Kind::kOrdinal, {}, level, ""},
        "0-based position in " + PathToText(full));
  b.table.plan.target.primary_key = fk.columns;
  b.table.plan.target.primary_key.push_back(b.table.plan.target.columns.back().name);
  b.table.plan.target.foreign_keys.push_back(fk);
  size_t position = ctx.out->tables.size();
  ctx.out->tables.emplace_back();  // keeps parents before children
  AddFields(ctx, b, *array.elements, {}, full, 1, "elements");
  AddExtra(b);
  ctx.out->tables[position] = std::move(b.table);
}

}  // namespace

namespace {

void AddIdColumn(Context& ctx, TableBuilder& b, const FieldStats* id) {
  if (id == nullptr) {
    b.table.plan.warnings.push_back(
        "no document in the sample has an _id: the table has no primary key");
    return;
  }
  InferredType inferred = InferColumnType(*id, ctx.options.objectid);
  if (!id->only(BsonKind::kObjectId) && inferred.type == LogicalType::kJson) {
    inferred.note = "_id values of several kinds: json holds them all and keeps them apart";
  }
  auto o = ctx.overrides.fields.find("_id");
  bool overridden = o != ctx.overrides.fields.end();
  if (overridden && o->second.type) inferred = {*o->second.type, "type set in ferry.toml"};
  std::string name = overridden ? o->second.name.value_or("_id") : "_id";
  DocumentColumn how{DocumentColumn::Kind::kField, {"_id"}, 0, Describe(*id, b.basis, "documents")};
  b.Add(name, inferred.type, false, std::move(how), inferred.note);
  b.table.plan.target.primary_key = {b.table.plan.target.columns.back().name};
}

void AddIndexes(Context& ctx, TableBuilder& b) {
  TableSchema& target = b.table.plan.target;
  for (const Index& index : ctx.source.indexes) {
    Index out;
    out.unique = index.unique;
    out.name =
        PathToName({target.name, index.name}, true, ctx.options.dialect.max_identifier_bytes);
    std::string missing;
    for (std::string key : index.columns) {
      std::string order;
      if (key.ends_with(" DESC")) key.resize(key.size() - 5), order = " DESC";
      int found = -1;
      for (size_t c = 0; c < b.table.columns.size(); ++c) {
        const DocumentColumn& how = b.table.columns[c];
        if (how.kind == DocumentColumn::Kind::kField && PathToText(how.path) == key) found = c;
      }
      if (found < 0)
        missing = key;
      else
        out.columns.push_back(target.columns[found].name + order);
    }
    if (!missing.empty()) {
      ctx.out->skipped.push_back(
          {"index", target.name + "." + index.name,
           "not translated: '" + missing + "' is not a column (it is inside json or an array)"});
      continue;
    }
    target.indexes.push_back(std::move(out));
  }
}

}  // namespace

std::string_view DocumentModeName(DocumentMode mode) {
  switch (mode) {
    case DocumentMode::kFlatten:
      return "flatten";
    case DocumentMode::kJsonb:
      return "jsonb";
    case DocumentMode::kNormalize:
      return "normalize";
  }
  return "flatten";
}

std::optional<DocumentMode> ParseDocumentMode(std::string_view name) {
  if (name == "flatten") return DocumentMode::kFlatten;
  if (name == "jsonb") return DocumentMode::kJsonb;
  if (name == "normalize") return DocumentMode::kNormalize;
  return std::nullopt;
}

Result<CollectionMapping> MapCollection(const TableSchema& source,
                                        const DocumentInference& inference,
                                        const DocumentOptions& defaults,
                                        const CollectionOverrides& overrides) {
  DocumentOptions options = defaults;
  if (overrides.mode) options.mode = *overrides.mode;
  if (overrides.depth) options.depth = *overrides.depth;
  if (options.depth < 1) {
    return Status::InvalidArgument("collection '" + source.name +
                                   "': depth must be 1 or more (1 keeps only top-level fields)");
  }
  CollectionMapping out;
  Context ctx{source, options, overrides, &out,
              overrides.name.value_or(PathToName({source.name}, options.snake_case,
                                                 options.dialect.max_identifier_bytes))};
  TableBuilder b = NewTable(ctx, ctx.root_table);
  b.basis = inference.documents();
  out.tables.emplace_back();  // the collection's table comes first
  AddIdColumn(ctx, b, inference.root().Child("_id"));
  if (options.mode == DocumentMode::kJsonb) {
    b.Add("document", LogicalType::kJson, false, {DocumentColumn::Kind::kDocument, {}, 0, ""},
          "the whole document");
  } else {
    AddFields(ctx, b, inference.root(), {}, {}, 1, "documents");
    AddExtra(b);
    WarnLongTail(inference.root(), b);
  }
  AddIndexes(ctx, b);
  out.tables[0] = std::move(b.table);
  return out;
}

}  // namespace ferry
