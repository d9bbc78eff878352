// The command line's contract: version, help for every command, usage errors exit 2.
#include <gtest/gtest.h>

#include "test_util.h"

namespace ferry::testing {
namespace {

TEST(CliTest, VersionPrintsNameAndVersion) {
  CommandResult r = RunFerry({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("ferry ") + FERRY_VERSION + "\n");
}

TEST(CliTest, HelpListsTheCommands) {
  CommandResult r = RunFerry({"help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("migrate"), std::string::npos) << r.out;
}

TEST(CliTest, HelpOfACommandEqualsItsDashDashHelp) {
  CommandResult via_help = RunFerry({"help", "migrate"});
  CommandResult via_flag = RunFerry({"migrate", "--help"});
  EXPECT_EQ(via_help.exit_code, 0);
  EXPECT_EQ(via_flag.exit_code, 0);
  EXPECT_EQ(via_help.out, via_flag.out);
  EXPECT_NE(via_help.out.find("migrate"), std::string::npos);
}

TEST(CliTest, UnknownOptionIsAUsageError) {
  CommandResult r = RunFerry({"--no-such-option"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;
}

TEST(CliTest, UnknownCommandIsAUsageError) {
  CommandResult r = RunFerry({"teleport"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("teleport"), std::string::npos) << r.err;
}

TEST(CliTest, HelpOfAnUnknownCommandIsAUsageError) {
  CommandResult r = RunFerry({"help", "teleport"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("teleport"), std::string::npos);
}

}  // namespace
}  // namespace ferry::testing
