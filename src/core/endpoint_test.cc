#include "ferry/endpoint.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace ferry {
namespace {

TEST(ParseEndpointTest, PostgresUrlsKeepTheirTextAndRedactThePassword) {
  for (const char* url : {"postgres://app:s3cret@db.example:5432/app?sslmode=require",
                          "postgresql://app:s3cret@db.example/app"}) {
    Result<Endpoint> e = ParseEndpoint(url);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->kind, EndpointKind::kPostgres);
    EXPECT_EQ(e->secret_text, url);
    EXPECT_EQ(e->Redacted().find("s3cret"), std::string::npos) << e->Redacted();
    EXPECT_NE(e->Redacted().find("app:***@db.example"), std::string::npos) << e->Redacted();
  }
}

TEST(ParseEndpointTest, SchemaParameterIsTakenOutOfThePostgresUrl) {
  Result<Endpoint> e = ParseEndpoint("postgres://app:pw@h/db?sslmode=disable&schema=sales");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->schema, "sales");
  EXPECT_EQ(e->secret_text, "postgres://app:pw@h/db?sslmode=disable");
  EXPECT_EQ(e->Redacted(), "postgres://app:***@h/db?sslmode=disable&schema=sales");
  Result<Endpoint> only = ParseEndpoint("postgres://h/db?schema=app");
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->secret_text, "postgres://h/db");
  EXPECT_EQ(only->schema, "app");
}

TEST(ParseEndpointTest, LibpqKeyValueStringIsPostgres) {
  Result<Endpoint> e = ParseEndpoint("host=localhost port=5433 dbname=app password='a b'");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->kind, EndpointKind::kPostgres);
  EXPECT_EQ(e->Redacted(), "host=localhost port=5433 dbname=app password=***");
}

TEST(ParseEndpointTest, SqliteSpellings) {
  struct Case {
    const char* text;
    const char* path;
    bool read_only;
  } cases[] = {{"sqlite:app.db", "app.db", false},
               {"sqlite://app.db", "app.db", false},
               {"sqlite:///var/data/app.db", "/var/data/app.db", false},
               {"sqlite://app.db?mode=ro", "app.db", true}};
  for (const Case& c : cases) {
    Result<Endpoint> e = ParseEndpoint(c.text);
    ASSERT_TRUE(e.ok()) << c.text;
    EXPECT_EQ(e->kind, EndpointKind::kSqlite);
    EXPECT_EQ(e->path, c.path) << c.text;
    EXPECT_EQ(e->read_only, c.read_only) << c.text;
  }
}

TEST(ParseEndpointTest, FileKinds) {
  Result<Endpoint> e = ParseEndpoint("mongodump:/backups/dump");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->kind, EndpointKind::kMongoDump);
  EXPECT_EQ(e->path, "/backups/dump");
  EXPECT_EQ(ParseEndpoint("ndjson:a.json")->kind, EndpointKind::kNdjson);
  EXPECT_EQ(ParseEndpoint("archive:out")->kind, EndpointKind::kArchive);
}

TEST(ParseEndpointTest, UnknownTextIsAnErrorThatHidesThePassword) {
  Result<Endpoint> e = ParseEndpoint("mysql://root:hunter2@localhost/db");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(e.status().message().find("hunter2"), std::string::npos) << e.status().message();
  EXPECT_NE(e.status().message().find("postgres://"), std::string::npos);
}

TEST(RedactSecretsTest, QueryParameterPassword) {
  EXPECT_EQ(RedactSecrets("postgres://h/db?user=u&password=pw&sslmode=disable"),
            "postgres://h/db?user=u&password=***&sslmode=disable");
}

TEST(RedactSecretsTest, TextWithoutSecretsIsUnchanged) {
  EXPECT_EQ(RedactSecrets("postgres://app@host/db"), "postgres://app@host/db");
  EXPECT_EQ(RedactSecrets("relation \"users\" does not exist"), "relation \"users\" does not exist");
}

class ResolveDatabaseUrlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE", "PGPORT"}) {
      if (const char* old = getenv(v)) saved_.emplace_back(v, old);
      unsetenv(v);
    }
  }
  void TearDown() override {
    unsetenv("DATABASE_URL");
    unsetenv("PGHOST");
    for (auto& [k, v] : saved_) setenv(k.c_str(), v.c_str(), 1);
  }
  std::vector<std::pair<std::string, std::string>> saved_;
};

TEST_F(ResolveDatabaseUrlTest, FlagWinsOverEnvironment) {
  setenv("DATABASE_URL", "sqlite:env.db", 1);
  Result<Endpoint> e = ResolveDatabaseUrl(std::string("sqlite:flag.db"));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->path, "flag.db");
}

TEST_F(ResolveDatabaseUrlTest, DatabaseUrlThenPgVariables) {
  setenv("DATABASE_URL", "sqlite:env.db", 1);
  EXPECT_EQ(ResolveDatabaseUrl(std::nullopt)->path, "env.db");
  unsetenv("DATABASE_URL");
  setenv("PGHOST", "/var/run/postgresql", 1);
  Result<Endpoint> e = ResolveDatabaseUrl(std::nullopt);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->kind, EndpointKind::kPostgres);
  EXPECT_EQ(e->secret_text, "");
}

TEST_F(ResolveDatabaseUrlTest, NothingGivenSaysHowToGiveIt) {
  Result<Endpoint> e = ResolveDatabaseUrl(std::nullopt);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("DATABASE_URL"), std::string::npos);
}

}  // namespace
}  // namespace ferry
