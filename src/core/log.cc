#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace ferry {

void InitLogging(int verbosity) {
  spdlog::drop("ferry");  // a second call (a command running another) replaces the first
  auto logger = spdlog::stderr_color_mt("ferry");
  // Normal runs print "level: message"; verbose runs add the time and thread.
  logger->set_pattern(verbosity >= 1 ? "%H:%M:%S.%e [%t] %^%l%$: %v" : "%^%l%$: %v");
  spdlog::level::level_enum level = spdlog::level::info;
  if (verbosity < 0) level = spdlog::level::warn;
  if (verbosity == 1) level = spdlog::level::debug;
  if (verbosity >= 2) level = spdlog::level::trace;
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

}  // namespace ferry
