#include "pipeline/connection_retry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>

namespace ferry {

std::chrono::milliseconds RetryBackoff(std::chrono::milliseconds first, int failures) {
  return std::min<std::chrono::milliseconds>(first * (1 << std::min(failures - 1, 7)),
                                             std::chrono::seconds(30));
}

bool SleepFor(std::chrono::milliseconds duration, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  return !wake.wait_for(lock, stop, duration, [] { return false; }) && !stop.stop_requested();
}

Status RetryOnConnection(std::string_view what, const RetryPolicy& policy, std::stop_token stop,
                         const std::function<Status()>& work) {
  for (int failures = 0;; ++failures) {
    Status s = work();
    if (s.ok() || !s.IsRetryable()) return s;
    if (failures >= policy.max_retries) {
      return s.WithContext(std::string(what) + ": gave up after " +
                           std::to_string(policy.max_retries) +
                           " connection failures in a row (--retries); run the same command "
                           "again once the target is reachable");
    }
    std::chrono::milliseconds backoff = RetryBackoff(policy.first_backoff, failures + 1);
    spdlog::warn("   {}: {}; retrying in {} ms (attempt {} of {})", what, s.message(),
                 backoff.count(), failures + 1, policy.max_retries);
    if (!SleepFor(backoff, stop)) return Status::Cancelled(std::string(what) + ": stopped");
  }
}

}  // namespace ferry
