// Load: 20 clients at once, each with its own token and session, upload a
// 20-second track, render it (720p) and download the result, against one
// server with 2 render workers. Every render must succeed and come back intact: nothing
// lost, nothing mixed up between sessions.
#include <filesystem>
#include <set>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

constexpr int kClients = 20;
constexpr double kTrackSeconds = 20.0;

struct ClientOutcome {
  std::string session;
  std::string output_id;
  std::string error;  // empty on success
  int64_t size_bytes = 0;
};

ClientOutcome RunClient(TestServer& server, const std::string& mp3) {
  ClientOutcome outcome;
  TestServer::Client client = server.NewClient();
  if (client.token.empty()) return {.error = "no token"};
  outcome.session = CreateSession(*client.stub);
  v1::Asset asset;
  grpc::Status status = Upload(*client.stub, outcome.session, "track.mp3", mp3, &asset);
  if (!status.ok()) return {.error = "upload: " + status.error_message()};
  v1::GenerateRequest request;
  request.set_session_id(outcome.session);
  request.add_asset_ids(asset.asset_id());
  // 720p keeps 20 renders of 20 s within about two minutes on 2 cores; the
  // service path (tokens, queueing, storage, streams) is the same as at 1080p.
  request.set_resolution(v1::RESOLUTION_720P);
  // Waiting in the queue behind up to 19 renders takes a while on a busy
  // machine; what matters here is that every job ends, and well.
  std::vector<v1::JobEvent> events;
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(9));
    auto reader = client.stub->Generate(&context, request);
    v1::JobEvent event;
    while (reader->Read(&event)) events.push_back(event);
    status = reader->Finish();
  }
  if (!status.ok() || events.empty() || !events.back().has_result()) {
    return {.error = "generate: " + status.error_message()};
  }
  const v1::RenderResult& result = events.back().result();
  v1::DownloadHeader header;
  std::string bytes;
  status = DownloadAll(*client.stub, outcome.session, result.output_id(), &header, &bytes);
  if (!status.ok()) return {.error = "download: " + status.error_message()};
  if (Sha256Hex(bytes) != result.sha256() || static_cast<int64_t>(bytes.size()) != result.size_bytes()) {
    return {.error = "download does not match the result"};
  }
  outcome.output_id = result.output_id();
  outcome.size_bytes = result.size_bytes();
  return outcome;
}

TEST(ManyClientsTest, TwentyClientsRenderAtOnceAndAllSucceed) {
  TempDir data;
  TempDir scratch;
  ServerOptions options = TestServerOptions(data.path());
  options.render_workers = 2;
  options.analyze_workers = 2;
  TestServer server(options);
  ASSERT_NE(server.stub, nullptr);
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch.path(), kTrackSeconds, 120.0));

  const absl::Time start = absl::Now();
  std::vector<ClientOutcome> outcomes(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] { outcomes[i] = RunClient(server, mp3); });
  }
  for (std::thread& thread : threads) thread.join();
  std::printf("%d clients x %.0f s tracks: %.1f s\n", kClients, kTrackSeconds,
              absl::ToDoubleSeconds(absl::Now() - start));

  std::set<std::string> sessions, outputs;
  for (int i = 0; i < kClients; ++i) {
    EXPECT_TRUE(outcomes[i].error.empty()) << "client " << i << ": " << outcomes[i].error;
    sessions.insert(outcomes[i].session);
    outputs.insert(outcomes[i].output_id);
    // Exactly one video in each session's outputs, the one it was told about.
    const std::vector<std::string> files =
        MediaFilesUnder(data.path() + "/sessions/" + outcomes[i].session + "/outputs");
    ASSERT_EQ(files.size(), 1u) << "client " << i;
    EXPECT_EQ(std::filesystem::path(files[0]).filename(), outcomes[i].output_id + ".mp4");
  }
  EXPECT_EQ(sessions.size(), static_cast<size_t>(kClients));
  EXPECT_EQ(outputs.size(), static_cast<size_t>(kClients));
  // Decode two of them completely: real videos of the track's length.
  for (int i : {0, kClients - 1}) {
    const VideoInfo info = ProbeVideoFile(data.path() + "/sessions/" + outcomes[i].session + "/outputs/" +
                                          outcomes[i].output_id + ".mp4");
    EXPECT_TRUE(info.opened);
    EXPECT_EQ(info.height, 720);
    EXPECT_TRUE(info.has_audio);
    EXPECT_NEAR(info.duration_s, kTrackSeconds, 0.5);
    EXPECT_GE(info.decoded_frames, static_cast<int64_t>((kTrackSeconds - 1) * 30));
  }
}

}  // namespace
}  // namespace beatframe::service::testing
