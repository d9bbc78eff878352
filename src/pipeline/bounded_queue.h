// BoundedQueue: a fixed-capacity FIFO between one producer and one consumer
// thread, so a fast reader cannot run ahead of a slow writer by more than
// `capacity` items and memory stays flat.
//
// Push and Pop block; both return early (false / nullopt) when the stop token
// fires or, for Pop, when the queue is closed and drained. Thread-safe.
#ifndef FERRY_PIPELINE_BOUNDED_QUEUE_H_
#define FERRY_PIPELINE_BOUNDED_QUEUE_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stop_token>

namespace ferry {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Waits for room; false when stopped or closed (the item is dropped).
  bool Push(T item, std::stop_token stop) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait(lock, stop, [&] { return closed_ || items_.size() < capacity_; })) {
      return false;
    }
    if (closed_) return false;
    items_.push_back(std::move(item));
    changed_.notify_all();
    return true;
  }

  // Takes the next item without waiting; nullopt when there is none.
  std::optional<T> TryPop() {
    std::lock_guard lock(mutex_);
    return TakeLocked();
  }

  // Waits for an item; nullopt when stopped, or closed and empty.
  std::optional<T> Pop(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, stop, [&] { return closed_ || !items_.empty(); });
    return TakeLocked();
  }

  // No more pushes: Pop drains what is left, then returns nullopt.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::optional<T> TakeLocked() {
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    changed_.notify_all();
    return item;
  }

  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<T> items_;  // guarded by mutex_
  bool closed_ = false;  // guarded by mutex_
};

}  // namespace ferry

#endif  // FERRY_PIPELINE_BOUNDED_QUEUE_H_
