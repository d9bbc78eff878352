#include "pipeline/connection_retry.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

constexpr RetryPolicy kFast{3, std::chrono::milliseconds(1)};

// Regression: after a target restart the finish step reused a dead
// connection and the run stopped, although its chunks had been retried.
TEST(RetryOnConnectionTest, FinishStepIsRetriedAfterALostConnection) {
  int calls = 0;
  Status s = RetryOnConnection("finishing the tables", kFast, {}, [&] {
    return ++calls < 3 ? Status::Connection("server closed the connection") : Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(calls, 3);
}

TEST(RetryOnConnectionTest, OtherFailuresAreNotRetried) {
  int calls = 0;
  Status s = RetryOnConnection("finishing the tables", kFast, {}, [&] {
    ++calls;
    return Status::DataError("could not create unique index");
  });
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_EQ(calls, 1);
}

TEST(RetryOnConnectionTest, GivesUpAfterTheRetriesAndSaysWhat) {
  int calls = 0;
  Status s = RetryOnConnection("finishing the tables", kFast, {}, [&] {
    ++calls;
    return Status::Connection("connection refused");
  });
  EXPECT_EQ(s.code(), StatusCode::kConnection);
  EXPECT_EQ(calls, 4);  // the first try and 3 retries
  EXPECT_NE(s.message().find("finishing the tables: gave up after 3"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("connection refused"), std::string::npos) << s.message();
}

TEST(RetryOnConnectionTest, StopsWaitingWhenCancelled) {
  std::stop_source stop;
  stop.request_stop();
  Status s = RetryOnConnection("finishing the tables", kFast, stop.get_token(),
                               [] { return Status::Connection("gone"); });
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
}

}  // namespace
}  // namespace ferry
