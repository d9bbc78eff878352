#include "pipeline/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace ferry {
namespace {

TEST(BoundedQueueTest, DeliversInOrderAndEndsWhenClosed) {
  BoundedQueue<int> queue(2);
  std::vector<int> seen;
  std::jthread consumer([&](std::stop_token stop) {
    while (std::optional<int> item = queue.Pop(stop)) seen.push_back(*item);
  });
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(queue.Push(i, {}));
  queue.Close();
  consumer.join();
  ASSERT_EQ(seen.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(seen[i], i);
}

TEST(BoundedQueueTest, StopReleasesABlockedProducer) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.Push(1, {}));
  bool pushed = true;
  std::jthread producer([&](std::stop_token stop) { pushed = queue.Push(2, stop); });
  producer.request_stop();
  producer.join();
  EXPECT_FALSE(pushed);
  EXPECT_EQ(queue.TryPop(), std::optional<int>(1));
  EXPECT_EQ(queue.TryPop(), std::nullopt);
}

TEST(BoundedQueueTest, PushAfterCloseFails) {
  BoundedQueue<int> queue(4);
  queue.Close();
  EXPECT_FALSE(queue.Push(1, {}));
  EXPECT_EQ(queue.Pop({}), std::nullopt);
}

}  // namespace
}  // namespace ferry
