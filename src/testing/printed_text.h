// PrintedText: what was written to a stdio stream so far, for tests of
// printers that write to a FILE* (tmpfile()).
#ifndef FERRY_TESTING_PRINTED_TEXT_H_
#define FERRY_TESTING_PRINTED_TEXT_H_

#include <cstdio>
#include <string>

namespace ferry::testing {

// Flushes `file`, rewinds it and returns all it holds.
std::string PrintedText(FILE* file);

}  // namespace ferry::testing

#endif  // FERRY_TESTING_PRINTED_TEXT_H_
