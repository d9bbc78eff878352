#include "core/wait_notice.h"

#include <gtest/gtest.h>

#include <thread>

namespace ferry {
namespace {

TEST(WaitNoticeTest, ALongWaitIsAnnouncedAndAShortOneIsNot) {
  {
    WaitNotice quick("postgres://app@db/app", "connect", 10, std::chrono::seconds(5));
    EXPECT_EQ(quick.notices(), 0);
  }
  WaitNotice slow("postgres://app@db/app", "connect", 10, std::chrono::milliseconds(10),
                  std::chrono::milliseconds(10));
  for (int i = 0; i < 500 && slow.notices() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(slow.notices(), 2);
}

}  // namespace
}  // namespace ferry
