// Says what ferry waits for when a wait on a server lasts: while a WaitNotice
// lives, a log line appears after a few seconds and again every few seconds:
//
//   waiting for postgres://app@db:5432/app to answer (connect, 3 s of 10 s)
//
// The wait itself is bounded by its caller (a connect timeout); this only
// speaks. Thread-safety: one owner; the notice runs its own thread.
#ifndef FERRY_CORE_WAIT_NOTICE_H_
#define FERRY_CORE_WAIT_NOTICE_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace ferry {

class WaitNotice {
 public:
  // `who` is printed as given: pass a redacted URL. `phase` names the wait
  // ("connect"); `limit_seconds` its bound (0: none known).
  WaitNotice(std::string who, std::string phase, int limit_seconds,
             std::chrono::milliseconds first = std::chrono::seconds(3),
             std::chrono::milliseconds every = std::chrono::seconds(5));
  ~WaitNotice();
  WaitNotice(const WaitNotice&) = delete;
  WaitNotice& operator=(const WaitNotice&) = delete;

  // How many lines were logged so far (for tests).
  int notices() const;

 private:
  void Run(std::chrono::milliseconds first, std::chrono::milliseconds every);

  const std::string who_;
  const std::string phase_;
  const int limit_seconds_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;  // guarded by mu_
  int notices_ = 0;    // guarded by mu_
  std::thread thread_;
};

}  // namespace ferry

#endif  // FERRY_CORE_WAIT_NOTICE_H_
