#include "mapping/document_mapping_file.h"

#include <cstdio>
#include <sstream>

#include "ferry/logical_type.h"
#include "mapping/document_names.h"

namespace ferry {
namespace {

std::string SampleText(const SampledCollection& c) {
  std::string out = std::to_string(c.documents) + " documents sampled" +
                    (c.complete ? " (the whole collection)" : " (the first ones)");
  if (c.unreadable > 0) out += ", " + std::to_string(c.unreadable) + " unreadable";
  return out;
}

}  // namespace

std::string TomlQuote(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04X", c);
      out += buffer;
    } else if (text.substr(i, 3) == "\xEF\xBB\xBF") {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string WriteDocumentMappingToml(const DocumentPlan& plan, const std::string& source_text) {
  std::ostringstream out;
  out << "# ferry mapping for " << source_text << ", written by `ferry plan --write-mapping`.\n"
      << "# Edit names, types (PostgreSQL types), modes; set exclude = true to leave a field out.\n"
      << "# Then: ferry copy --from " << source_text
      << " --to postgres://... --config THIS_FILE\n\n"
      << "[defaults]\n"
      << "objectid = " << TomlQuote(ObjectIdModeName(plan.defaults.objectid))
      << "   # uuid | text | bytea\n"
      << "mode = " << TomlQuote(DocumentModeName(plan.defaults.mode))
      << "   # flatten | jsonb | normalize\n"
      << "depth = " << plan.defaults.depth << "   # flatten nested objects this deep\n";
  size_t next = 0;
  for (const SampledCollection& c : plan.collections) {
    std::string table_key = "tables." + TomlQuote(c.name);
    out << "\n# " << SampleText(c) << "\n[" << table_key << "]\n";
    bool first = true;
    while (next < plan.tables.size() && plan.tables[next].plan.source.name == c.name) {
      const DocumentTable& t = plan.tables[next++];
      if (first) {
        out << "name = " << TomlQuote(t.plan.target.name) << "\n"
            << "mode = " << TomlQuote(DocumentModeName(c.mode)) << "\n";
      } else {
        out << "# child table " << t.plan.target.name << " from " << PathToText(t.arrays.back())
            << "\n";
      }
      std::vector<std::string> prefix;
      for (const auto& array : t.arrays) prefix.insert(prefix.end(), array.begin(), array.end());
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const DocumentColumn& how = t.columns[i];
        if (how.kind != DocumentColumn::Kind::kField) continue;
        std::vector<std::string> full = prefix;
        full.insert(full.end(), how.path.begin(), how.path.end());
        const Column& column = t.plan.target.columns[i];
        out << "\n[" << table_key << ".columns." << TomlQuote(PathToText(full)) << "]\n"
            << "name = " << TomlQuote(column.name) << "\n"
            << "type = " << TomlQuote(std::string(PgTypeForLogical(column.type))) << "   # "
            << how.stats << "\n";
      }
      first = false;
    }
  }
  return out.str();
}

}  // namespace ferry
