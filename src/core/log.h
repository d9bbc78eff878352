// Logging for ferry: spdlog, to standard error, one stream for the whole process.
//
// Use spdlog::info/warn/error/debug directly after InitLogging(). Text that may
// contain a URL must go through RedactSecrets (ferry/endpoint.h) first.
#ifndef FERRY_CORE_LOG_H_
#define FERRY_CORE_LOG_H_

#include <spdlog/spdlog.h>

namespace ferry {

// verbosity: -1 quiet (warnings and errors only), 0 normal (info), 1 debug (-v), 2+ trace (-vv).
void InitLogging(int verbosity);  // may be called again; the last call wins

}  // namespace ferry

#endif  // FERRY_CORE_LOG_H_
