// The options a copy run is identified by, as the flags give them: effective
// values, so that spelling the same options another way is the same run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/document_flags.h"
#include "cli/plan_options.h"

namespace ferry::cli {
namespace {

RunOptions DocumentOptionsOf(const DocumentFlags& flags, const std::string& config = "") {
  Result<DocumentPlanOptions> effective = MakeDocumentPlanOptions(flags, config, {}, {});
  EXPECT_TRUE(effective.ok()) << effective.status().message();
  return DocumentRunOptions(*effective);
}

class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("ferry-run-options-" + std::to_string(getpid()) + ".toml")) {
    std::ofstream(path_) << text;
  }
  ~ConfigFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(RunOptionsTest, DocumentFlagsGivenAtTheirDefaultsAreTheSameRunAsNoFlags) {
  DocumentFlags none;
  DocumentFlags defaults;
  defaults.documents = "flatten";
  defaults.depth = 2;
  defaults.objectid = "uuid";
  defaults.sample = "01000";
  EXPECT_EQ(DocumentOptionsOf(none), DocumentOptionsOf(defaults));
  EXPECT_EQ(DocumentOptionsOf(none).at("--documents"), "flatten");
  EXPECT_EQ(DocumentOptionsOf(none).at("--sample"), "1000");
  DocumentFlags other = none;
  other.documents = "jsonb";
  EXPECT_NE(DocumentOptionsOf(none), DocumentOptionsOf(other));
}

TEST(RunOptionsTest, AFlagEqualToTheConfigsDefaultIsTheSameRun) {
  ConfigFile config("[defaults]\nmode = \"jsonb\"\n");
  DocumentFlags none;
  DocumentFlags jsonb;
  jsonb.documents = "jsonb";
  EXPECT_EQ(DocumentOptionsOf(none, config.path()), DocumentOptionsOf(jsonb, config.path()));
  EXPECT_EQ(DocumentOptionsOf(none, config.path()).at("--documents"), "jsonb");
}

TEST(RunOptionsTest, AFlagThatOverridesTheConfigsCollectionsIsAnotherRun) {
  ConfigFile config("[tables.orders]\nmode = \"jsonb\"\n");
  DocumentFlags none;
  DocumentFlags flatten;
  flatten.documents = "flatten";
  RunOptions from_config = DocumentOptionsOf(none, config.path());
  EXPECT_EQ(from_config.at("--documents"), "flatten; orders: jsonb");
  EXPECT_EQ(DocumentOptionsOf(flatten, config.path()).at("--documents"), "flatten");
  // --join gives back flags that make the same options again.
  EXPECT_EQ(DocumentOptionsOf(DocumentFlagsOf(from_config), config.path()), from_config);
  RunOptions from_flag = DocumentOptionsOf(flatten, config.path());
  EXPECT_EQ(DocumentOptionsOf(DocumentFlagsOf(from_flag), config.path()), from_flag);
}

TEST(RunOptionsTest, TableListsAreSetsAndTheConfigIsOneFileHoweverSpelled) {
  ConfigFile config("[defaults]\nsnake_case = true\n");
  std::string relative = std::filesystem::relative(config.path()).string();
  RunOptions a = PlanRunOptions(config.path(), {"b", "a"}, {}, false, "public");
  RunOptions b = PlanRunOptions(relative, {"a", "b", "a"}, {}, true, "public");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.at("--tables"), "a,b");
  EXPECT_EQ(a.at("--snake-case"), "true");  // ferry.toml's snake_case = true
  EXPECT_NE(a, PlanRunOptions(config.path(), {"a"}, {}, false, "public"));
}

}  // namespace
}  // namespace ferry::cli
