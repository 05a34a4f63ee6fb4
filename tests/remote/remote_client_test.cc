// RemoteClient against the loopback fake: every call of the protocol and
// every documented failure mode, cancellation latency, a 50 MB upload in
// bounded memory, and tokens kept out of messages, logs and other headers.
#include "service/remote/remote_client.h"

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/remote/error_reason.h"
#include "tests/remote/remote_test_util.h"

namespace beatframe::remote {
namespace {

using testing_remote::SseComment;
using testing_remote::SseEmptyData;
using testing_remote::SseHeartbeat;
using testing_remote::SseScript;
using testing_remote::SseText;
using testing_remote::SseToolCall;
using testing_remote::SseToolResult;
using ::testing::HasSubstr;
using ::testing::Not;

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Peak resident set (VmHWM) or current (VmRSS) of this process, in KiB.
int64_t ProcStatusKib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, field)) return std::atoll(line.c_str() + std::strlen(field));
  }
  return -1;
}

class RemoteClientTest : public RemoteTestBase {};

TEST_F(RemoteClientTest, AnonymousTokenThenAttributedAuthorisedCalls) {
  auto client = NewClient();
  absl::StatusOr<RemoteTask> task = client->CreateSession();
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_FALSE(task->session_id.empty());
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/api/auth/anonymous-token");
  EXPECT_TRUE(std::regex_match(requests[0].Header("x-client-id"),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << requests[0].Header("x-client-id");
  EXPECT_EQ(requests[0].Header("x-client-id"), client->client_id());
  EXPECT_EQ(requests[1].path, "/api/tasks/me/with-session/nemo_agent");
  EXPECT_EQ(requests[1].BearerToken(), fake_.issued_tokens().at(0));
  EXPECT_EQ(requests[1].Header("x-skill-source"), "generator-from-music");
  EXPECT_FALSE(requests[1].Header("x-skill-version").empty());
  EXPECT_FALSE(requests[1].Header("x-skill-platform").empty());
  const Json body = Json::parse(requests[1].body);
  EXPECT_EQ(body["task_name"], "project");
  EXPECT_EQ(body["language"], "en");
}

TEST_F(RemoteClientTest, TokenFromNemoTokenIsUsedWithoutAnAnonymousOne) {
  fake_.SetAccountToken("nemo-account-secret-123");
  setenv("NEMO_TOKEN", "nemo-account-secret-123", 1);
  RemoteClientOptions options = Options();
  options.read_env_token = true;
  auto client = NewClient(options);
  unsetenv("NEMO_TOKEN");
  ASSERT_TRUE(client->CreateSession().ok());
  EXPECT_TRUE(client->uses_account_token());
  EXPECT_TRUE(fake_.requests_to("/api/auth/").empty());
  EXPECT_EQ(fake_.requests().at(0).BearerToken(), "nemo-account-secret-123");
}

TEST_F(RemoteClientTest, MissingClientIdAnswer400GetsANewIdAndOneRetry) {
  fake_.RejectNextClientIds(1);
  auto client = NewClient();
  ASSERT_TRUE(client->CreateSession().ok());
  const auto token_requests = fake_.requests_to("/api/auth/anonymous-token");
  ASSERT_EQ(token_requests.size(), 2u);
  EXPECT_NE(token_requests[0].Header("x-client-id"), token_requests[1].Header("x-client-id"));
  // Twice refused: a clear error, no loop.
  fake_.RejectNextClientIds(2);
  auto second = NewClient();
  EXPECT_EQ(second->GetCredits().status().code(), absl::StatusCode::kInternal);
}

TEST_F(RemoteClientTest, FakeAnswers400WithoutClientIdAnd402ExportWithoutAttribution) {
  HttpRequest token;
  token.method = "POST";
  token.url = fake_.base_url() + "/api/auth/anonymous-token";
  token.label = "raw";
  absl::StatusOr<HttpResponse> response = PerformHttp(token, nullptr, nullptr);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 400);

  auto client = NewClient();
  absl::StatusOr<RemoteTask> task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  HttpRequest bare;
  bare.method = "POST";
  bare.url = fake_.base_url() + "/api/render/proxy/lambda";
  bare.label = "raw";
  bare.headers = {"Authorization: Bearer " + fake_.issued_tokens().at(0), "Content-Type: application/json"};
  bare.body = Json{{"id", "render_1"}, {"sessionId", task->session_id}, {"draft", SampleDraft()},
                   {"output", {{"format", "mp4"}}}}.dump();
  response = PerformHttp(bare, nullptr, nullptr);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 402);
}

TEST_F(RemoteClientTest, SendMessageStreamsTextAsItArrivesAndKeepsToolsInternal) {
  SseScript script;
  script.Add(SseText("Working on your ", true))
      .Add(SseToolCall("edit_timeline"), 10)
      .Add(SseHeartbeat() + SseEmptyData() + SseComment(), 10)
      .Add(SseToolResult("edit_timeline"), 10)
      .Add(SseText("video.", true), 10)
      .Add(SseText("Working on your video."), 300);  // the final aggregate
  fake_.QueueSse(script);
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  std::vector<std::string> pieces;
  std::vector<std::string> tools;
  int heartbeats = 0;
  double first_text_s = -1;
  const auto start = Clock::now();
  StreamEvents events;
  events.on_text = [&](absl::string_view t) {
    if (first_text_s < 0) first_text_s = SecondsSince(start);
    pieces.emplace_back(t);
  };
  events.on_heartbeat = [&] { ++heartbeats; };
  events.on_tool = [&](absl::string_view name, bool is_result) {
    tools.push_back(absl::StrCat(is_result ? "result:" : "call:", name));
  };
  absl::StatusOr<MessageResult> result = client->SendMessage(task->session_id, "make it pop", events);
  const double total_s = SecondsSince(start);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->text, "Working on your video.");
  EXPECT_THAT(pieces, ::testing::ElementsAre("Working on your ", "video."));
  EXPECT_THAT(tools, ::testing::ElementsAre("call:edit_timeline", "result:edit_timeline"));
  EXPECT_EQ(heartbeats, 3);
  EXPECT_EQ(result->heartbeats, 3);
  // The first text came as it was sent, not when the stream closed.
  EXPECT_LT(first_text_s, total_s - 0.2);
  const auto runs = fake_.requests_to("/run_sse");
  ASSERT_EQ(runs.size(), 1u);
  const Json body = Json::parse(runs[0].body);
  EXPECT_EQ(body["app_name"], "nemo_agent");
  EXPECT_EQ(body["user_id"], "me");
  EXPECT_EQ(body["session_id"], task->session_id);
  EXPECT_EQ(body["new_message"]["parts"][0]["text"], "make it pop");
  EXPECT_EQ(runs[0].Header("accept"), "text/event-stream");
}

TEST_F(RemoteClientTest, CloseDelimitedStreamAndEventsSplitAcrossWrites) {
  const std::string event = SseText("Hello there.");
  SseScript script;
  script.chunked = false;
  for (size_t i = 0; i < event.size(); i += 7) script.Add(event.substr(i, 7), 1);
  fake_.QueueSse(script);
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  absl::StatusOr<MessageResult> result = client->SendMessage(task->session_id, "hi", {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->text, "Hello there.");
}

TEST_F(RemoteClientTest, TokenExpiringMidSessionIsRenewedOnceAndTheCallRetried) {
  for (int http_status : {200, 401}) {
    fake_.SetJsonErrorHttpStatus(http_status);
    auto client = NewClient();
    auto task = client->CreateSession();
    ASSERT_TRUE(task.ok());
    fake_.ExpireTokens();
    absl::StatusOr<MessageResult> result = client->SendMessage(task->session_id, "hi", {});
    ASSERT_TRUE(result.ok()) << result.status();
    const auto tokens = fake_.issued_tokens();
    ASSERT_GE(tokens.size(), 2u);
    const auto runs = fake_.requests_to("/run_sse");
    EXPECT_EQ(runs.back().BearerToken(), tokens.back());
    EXPECT_NE(runs[runs.size() - 2].BearerToken(), tokens.back());
  }
}

TEST_F(RemoteClientTest, SessionNotFoundIsNotFoundWithItsReason) {
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  fake_.ForgetSessions();
  absl::StatusOr<MessageResult> result = client->SendMessage(task->session_id, "hi", {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetErrorReason(result.status()), kReasonSessionNotFound);
  EXPECT_EQ(client->GetSessionState(task->session_id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RemoteClientTest, OutOfCreditsIsResourceExhaustedWithARegistrationLink) {
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  fake_.SetCredits(0);
  absl::StatusOr<MessageResult> result = client->SendMessage(task->session_id, "hi", {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetErrorReason(result.status()), kReasonOutOfCredits);
  EXPECT_THAT(result.status().message(), HasSubstr("?bind=" + client->client_id()));
  // The same code inside an event stream.
  fake_.SetCredits(10);
  SseScript script;
  script.Add(SseText("Sta", true)).Add("event: error\ndata: {\"code\":2001,\"message\":\"credits\"}\n\n");
  fake_.QueueSse(script);
  result = client->SendMessage(task->session_id, "hi", {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetErrorReason(result.status()), kReasonOutOfCredits);
}

TEST_F(RemoteClientTest, UploadSendsTheFileAsMultipartFieldFiles) {
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  const std::string path = WriteFile("song.mp3", 123457);
  absl::StatusOr<Json> data = client->UploadFile(task->session_id, path);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ((*data)["files"][0]["size"], 123457);
  const auto uploads = fake_.requests_to("/api/upload-video/nemo_agent/me/");
  ASSERT_EQ(uploads.size(), 1u);
  EXPECT_EQ(uploads[0].path, "/api/upload-video/nemo_agent/me/" + task->session_id);
  ASSERT_EQ(uploads[0].parts.size(), 1u);
  const testing_remote::RecordedPart& part = uploads[0].parts[0];
  EXPECT_EQ(part.name, "files");
  EXPECT_EQ(part.file_name, "song.mp3");
  EXPECT_EQ(part.content_type, "audio/mpeg");
  EXPECT_EQ(part.size, 123457);
  std::ifstream in(path, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(part.fnv1a, testing_remote::Fnv1a64(content));
  // By URL.
  data = client->UploadUrl(task->session_id, "https://example.com/a.mp4");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(Json::parse(fake_.requests_to("/api/upload-video/").back().body)["source_type"], "url");
}

TEST_F(RemoteClientTest, UploadRefusalsCarryTheirReasons) {
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  absl::StatusOr<Json> result = client->UploadFile(task->session_id, WriteFile("notes.txt", 100));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorReason(result.status()), kReasonUnsupportedFileType);
  EXPECT_THAT(result.status().message(), HasSubstr("mp4, mov"));

  fake_.SetMaxUploadBytes(1000);
  result = client->UploadFile(task->session_id, WriteFile("clip.mp4", 2000));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorReason(result.status()), kReasonFileTooLarge);
  EXPECT_THAT(result.status().message(), HasSubstr("compress or trim"));

  // Over the documented limit: refused before sending anything.
  RemoteClientOptions options = Options();
  options.max_upload_bytes = 500;
  auto small = NewClient(options);
  const size_t before = fake_.requests_to("/api/upload-video/").size();
  result = small->UploadFile(task->session_id, WriteFile("big.mp4", 501));
  EXPECT_EQ(GetErrorReason(result.status()), kReasonFileTooLarge);
  EXPECT_EQ(fake_.requests_to("/api/upload-video/").size(), before);

  EXPECT_EQ(client->UploadFile(task->session_id, (dir_ / "missing.mp3").string()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RemoteClientTest, FiftyMegabyteUploadStreamsFromDiskInBoundedMemory) {
  constexpr int64_t kBytes = 50ll << 20;
  const std::string path = (dir_ / "long.wav").string();
  uint64_t hash = testing_remote::Fnv1a64("");
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::string block(1 << 20, '\0');
    for (int64_t written = 0; written < kBytes; written += block.size()) {
      for (size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>((written + i) * 2654435761u >> 13);
      hash = testing_remote::Fnv1a64(block, hash);
      std::fwrite(block.data(), 1, block.size(), f);
    }
    std::fclose(f);
  }
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  // Start the peak-RSS measurement here ("5" resets VmHWM to the current RSS).
  { std::ofstream("/proc/self/clear_refs") << "5"; }
  const int64_t rss_before_kib = ProcStatusKib("VmRSS:");
  absl::StatusOr<Json> data = client->UploadFile(task->session_id, path);
  ASSERT_TRUE(data.ok()) << data.status();
  const int64_t peak_kib = ProcStatusKib("VmHWM:");
  const auto part = fake_.requests_to("/api/upload-video/").back().parts.at(0);
  EXPECT_EQ(part.size, kBytes);
  EXPECT_EQ(part.fnv1a, hash);
  // Client and fake together stay far below the file's 50 MB.
  EXPECT_LT(peak_kib - rss_before_kib, 16 * 1024) << "peak " << peak_kib << " KiB, before " << rss_before_kib;
}

TEST_F(RemoteClientTest, CreditsAndSessionState) {
  fake_.SetInitialDraft(SampleDraft());
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  absl::StatusOr<Credits> credits = client->GetCredits();
  ASSERT_TRUE(credits.ok()) << credits.status();
  EXPECT_EQ(credits->available, 100);
  EXPECT_EQ(credits->frozen, 5);
  EXPECT_EQ(credits->total, 105);
  ASSERT_TRUE(client->UploadFile(task->session_id, WriteFile("a.png", 10)).ok());
  absl::StatusOr<SessionState> state = client->GetSessionState(task->session_id);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->draft, SampleDraft());
  ASSERT_TRUE(state->video_infos.is_array());
  EXPECT_EQ(state->video_infos.size(), 1u);
  EXPECT_TRUE(state->generated_media.is_array());
}

TEST_F(RemoteClientTest, ExportPollsUntilCompletedThenDownloads) {
  fake_.SetExportPolls(3);
  fake_.SetExportPayload("not really an mp4, but the right bytes");
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  const std::string out = (dir_ / "out.mp4").string();
  std::vector<std::string> statuses;
  absl::StatusOr<ExportedFile> exported = client->ExportToFile(
      task->session_id, SampleDraft(), out, nullptr, [&](const ExportStatus& s) { statuses.push_back(s.status); });
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->polls, 4);
  EXPECT_THAT(statuses, ::testing::ElementsAre("processing", "processing", "processing", "completed"));
  EXPECT_EQ(exported->bytes, 38);
  std::ifstream in(out, std::ios::binary);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
            "not really an mp4, but the right bytes");
  EXPECT_FALSE(std::filesystem::exists(out + ".part"));
  const auto starts = fake_.requests_to("/api/render/proxy/lambda");
  ASSERT_GE(starts.size(), 5u);
  const Json body = Json::parse(starts[0].body);
  EXPECT_TRUE(absl::StartsWith(body["id"].get<std::string>(), "render_"));
  EXPECT_EQ(body["sessionId"], task->session_id);
  EXPECT_EQ(body["draft"], SampleDraft());
  EXPECT_EQ(body["output"], (Json{{"format", "mp4"}, {"quality", "high"}}));
  for (const char* header : testing_remote::kAttributionHeaders) EXPECT_FALSE(starts[0].Header(header).empty());
}

TEST_F(RemoteClientTest, DownloadFromAnotherOriginGetsNoToken) {
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  absl::StatusOr<ExportedFile> exported = client->ExportToFile(task->session_id, SampleDraft(),
                                                               (dir_ / "a.mp4").string());
  ASSERT_TRUE(exported.ok()) << exported.status();
  // The same server under another name is another origin: no credentials.
  std::string cdn_url = exported->url;
  cdn_url.replace(cdn_url.find("127.0.0.1"), 9, "localhost");
  ASSERT_TRUE(client->DownloadToFile(cdn_url, (dir_ / "b.mp4").string()).ok());
  const auto downloads = fake_.requests_to("/files/");
  ASSERT_EQ(downloads.size(), 2u);
  EXPECT_FALSE(downloads[0].BearerToken().empty());
  EXPECT_TRUE(downloads[1].Header("authorization").empty());
  EXPECT_TRUE(downloads[1].Header("x-skill-source").empty());
}

TEST_F(RemoteClientTest, PlanLimit402IsFailedPreconditionNotCredits) {
  fake_.SetPlanBlocksExport(true);
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  absl::StatusOr<std::string> id = client->StartExport(task->session_id, SampleDraft());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorReason(id.status()), kReasonPlanLimit);
  EXPECT_THAT(id.status().message(), HasSubstr("plan"));
  EXPECT_THAT(id.status().message(), HasSubstr("not a lack of credits"));
}

TEST_F(RemoteClientTest, RateLimit429WaitsAndRetriesOnce) {
  auto client = NewClient();
  ASSERT_TRUE(client->CreateSession().ok());
  fake_.RateLimitNext(1);
  auto start = Clock::now();
  ASSERT_TRUE(client->GetCredits().ok());
  EXPECT_GE(SecondsSince(start), 0.05);
  EXPECT_EQ(fake_.requests_to("/api/credits/").size(), 2u);

  fake_.RateLimitNext(2);
  absl::StatusOr<Credits> credits = client->GetCredits();
  EXPECT_EQ(credits.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorReason(credits.status()), kReasonRateLimited);
  EXPECT_EQ(fake_.requests_to("/api/credits/").size(), 4u);
}

TEST_F(RemoteClientTest, CancelAbortsAnOpenStreamWithinASecond) {
  SseScript script;
  script.Add(SseText("Starting.")).hold_open = true;
  fake_.QueueSse(script);
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  std::atomic<bool> cancelled{false};
  Clock::time_point cancel_time;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    cancel_time = Clock::now();
    cancelled = true;
  });
  StreamEvents events;
  std::string text;
  events.on_text = [&](absl::string_view t) { text += std::string(t); };
  absl::StatusOr<MessageResult> result =
      client->SendMessage(task->session_id, "hi", events, [&] { return cancelled.load(); });
  const double latency_s = std::chrono::duration<double>(Clock::now() - cancel_time).count();
  canceller.join();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(text, "Starting.");
  EXPECT_LT(latency_s, 1.0);
  // The server sees the connection go.
  for (int i = 0; i < 100 && fake_.stream_disconnects() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(fake_.stream_disconnects(), 1);
}

TEST_F(RemoteClientTest, StreamTimeoutIsDeadlineExceeded) {
  SseScript script;
  script.Add(SseHeartbeat()).hold_open = true;
  fake_.QueueSse(script);
  RemoteClientOptions options = Options();
  options.stream_timeout = absl::Milliseconds(300);
  auto client = NewClient(options);
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  EXPECT_EQ(client->SendMessage(task->session_id, "hi", {}).status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(RemoteClientTest, TokensNeverAppearInMessagesLogsOrOtherHeaders) {
  auto client = NewClient();
  auto task = client->CreateSession();
  ASSERT_TRUE(task.ok());
  std::vector<std::string> texts;
  auto note = [&](const absl::Status& s) { texts.push_back(s.ToString()); };
  // Success paths, then every failure mode.
  fake_.QueueSse(SseScript().Add(SseText("Fine.")));
  auto reply = client->SendMessage(task->session_id, "hi", {});
  ASSERT_TRUE(reply.ok());
  texts.push_back(reply->text);
  fake_.ExpireTokens();
  note(client->GetCredits().status());
  fake_.RateLimitNext(2);
  note(client->GetCredits().status());
  note(client->UploadFile(task->session_id, WriteFile("x.txt", 10)).status());
  fake_.SetPlanBlocksExport(true);
  note(client->StartExport(task->session_id, SampleDraft()).status());
  fake_.SetCredits(0);
  note(client->SendMessage(task->session_id, "hi", {}).status());
  fake_.ForgetSessions();
  note(client->GetSessionState(task->session_id).status());
  // An error message that would quote a token is redacted.
  const std::string token = fake_.issued_tokens().back();
  texts.push_back(client->Redact("Bearer " + token));
  for (const std::string& line : LogLines()) texts.push_back(line);
  ASSERT_GE(fake_.issued_tokens().size(), 2u);
  for (const std::string& issued : fake_.issued_tokens()) {
    for (const std::string& text : texts) EXPECT_THAT(text, Not(HasSubstr(issued)));
    for (const auto& request : fake_.requests()) {
      for (const auto& [name, value] : request.headers) {
        if (name != "authorization") EXPECT_THAT(value, Not(HasSubstr(issued))) << name;
      }
      EXPECT_THAT(request.target, Not(HasSubstr(issued)));
      EXPECT_THAT(request.body, Not(HasSubstr(issued)));
    }
  }
  EXPECT_FALSE(LogLines().empty());  // the renewals and the 429 were logged, redacted
}

}  // namespace
}  // namespace beatframe::remote
