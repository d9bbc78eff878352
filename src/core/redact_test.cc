#include "core/redact.h"

#include <gtest/gtest.h>

#include "ferry/endpoint.h"

namespace ferry {
namespace {

// Every fragment a library could print of the passwords used below.
void ExpectNoSecret(const std::string& text) {
  for (const char* fragment : {"s3cr", "t99", "hunter"}) {
    EXPECT_EQ(text.find(fragment), std::string::npos) << fragment << " in: " << text;
  }
}

TEST(RedactEndpointTextTest, UnencodedAtInThePasswordIsHidden) {
  EXPECT_EQ(RedactEndpointText("postgres://app:s3cr@t99@db.example:5432/app"),
            "postgres://app:***@db.example:5432/app");
  EXPECT_EQ(RedactEndpointText("mongodb://app:s3cr@t99@h1:27017,h2:27017/app?replicaSet=r"),
            "mongodb://app:***@h1:27017,h2:27017/app?replicaSet=r");
}

TEST(RedactEndpointTextTest, UnencodedSlashPercentAndSpaceInThePasswordAreHidden) {
  EXPECT_EQ(RedactEndpointText("postgres://app:s3cr/t99@h/app"), "postgres://app:***@h/app");
  EXPECT_EQ(RedactEndpointText("postgres://app:s3cr%t99@h/app"), "postgres://app:***@h/app");
  EXPECT_EQ(RedactEndpointText("postgres://app:s3cr t99@h/app"), "postgres://app:***@h/app");
  EXPECT_EQ(RedactEndpointText("mongodb://app:s3cr:t99@h/app"), "mongodb://app:***@h/app");
}

TEST(RedactEndpointTextTest, PortAndAtSignInTheQueryAreNoPassword) {
  EXPECT_EQ(RedactEndpointText("postgres://h:5432/db?user=me@srv&password=s3cret"),
            "postgres://h:5432/db?user=me@srv&password=***");
  EXPECT_EQ(RedactEndpointText("postgres://app@h:5432/db"), "postgres://app@h:5432/db");
}

TEST(RedactEndpointTextTest, LibpqPasswordWithoutEqualsOrWithAnUnclosedQuoteIsHidden) {
  EXPECT_EQ(RedactEndpointText("host=h password s3cret99 dbname=d"),
            "host=h password *** dbname=d");
  EXPECT_EQ(RedactEndpointText("host=h password='s3cret99 dbname=d"), "host=h password=***");
  EXPECT_EQ(RedactEndpointText("host=h password = 'a b' dbname=d"),
            "host=h password = *** dbname=d");
}

TEST(RedactSecretsTest, UnencodedAtInAUrlInsideAMessageIsHidden) {
  std::string text = RedactSecrets("cannot reach 'postgres://u:s3cr@t99@h/db': refused");
  ExpectNoSecret(text);
  EXPECT_NE(text.find("postgres://u:***@h/db"), std::string::npos) << text;
}

TEST(RedactSecretsTest, MongoAwsSessionTokenIsHidden) {
  ExpectNoSecret(RedactSecrets(
      "mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:s3cr"));
}

TEST(RedactSecretsOfTest, QuotedPiecesOfThePasswordInLibraryMessagesAreHidden) {
  const std::string url = "postgres://u:s3cr@t99@h/db";
  std::string text = RedactSecretsOf(
      "could not translate host name \"t99@h\" to address: Name or service not known", url);
  ExpectNoSecret(text);
  EXPECT_NE(text.find("to address"), std::string::npos) << text;
  ExpectNoSecret(RedactSecretsOf("Password \"s3cr:t99\" must not have unescaped chars",
                                 "mongodb://u:s3cr:t99@h/db"));
  ExpectNoSecret(
      RedactSecretsOf("invalid percent-encoded token: \"s3cr%t99\"", "postgres://u:s3cr%t99@h/"));
}

TEST(PasswordPiecesTest, UrlAndKeyValuePasswords) {
  std::vector<std::string> url = PasswordPieces("postgres://u:s3cr@t99@h/db");
  EXPECT_NE(std::find(url.begin(), url.end(), "s3cr@t99"), url.end());
  EXPECT_NE(std::find(url.begin(), url.end(), "t99"), url.end());
  std::vector<std::string> kv = PasswordPieces("host=h password 's3cret99' dbname=d");
  EXPECT_NE(std::find(kv.begin(), kv.end(), "s3cret99"), kv.end());
  EXPECT_TRUE(PasswordPieces("postgres://u@h:5432/db").empty());
}

TEST(CheckUrlUserInfoTest, CharactersThatMustBeEncodedAreRefusedWithoutThePassword) {
  for (const char* url :
       {"postgres://u:s3cr@t99@h/db", "postgres://u:s3cr%t99@h/db", "postgres://u:s3cr/t99@h/db",
        "mongodb://u:s3cr@t99@h/db", "mongodb://u:s3cr:t99@h/db", "mongodb://u:s3cr%zt99@h/db"}) {
    Status status = CheckUrlUserInfo(url);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << url;
    ExpectNoSecret(status.message());
    EXPECT_NE(status.message().find("percent-encode"), std::string::npos) << status.message();
  }
}

TEST(CheckUrlUserInfoTest, WellFormedUrlsPass) {
  for (const char* url :
       {"postgres://u:s3cr%40t99@h/db", "postgres://u@h:5432/db", "postgres://h/db?user=me@srv",
        "postgres://h:5432/db", "mongodb://u:p%3Aw@h1:1,h2:2/db", "postgres://u:a:b@h/db"}) {
    EXPECT_TRUE(CheckUrlUserInfo(url).ok()) << url << ": " << CheckUrlUserInfo(url).message();
  }
}

}  // namespace
}  // namespace ferry
