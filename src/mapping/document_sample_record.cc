#include "mapping/document_sample_record.h"

#include <bson/bson.h>

#include <map>

#include "core/bson_handles.h"
#include "core/document_row.h"
#include "mapping/bson_value.h"

namespace ferry {
namespace {

constexpr int kFormat = 1;

// ---- writing ----

void AppendStats(bson_t* doc, const char* key, const FieldStats& s);

void AppendStrings(bson_t* doc, const char* key, const std::vector<std::string>& items) {
  bson_t array;
  bson_append_array_begin(doc, key, -1, &array);
  for (size_t i = 0; i < items.size(); ++i) {
    bson_append_utf8(&array, std::to_string(i).c_str(), -1, items[i].data(),
                     static_cast<int>(items[i].size()));
  }
  bson_append_array_end(doc, &array);
}

void AppendStatsBody(bson_t* doc, const FieldStats& s) {
  bson_append_int64(doc, "p", -1, s.present);
  bson_t kinds, children;
  bson_append_array_begin(doc, "k", -1, &kinds);
  for (int k = 0; k < kBsonKindCount; ++k) {
    bson_append_int64(&kinds, std::to_string(k).c_str(), -1, s.kinds[k]);
  }
  bson_append_array_end(doc, &kinds);
  bson_append_array_begin(doc, "c", -1, &children);
  for (size_t i = 0; i < s.children.size(); ++i) {
    bson_t pair;
    bson_append_array_begin(&children, std::to_string(i).c_str(), -1, &pair);
    const std::string& key = s.children[i].first;
    bson_append_utf8(&pair, "0", -1, key.data(), static_cast<int>(key.size()));
    AppendStats(&pair, "1", *s.children[i].second);
    bson_append_array_end(&children, &pair);
  }
  bson_append_array_end(doc, &children);
  bson_append_bool(doc, "t", -1, s.too_many_keys);
  bson_append_int64(doc, "d", -1, s.data_like_keys);
  if (s.elements) AppendStats(doc, "e", *s.elements);
  bson_append_int64(doc, "m", -1, s.max_elements);
}

void AppendStats(bson_t* doc, const char* key, const FieldStats& s) {
  bson_t child;
  bson_append_document_begin(doc, key, -1, &child);
  AppendStatsBody(&child, s);
  bson_append_document_end(doc, &child);
}

void AppendTable(bson_t* doc, const char* key, const TableSchema& table,
                 const SampledCollection* sampled) {
  bson_t t, indexes, sample;
  bson_append_document_begin(doc, key, -1, &t);
  bson_append_utf8(&t, "name", -1, table.name.data(), static_cast<int>(table.name.size()));
  bson_append_int64(&t, "estimated_rows", -1, table.estimated_rows);
  bson_append_array_begin(&t, "indexes", -1, &indexes);
  for (size_t i = 0; i < table.indexes.size(); ++i) {
    const Index& index = table.indexes[i];
    bson_t entry;
    bson_append_array_begin(&indexes, std::to_string(i).c_str(), -1, &entry);
    bson_append_utf8(&entry, "0", -1, index.name.data(), static_cast<int>(index.name.size()));
    bson_append_bool(&entry, "1", -1, index.unique);
    bson_append_utf8(&entry, "2", -1, index.where.data(), static_cast<int>(index.where.size()));
    AppendStrings(&entry, "3", index.columns);
    bson_append_array_end(&indexes, &entry);
  }
  bson_append_array_end(&t, &indexes);
  if (sampled != nullptr && sampled->inference != nullptr) {
    bson_append_document_begin(&t, "sample", -1, &sample);
    bson_append_int64(&sample, "documents", -1, sampled->documents);
    bson_append_int64(&sample, "unreadable", -1, sampled->unreadable);
    bson_append_bool(&sample, "complete", -1, sampled->complete);
    AppendStats(&sample, "stats", sampled->inference->root());
    bson_append_document_end(&t, &sample);
  }
  bson_append_document_end(doc, &t);
}

// ---- reading ----

Status Bad(const std::string& what) {
  return Status::Corruption("the document sample recorded with this run is damaged (" + what +
                            "): start over with ferry copy ... --restart --mode replace");
}

bool Find(const bson_t* doc, const char* key, bson_iter_t* it) {
  return bson_iter_init_find(it, doc, key);
}

int64_t Int(const bson_t* doc, const char* key) {
  bson_iter_t it;
  return Find(doc, key, &it) ? bson_iter_as_int64(&it) : 0;
}

bool Bool(const bson_t* doc, const char* key) {
  bson_iter_t it;
  return Find(doc, key, &it) && bson_iter_as_bool(&it);
}

std::string Text(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (!Find(doc, key, &it) || !BSON_ITER_HOLDS_UTF8(&it)) return "";
  uint32_t length = 0;
  const char* text = bson_iter_utf8(&it, &length);
  return std::string(text, length);
}

// A sub-document's bytes inside the recorded document (bson_t itself cannot
// sit in containers: it is over-aligned).
struct Span {
  const uint8_t* data = nullptr;
  uint32_t length = 0;
};

// `span` as a static bson_t in *out.
bool Open(const Span& span, bson_t* out) { return bson_init_static(out, span.data, span.length); }

// The elements of the array or document `key` of `doc`.
bool Children(const bson_t* doc, const char* key, std::vector<Span>* out) {
  bson_iter_t it, child;
  bson_t array;
  if (!Find(doc, key, &it) || !InitStaticChild(&it, &array) || !bson_iter_init(&child, &array)) {
    return false;
  }
  while (bson_iter_next(&child)) {
    bson_t element;
    if (!InitStaticChild(&child, &element)) return false;
    out->push_back({bson_get_data(&element), element.len});
  }
  return true;
}

Result<FieldStats> ReadStats(const bson_t* doc, int depth) {
  if (depth > 200) return Bad("nested too deep");
  FieldStats s;
  s.present = Int(doc, "p");
  bson_iter_t it, kinds;
  bson_t array;
  if (!Find(doc, "k", &it) || !InitStaticChild(&it, &array) || !bson_iter_init(&kinds, &array)) {
    return Bad("no kind counts");
  }
  for (int k = 0; k < kBsonKindCount && bson_iter_next(&kinds); ++k) {
    s.kinds[k] = bson_iter_as_int64(&kinds);
  }
  std::vector<Span> children;
  if (!Children(doc, "c", &children)) return Bad("no child list");
  for (const Span& span : children) {
    bson_iter_t stats;
    bson_t pair, child;
    if (!Open(span, &pair) || !Find(&pair, "1", &stats) || !InitStaticChild(&stats, &child))
      return Bad("a child without stats");
    FERRY_ASSIGN_OR_RETURN(FieldStats c, ReadStats(&child, depth + 1));
    std::string key = Text(&pair, "0");
    s.child_index[key] = s.children.size();
    s.children.emplace_back(key, std::make_unique<FieldStats>(std::move(c)));
  }
  s.too_many_keys = Bool(doc, "t");
  s.data_like_keys = Int(doc, "d");
  bson_t elements;
  if (Find(doc, "e", &it) && InitStaticChild(&it, &elements)) {
    FERRY_ASSIGN_OR_RETURN(FieldStats e, ReadStats(&elements, depth + 1));
    s.elements = std::make_unique<FieldStats>(std::move(e));
  }
  s.max_elements = Int(doc, "m");
  return s;
}

Result<TableSchema> ReadTable(const bson_t* doc) {
  TableSchema table;
  table.name = Text(doc, "name");
  table.columns = DocumentRowColumns();
  table.estimated_rows = Int(doc, "estimated_rows");
  std::vector<Span> indexes;
  if (!Children(doc, "indexes", &indexes)) return Bad("table " + table.name + " has no indexes");
  for (const Span& span : indexes) {
    bson_t entry;
    if (!Open(span, &entry)) return Bad("table " + table.name + " has a damaged index");
    Index index;
    index.name = Text(&entry, "0");
    index.unique = Bool(&entry, "1");
    index.where = Text(&entry, "2");
    bson_iter_t it, column;
    bson_t columns;
    if (Find(&entry, "3", &it) && InitStaticChild(&it, &columns) &&
        bson_iter_init(&column, &columns)) {
      while (bson_iter_next(&column)) {
        if (BSON_ITER_HOLDS_UTF8(&column))
          index.columns.push_back(bson_iter_utf8(&column, nullptr));
      }
    }
    table.indexes.push_back(std::move(index));
  }
  return table;
}

}  // namespace

std::string RecordDocumentSample(const DocumentPlan& plan) {
  std::map<std::string, const SampledCollection*> sampled;
  for (const SampledCollection& c : plan.collections) sampled[c.name] = &c;
  BsonHandle doc(bson_new());
  bson_append_int32(doc.get(), "format", -1, kFormat);
  bson_t skipped, tables;
  bson_append_array_begin(doc.get(), "skipped", -1, &skipped);
  for (size_t i = 0; i < plan.source.skipped.size(); ++i) {
    const SkippedObject& s = plan.source.skipped[i];
    AppendStrings(&skipped, std::to_string(i).c_str(), {s.kind, s.name, s.reason});
  }
  bson_append_array_end(doc.get(), &skipped);
  bson_append_array_begin(doc.get(), "tables", -1, &tables);
  for (size_t i = 0; i < plan.source.tables.size(); ++i) {
    const TableSchema& table = plan.source.tables[i];
    auto found = sampled.find(table.name);
    AppendTable(&tables, std::to_string(i).c_str(), table,
                found == sampled.end() ? nullptr : found->second);
  }
  bson_append_array_end(doc.get(), &tables);
  size_t length = 0;
  char* json = bson_as_canonical_extended_json(doc.get(), &length);
  std::string out(json, length);
  bson_free(json);
  return out;
}

Result<DocumentPlan> ReplayDocumentPlan(std::string_view recorded,
                                        const DocumentPlanOptions& options) {
  bson_error_t error;
  BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(recorded.data()),
                                    static_cast<ssize_t>(recorded.size()), &error));
  if (doc == nullptr) return Bad(error.message);
  if (Int(doc.get(), "format") != kFormat) return Bad("an unknown format");
  DatabaseSchema schema;
  std::vector<Span> skipped, tables;
  if (!Children(doc.get(), "skipped", &skipped) || !Children(doc.get(), "tables", &tables)) {
    return Bad("no table list");
  }
  for (const Span& span : skipped) {
    bson_t s;
    if (!Open(span, &s)) return Bad("a damaged skipped object");
    schema.skipped.push_back({Text(&s, "0"), Text(&s, "1"), Text(&s, "2")});
  }
  std::map<std::string, Span> samples;
  for (const Span& span : tables) {
    bson_t t;
    if (!Open(span, &t)) return Bad("a damaged table");
    FERRY_ASSIGN_OR_RETURN(TableSchema table, ReadTable(&t));
    bson_iter_t it;
    bson_t sample;
    if (Find(&t, "sample", &it) && InitStaticChild(&it, &sample)) {
      samples[table.name] = {bson_get_data(&sample), sample.len};
    }
    schema.tables.push_back(std::move(table));
  }
  return PlanDocuments(
      schema, options,
      [&](const TableSchema& table, DocumentInference* inference,
          SampledCollection* sampled) -> Status {
        auto found = samples.find(table.name);
        if (found == samples.end()) {
          return Bad("collection '" + table.name + "' was not sampled when the run was planned");
        }
        bson_t sample_doc;
        if (!Open(found->second, &sample_doc)) return Bad("a damaged sample");
        const bson_t* sample = &sample_doc;
        sampled->documents = Int(sample, "documents");
        sampled->unreadable = Int(sample, "unreadable");
        sampled->complete = Bool(sample, "complete");
        bson_iter_t it;
        bson_t stats;
        if (!Find(sample, "stats", &it) || !InitStaticChild(&it, &stats)) {
          return Bad("collection '" + table.name + "' has no statistics");
        }
        FERRY_ASSIGN_OR_RETURN(FieldStats root, ReadStats(&stats, 0));
        *inference = DocumentInference(std::move(root));
        return Status::OK();
      });
}

}  // namespace ferry
