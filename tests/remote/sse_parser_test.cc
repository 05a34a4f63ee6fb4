// The SSE parser against the WHATWG rules, one field kind at a time, and the
// same sample stream split at every byte offset (and every pair of offsets).
#include "service/remote/sse_parser.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace beatframe::remote {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Collected {
  std::vector<SseEvent> events;
  std::vector<std::string> comments;
};

// Feeds `pieces` in order and finishes the stream.
Collected Parse(const std::vector<std::string>& pieces, SseParser** out_parser = nullptr) {
  static Collected c;
  c = Collected();
  static std::unique_ptr<SseParser> parser;
  parser = std::make_unique<SseParser>([](const SseEvent& e) { c.events.push_back(e); },
                                       [](absl::string_view s) { c.comments.emplace_back(s); });
  for (const std::string& piece : pieces) EXPECT_TRUE(parser->Feed(piece).ok());
  parser->Finish();
  if (out_parser != nullptr) *out_parser = parser.get();
  return c;
}

Collected ParseOne(const std::string& stream) { return Parse({stream}); }

SseEvent Event(std::string type, std::string data, std::string id = "") {
  SseEvent e;
  e.type = std::move(type);
  e.data = std::move(data);
  e.last_event_id = std::move(id);
  return e;
}

TEST(SseParserTest, DataDispatchesOnBlankLineAsMessage) {
  EXPECT_THAT(ParseOne("data: hello\n\n").events, ElementsAre(Event("message", "hello")));
}

TEST(SseParserTest, EventFieldNamesTheTypeForOneEventOnly) {
  EXPECT_THAT(ParseOne("event: tool\ndata: x\n\ndata: y\n\n").events,
              ElementsAre(Event("tool", "x"), Event("message", "y")));
}

TEST(SseParserTest, MultiLineDataIsJoinedWithNewlines) {
  EXPECT_THAT(ParseOne("data: a\ndata:b\ndata:  c\n\n").events, ElementsAre(Event("message", "a\nb\n c")));
}

TEST(SseParserTest, EmptyDataLinesDispatchEmptyOrBlankData) {
  EXPECT_THAT(ParseOne("data:\n\ndata\n\ndata:\ndata:\n\n").events,
              ElementsAre(Event("message", ""), Event("message", ""), Event("message", "\n")));
}

TEST(SseParserTest, EventWithoutDataIsNotDispatched) {
  EXPECT_THAT(ParseOne("event: heartbeat\n\nid: 3\n\n").events, IsEmpty());
}

TEST(SseParserTest, IdPersistsAcrossEventsAndNulIsIgnored) {
  std::string with_nul = "id: 7\ndata: a\n\ndata: b\n\nid: 8";
  with_nul.push_back('\0');
  with_nul += "x\ndata: c\n\nid\ndata: d\n\n";
  const Collected c = ParseOne(with_nul);
  EXPECT_THAT(c.events, ElementsAre(Event("message", "a", "7"), Event("message", "b", "7"),
                                    Event("message", "c", "7"), Event("message", "d", "")));
}

TEST(SseParserTest, RetryAcceptsOnlyDigits) {
  SseParser* parser = nullptr;
  Parse({"retry: 1500\n\nretry: 12a\n\nretry: -5\n\n"}, &parser);
  ASSERT_TRUE(parser->retry_ms().has_value());
  EXPECT_EQ(*parser->retry_ms(), 1500);
  Parse({"retry:\n\n"}, &parser);
  EXPECT_FALSE(parser->retry_ms().has_value());
}

TEST(SseParserTest, CommentsAreReportedAndNotEvents) {
  Collected c = ParseOne(": keep-alive\n:\ndata: x\n\n");
  EXPECT_THAT(c.comments, ElementsAre(" keep-alive", ""));
  EXPECT_THAT(c.events, ElementsAre(Event("message", "x")));
}

TEST(SseParserTest, CrLfAndCrrLineEndsAllWork) {
  EXPECT_THAT(ParseOne("data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\n\n").events,
              ElementsAre(Event("message", "a"), Event("message", "b"), Event("message", "c"),
                          Event("message", "d")));
}

TEST(SseParserTest, OneLeadingBomIsDropped) {
  EXPECT_THAT(ParseOne("\xEF\xBB\xBF" "data: a\n\n").events, ElementsAre(Event("message", "a")));
  // A second BOM is content: the field name no longer reads "data".
  EXPECT_THAT(ParseOne("\xEF\xBB\xBF\xEF\xBB\xBF" "data: a\n\n").events, IsEmpty());
  // A BOM later in the stream is kept in the data.
  EXPECT_THAT(ParseOne("data: \xEF\xBB\xBFx\n\n").events, ElementsAre(Event("message", "\xEF\xBB\xBFx")));
}

TEST(SseParserTest, OnlyOneSpaceAfterTheColonIsRemovedAndUnknownFieldsIgnored) {
  EXPECT_THAT(ParseOne("data:   x\nfoo: bar\nDATA: y\n\n").events, ElementsAre(Event("message", "  x")));
}

TEST(SseParserTest, IncompleteEventAtEndOfStreamIsDiscarded) {
  EXPECT_THAT(ParseOne("data: a\n\ndata: b\n").events, ElementsAre(Event("message", "a")));
  EXPECT_THAT(ParseOne("data: a\n\ndata: b").events, ElementsAre(Event("message", "a")));
}

TEST(SseParserTest, MalformedUtf8BecomesReplacementCharacters) {
  EXPECT_THAT(ParseOne("data: a\xFF" "b\n\n").events, ElementsAre(Event("message", "a\xEF\xBF\xBD" "b")));
  EXPECT_EQ(DecodeUtf8Lossy("\xF0\x9F\x98"), "\xEF\xBF\xBD");  // truncated 4-byte form: one U+FFFD
  EXPECT_EQ(DecodeUtf8Lossy("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(DecodeUtf8Lossy("\xE6\x97\xA5\xF0\x9F\x8E\xB5"), "\xE6\x97\xA5\xF0\x9F\x8E\xB5");
}

TEST(SseParserTest, OverlongLineIsResourceExhaustedAndSticky) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); }, nullptr, /*max_line_bytes=*/16);
  EXPECT_TRUE(parser.Feed("data: short\n\n").ok());
  absl::Status status = parser.Feed("data: this line is far too long\n\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(parser.Feed("data: x\n\n").code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(events.size(), 1u);
}

// A stream exercising every rule at once.
const std::string& SampleStream() {
  static const std::string kStream =
      "\xEF\xBB\xBF: opening comment\r\n"
      "retry: 3000\r\n"
      "event: heartbeat\r\ndata:\r\n\r\n"
      "id: 41\ndata: {\"content\":{\"parts\":[{\"text\":\"Hel\"}]},\"partial\":true}\n\n"
      "data: line one\rdata: line two\r\r"
      "event: tool\ndata: {\"functionCall\":{\"name\":\"edit\"}}\nid: 42\n\n"
      "data\n\n"
      ":\n"
      "data: \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\xB5 bad:\xC3(\n\n"
      "retry: x1\nfield without colon\ndata:  two spaces\r\n\r\n"
      "data: trailing incomplete";
  return kStream;
}

TEST(SseParserTest, SplittingAtEveryByteOffsetGivesTheSameEvents) {
  const std::string& stream = SampleStream();
  SseParser* parser = nullptr;
  const Collected whole = Parse({stream}, &parser);
  ASSERT_EQ(whole.events.size(), 7u);
  EXPECT_EQ(whole.events[0], Event("heartbeat", ""));
  EXPECT_EQ(whole.events[2], Event("message", "line one\nline two", "41"));
  EXPECT_EQ(whole.events[3].type, "tool");
  EXPECT_EQ(whole.events[3].last_event_id, "42");
  EXPECT_EQ(whole.events[6].data, " two spaces");
  EXPECT_EQ(*parser->retry_ms(), 3000);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    const Collected split = Parse({stream.substr(0, cut), stream.substr(cut)});
    ASSERT_EQ(split.events, whole.events) << "split at byte " << cut;
    ASSERT_EQ(split.comments, whole.comments) << "split at byte " << cut;
  }
}

TEST(SseParserTest, SplittingAtEveryPairOfOffsetsAndByteByByteGivesTheSameEvents) {
  const std::string& stream = SampleStream();
  const Collected whole = ParseOne(stream);
  for (size_t a = 0; a <= stream.size(); a += 1) {
    for (size_t b = a; b <= stream.size(); b += 3) {
      const Collected split = Parse({stream.substr(0, a), stream.substr(a, b - a), stream.substr(b)});
      ASSERT_EQ(split.events, whole.events) << "split at " << a << " and " << b;
    }
  }
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  EXPECT_EQ(Parse(bytes).events, whole.events);
}

}  // namespace
}  // namespace beatframe::remote
