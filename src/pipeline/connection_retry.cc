#include "pipeline/connection_retry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>

namespace ferry {

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
    auto backoff = std::min<std::chrono::milliseconds>(
        policy.first_backoff * (1 << std::min(failures, 7)), std::chrono::seconds(30));
    spdlog::warn("   {}: {}; retrying in {} ms (attempt {} of {})", what, s.message(),
                 backoff.count(), failures + 1, policy.max_retries);
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, backoff, [] { return false; });
    if (stop.stop_requested()) return Status::Cancelled(std::string(what) + ": stopped");
  }
}

}  // namespace ferry
