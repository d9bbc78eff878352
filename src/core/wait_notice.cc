#include "core/wait_notice.h"

#include <string>

#include "core/log.h"

namespace ferry {

WaitNotice::WaitNotice(std::string who, std::string phase, int limit_seconds,
                       std::chrono::milliseconds first, std::chrono::milliseconds every)
    : who_(std::move(who)), phase_(std::move(phase)), limit_seconds_(limit_seconds) {
  thread_ = std::thread([this, first, every] { Run(first, every); });
}

WaitNotice::~WaitNotice() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

int WaitNotice::notices() const {
  std::lock_guard<std::mutex> lock(mu_);
  return notices_;
}

void WaitNotice::Run(std::chrono::milliseconds first, std::chrono::milliseconds every) {
  auto start = std::chrono::steady_clock::now();
  auto next = start + first;
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_until(lock, next, [this] { return done_; })) {
    auto waited =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
            .count();
    if (limit_seconds_ > 0) {
      spdlog::info("waiting for {} to answer ({}, {} s of {} s)", who_, phase_, waited,
                   limit_seconds_);
    } else {
      spdlog::info("waiting for {} to answer ({}, {} s)", who_, phase_, waited);
    }
    ++notices_;
    next += every;
  }
}

}  // namespace ferry
