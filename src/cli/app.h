// The `ferry` command line: parses, sets up logging, runs the chosen command.
#ifndef FERRY_CLI_APP_H_
#define FERRY_CLI_APP_H_

namespace ferry::cli {

// Returns the process exit code: 0 ok, 1 failure, 2 usage, 3 differences found.
int Main(int argc, char** argv);

}  // namespace ferry::cli

#endif  // FERRY_CLI_APP_H_
