#include "cli/document_flags.h"

#include <charconv>

#include "mapping/document_config.h"
#include "mapping/document_mapping.h"
#include "mapping/mapping_config.h"
#include "mapping/objectid.h"
#include "pipeline/endpoints.h"

namespace ferry::cli {

void AddDocumentFlags(CLI::App* command, DocumentFlags* flags) {
  command
      ->add_option("--sample", flags->sample,
                   "Documents: how many per collection infer the schema (N or all)")
      ->default_val("1000");
  command
      ->add_option("--documents", flags->documents,
                   "Documents: flatten (nested objects → columns), jsonb (_id + document), "
                   "normalize (arrays of objects → child tables)")
      ->check(CLI::IsMember({"flatten", "jsonb", "normalize"}));
  command->add_option("--depth", flags->depth, "Documents: flatten nested objects this deep (2)")
      ->check(CLI::Range(1, 100));
  command
      ->add_option("--objectid", flags->objectid,
                   "Documents: ObjectIds become uuid (reversible rule), text or bytea")
      ->check(CLI::IsMember({"uuid", "text", "bytea"}));
}

Result<DocumentPlanOptions> MakeDocumentPlanOptions(const DocumentFlags& flags,
                                                    const std::string& config_path,
                                                    const std::vector<std::string>& tables,
                                                    const std::vector<std::string>& exclude) {
  DocumentPlanOptions options;
  if (flags.sample == "all") {
    options.sample = -1;
  } else {
    auto [end, ec] = std::from_chars(flags.sample.data(), flags.sample.data() + flags.sample.size(),
                                     options.sample);
    if (ec != std::errc() || end != flags.sample.data() + flags.sample.size() ||
        options.sample < 1) {
      return Status::InvalidArgument(
          "--sample takes a number of documents (1 or more) or 'all', "
          "not '" +
          flags.sample + "'");
    }
  }
  DocumentFlagsSet set{!flags.objectid.empty(), !flags.documents.empty(), flags.depth > 0};
  if (set.objectid) options.defaults.objectid = *ParseObjectIdMode(flags.objectid);
  if (set.mode) options.defaults.mode = *ParseDocumentMode(flags.documents);
  if (set.depth) options.defaults.depth = flags.depth;
  options.tables = tables;
  options.exclude = exclude;
  if (config_path.empty()) return options;
  FERRY_ASSIGN_OR_RETURN(MappingConfig config, LoadMappingConfig(config_path));
  return ApplyMappingConfig(config, std::move(options), set);
}

namespace {

// The effective value of a per-collection setting: the default, then the
// collections ferry.toml sets otherwise ("flatten; orders: jsonb"). A flag
// given on the command line wins over ferry.toml, so then no collection
// differs and the value is the flag's alone.
template <typename Get>
std::string WithCollections(std::string value, const DocumentPlanOptions& effective, Get get) {
  std::string differing;
  for (const auto& [collection, overrides] : effective.collections) {
    std::optional<std::string> own = get(overrides);
    if (!own || *own == value) continue;
    differing += (differing.empty() ? "; " : ", ") + collection + ": " + *own;
  }
  return value + differing;
}

}  // namespace

RunOptions DocumentRunOptions(const DocumentPlanOptions& effective) {
  const DocumentOptions& d = effective.defaults;
  std::string mode =
      WithCollections(std::string(DocumentModeName(d.mode)), effective,
                      [](const CollectionOverrides& c) -> std::optional<std::string> {
                        if (!c.mode) return std::nullopt;
                        return std::string(DocumentModeName(*c.mode));
                      });
  std::string depth =
      WithCollections(std::to_string(d.depth), effective,
                      [](const CollectionOverrides& c) -> std::optional<std::string> {
                        if (!c.depth) return std::nullopt;
                        return std::to_string(*c.depth);
                      });
  return {{"--sample", effective.sample < 0 ? "all" : std::to_string(effective.sample)},
          {"--documents", mode},
          {"--depth", depth},
          {"--objectid", std::string(ObjectIdModeName(d.objectid))}};
}

DocumentFlags DocumentFlagsOf(const RunOptions& recorded) {
  auto get = [&](const std::string& name) {
    auto it = recorded.find(name);
    return it == recorded.end() ? std::string() : it->second;
  };
  // A value with collections of its own came from ferry.toml, not a flag.
  auto flag = [](const std::string& value) {
    return value.find(';') == std::string::npos ? value : std::string();
  };
  DocumentFlags flags;
  flags.sample = get("--sample");
  flags.documents = flag(get("--documents"));
  std::string depth = flag(get("--depth"));
  flags.depth = depth.empty() ? 0 : std::stoi(depth);
  flags.objectid = get("--objectid");
  return flags;
}

void SetDocumentTarget(const std::string& to_url, DocumentPlanOptions* options) {
  if (to_url.empty()) return;
  Result<Endpoint> to = ParseEndpoint(to_url);
  if (!to.ok()) return;
  PlanOptions plan;
  SetTargetDialect(*to, &plan);
  options->defaults.dialect = plan.dialect;
}

}  // namespace ferry::cli
