#include "cli/document_flags.h"

#include <charconv>

#include "mapping/document_config.h"
#include "mapping/mapping_config.h"

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

RunOptions DocumentRunOptions(const DocumentFlags& flags) {
  return {{"--sample", flags.sample},
          {"--documents", flags.documents},
          {"--depth", std::to_string(flags.depth)},
          {"--objectid", flags.objectid}};
}

}  // namespace ferry::cli
