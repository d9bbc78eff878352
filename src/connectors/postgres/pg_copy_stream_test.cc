#include "connectors/postgres/pg_copy_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/postgres/pg_copy_binary_parser.h"
#include "connectors/postgres/pg_copy_encoder.h"

namespace ferry {
namespace {

std::string Int16(int v) {
  return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}
std::string Int32(int v) { return Int16((v >> 16) & 0xffff) + Int16(v & 0xffff); }
std::string Header() {
  std::string header;
  PgCopyEncoder::AppendHeader(&header);
  return header;
}

// Raw tuples as a PostgreSQL source sends them: (42, 'ab'), (NULL, '').
const std::string kTuple1 = Int16(2) + Int32(4) + Int32(42) + Int32(2) + "ab";
const std::string kTuple2 = Int16(2) + Int32(-1) + Int32(0);

// A PgCopyStream whose sends are recorded, as PutCopyData would receive them.
struct RecordedStream {
  explicit RecordedStream(size_t flush_bytes)
      : stream(
            [this](std::string_view bytes) {
              sends.emplace_back(bytes);
              return Status::OK();
            },
            flush_bytes) {}
  std::string Sent() const {
    std::string all;
    for (const std::string& s : sends) all += s;
    return all;
  }
  std::vector<std::string> sends;
  PgCopyStream stream;
};

// Given two raw tuples, we expect the stream to be the header once, the
// tuples byte for byte, and the trailer once, which the COPY parser reads back.
TEST(PgCopyStreamTest, RawTuplesGoBetweenOneHeaderAndOneTrailer) {
  RecordedStream out(1 << 20);
  out.stream.Start();
  ASSERT_TRUE(out.stream.AppendRawTuple(kTuple1, 2).ok());
  ASSERT_TRUE(out.stream.Flush().ok());
  ASSERT_TRUE(out.stream.AppendRawTuple(kTuple2, 2).ok());
  ASSERT_TRUE(out.stream.Flush().ok());
  EXPECT_TRUE(out.sends.empty());  // below flush_bytes: nothing sent before Finish
  ASSERT_TRUE(out.stream.Finish().ok());
  ASSERT_EQ(out.sends.size(), 1u);
  EXPECT_EQ(out.Sent(), Header() + kTuple1 + kTuple2 + Int16(-1));

  PgCopyBinaryParser parser;
  parser.Feed(out.Sent());
  std::vector<std::optional<std::string_view>> fields;
  ASSERT_TRUE(*parser.NextTuple(&fields));
  EXPECT_EQ(*fields[0], Int32(42));
  EXPECT_EQ(*fields[1], "ab");
  ASSERT_TRUE(*parser.NextTuple(&fields));
  EXPECT_FALSE(fields[0].has_value());
  EXPECT_EQ(*fields[1], "");
  EXPECT_FALSE(*parser.NextTuple(&fields));
  EXPECT_TRUE(parser.done());
}

// Given a small flush size, we expect pieces sent as the buffer fills, which
// together are the same stream, and tuples never split across two Starts.
TEST(PgCopyStreamTest, SendsInPiecesThatJoinIntoOneStream) {
  RecordedStream out(kTuple1.size());
  out.stream.Start();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(out.stream.AppendRawTuple(kTuple1, 2).ok());
    ASSERT_TRUE(out.stream.Flush().ok());
  }
  EXPECT_EQ(out.sends.size(), 5u);  // every tuple filled the buffer
  ASSERT_TRUE(out.stream.Finish().ok());
  EXPECT_EQ(out.sends.back(), Int16(-1));
  std::string expected = Header();
  for (int i = 0; i < 5; ++i) expected += kTuple1;
  EXPECT_EQ(out.Sent(), expected + Int16(-1));
}

// Encoded rows and raw rows share one framing: an encoded row appended
// through buffer() sits between the header and the trailer as a raw one does.
TEST(PgCopyStreamTest, EncodedRowsUseTheSameBuffer) {
  RecordedStream out(1 << 20);
  out.stream.Start();
  PgCopyEncoder encoder({{"n", PgWireType::kInt4, true}, {"t", PgWireType::kText, true}});
  Value row[2] = {Value::Int64(42), Value::Text("ab")};
  int bad_column = -1;
  ASSERT_TRUE(encoder.AppendRow(row, out.stream.buffer(), &bad_column).ok());
  ASSERT_TRUE(out.stream.Finish().ok());
  EXPECT_EQ(out.Sent(), Header() + kTuple1 + Int16(-1));
}

// Given bytes that are not one tuple of the table's width, we expect
// Corruption and nothing appended.
TEST(PgCopyStreamTest, RefusesBadlyFramedTuples) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "no field count"},
      {kTuple1, "it has 2"},  // for a table of 3 columns
      {Int16(3) + Int32(4) + Int32(42) + Int32(2) + "a", "ends inside a field"},
      {Int16(3) + Int32(4) + Int32(42) + Int16(0), "ends inside a field length"},
      {Int16(3) + Int32(-1) + Int32(-1) + Int32(-2), "negative field length"},
      {Int16(3) + Int32(-1) + Int32(-1) + Int32(-1) + "x", "bytes follow"},
  };
  for (const auto& [tuple, why] : bad) {
    RecordedStream out(1 << 20);
    out.stream.Start();
    Status s = out.stream.AppendRawTuple(tuple, 3);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << why;
    EXPECT_NE(s.message().find(why), std::string::npos) << s.message();
    EXPECT_EQ(*out.stream.buffer(), Header()) << why;
  }
  EXPECT_TRUE(CheckPgTupleFraming(Int16(3) + Int32(-1) + Int32(-1) + Int32(-1), 3).ok());
}

// A failed send is the stream's failure (the writer stops there).
TEST(PgCopyStreamTest, ASendFailureIsReturned) {
  PgCopyStream stream([](std::string_view) { return Status::Connection("cut"); }, 1);
  stream.Start();
  ASSERT_TRUE(stream.AppendRawTuple(kTuple2, 2).ok());
  EXPECT_EQ(stream.Flush().code(), StatusCode::kConnection);
}

}  // namespace
}  // namespace ferry
