// Retrying a step of a copy after a lost connection, as the chunk workers do
// for chunks: the finish step (keys, indexes, foreign keys, sequences,
// marking the run done) must survive a target restart too.
#ifndef FERRY_PIPELINE_CONNECTION_RETRY_H_
#define FERRY_PIPELINE_CONNECTION_RETRY_H_

#include <chrono>
#include <functional>
#include <stop_token>
#include <string_view>

#include "ferry/status.h"

namespace ferry {

struct RetryPolicy {
  int max_retries = 10;  // failures in a row retried before giving up (--retries)
  std::chrono::milliseconds first_backoff{250};  // doubled per failure, at most 30 s
};

// The wait before retry number `failures` (1 for the first): `first`,
// doubled per failure in a row, at most 30 s.
std::chrono::milliseconds RetryBackoff(std::chrono::milliseconds first, int failures);

// Sleeps `duration` unless `stop` fires first; false when stopped.
bool SleepFor(std::chrono::milliseconds duration, std::stop_token stop);

// Runs `work` until it returns a status that is not retryable (kConnection),
// `policy.max_retries` retries have failed, or `stop` fires (then Cancelled).
// Each retry is logged with `what` ("finishing the tables") and waits with
// exponential backoff. REQUIRES: `work` may be run again after a retryable
// failure (every statement of it does nothing when its object exists).
Status RetryOnConnection(std::string_view what, const RetryPolicy& policy, std::stop_token stop,
                         const std::function<Status()>& work);

}  // namespace ferry

#endif  // FERRY_PIPELINE_CONNECTION_RETRY_H_
