#include "ferry/status.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument("odd number " + std::to_string(n));
  return n / 2;
}

Result<int> Quarter(int n) {
  FERRY_ASSIGN_OR_RETURN(int half, Half(n));
  FERRY_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  FERRY_RETURN_IF_ERROR(Half(n).status());
  return Status::OK();
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status s = Status::Connection("server closed the connection").WithContext("table users");
  EXPECT_EQ(s.code(), StatusCode::kConnection);
  EXPECT_EQ(s.message(), "table users: server closed the connection");
  EXPECT_TRUE(s.IsRetryable());
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(ResultTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd number 3");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(ResultTest, ReturnIfErrorStopsOnFailure) {
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).message(), "odd number 5");
}

}  // namespace
}  // namespace ferry
