// The Prometheus endpoint: the HTTP answers of the tiny server (404, 405,
// HEAD, bad and oversized requests), and a real server scraped over loopback
// before and after an upload and a render, parsed strictly as the text
// exposition format, with the counters, the histogram and the gauges checked.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/metrics_http_server.h"
#include "service/metrics_registry.h"
#include "tests/ops/ops_test_util.h"
#include "tests/service/service_test_util.h"

namespace beatframe::ops::testing {
namespace {

using service::testing::TempDir;
using service::testing::TestServer;
using service::testing::TestServerOptions;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::unique_ptr<service::MetricsHttpServer> StartFixedTextServer() {
  auto server = service::MetricsHttpServer::Start("127.0.0.1", 0, [] { return std::string("up 1\n"); });
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

TEST(MetricsHttpServerTest, ServesMetricsAndRefusesEverythingElse) {
  auto server = StartFixedTextServer();
  ASSERT_NE(server, nullptr);
  ASSERT_GT(server->port(), 0);

  absl::StatusOr<HttpResponse> metrics = HttpRequest(server->port(), "GET", "/metrics?debug=1");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics->body, "up 1\n");

  absl::StatusOr<HttpResponse> head = HttpRequest(server->port(), "HEAD", "/metrics");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-length"], "5");
  EXPECT_EQ(head->body, "");

  absl::StatusOr<HttpResponse> other = HttpRequest(server->port(), "GET", "/");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->status, 404);

  absl::StatusOr<HttpResponse> post = HttpRequest(server->port(), "POST", "/metrics");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->headers["allow"], "GET, HEAD");

  absl::StatusOr<std::string> garbage = HttpExchange(server->port(), "hello\r\n\r\n");
  ASSERT_TRUE(garbage.ok()) << garbage.status();
  EXPECT_THAT(*garbage, StartsWith("HTTP/1.1 400 "));

  absl::StatusOr<std::string> huge =
      HttpExchange(server->port(), absl::StrCat("GET /metrics HTTP/1.1\r\nX-Big: ", std::string(20000, 'x'), "\r\n\r\n"));
  ASSERT_TRUE(huge.ok()) << huge.status();
  EXPECT_THAT(*huge, StartsWith("HTTP/1.1 431 "));

  // A client that connects and says nothing is dropped after a timeout, and
  // the server keeps answering others.
  const int silent = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(server->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(silent, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  absl::StatusOr<HttpResponse> after = HttpRequest(server->port(), "GET", "/metrics");
  close(silent);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->status, 200);

  server->Stop();
  EXPECT_FALSE(HttpRequest(server->port(), "GET", "/metrics").ok());
}

TEST(MetricsHttpServerTest, BusyPortIsUnavailable) {
  auto first = StartFixedTextServer();
  ASSERT_NE(first, nullptr);
  auto second = service::MetricsHttpServer::Start("127.0.0.1", first->port(), [] { return std::string(); });
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

TEST(ExpositionParserTest, RejectsMalformedText) {
  // The parser is what the scrape test relies on: it must fail on bad text.
  EXPECT_TRUE(ParseExposition("# TYPE a counter\na 1\n").ok());
  EXPECT_FALSE(ParseExposition("a 1\n").ok());                                  // no TYPE
  EXPECT_FALSE(ParseExposition("# TYPE a counter\na -1\n").ok());               // negative counter
  EXPECT_FALSE(ParseExposition("# TYPE a gauge\na{x=\"1} 2\n").ok());           // unterminated label
  EXPECT_FALSE(ParseExposition("# TYPE a gauge\na one\n").ok());                // bad value
  EXPECT_FALSE(ParseExposition("# TYPE a gauge\na 1").ok());                    // no final newline
  EXPECT_FALSE(ParseExposition("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                               "h_sum 1\nh_count 1\n").ok());                   // not cumulative
}

TEST(ServerMetricsTest, ScrapeCountsUploadsAndRendersAndIsWellFormed) {
  TempDir dir;
  service::ServerOptions options = TestServerOptions(dir.path());
  options.metrics_port = 0;
  TestServer server(options);
  const int port = server.server->metrics_port();
  ASSERT_GT(port, 0);

  auto scrape = [port]() -> Exposition {
    absl::StatusOr<HttpResponse> response = HttpRequest(port, "GET", "/metrics");
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return {};
    EXPECT_EQ(response->status, 200);
    absl::StatusOr<Exposition> parsed = ParseExposition(response->body);
    EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << response->body;
    return parsed.ok() ? *parsed : Exposition{};
  };
  const Exposition before = scrape();
  for (const char* family : {"beatframe_jobs", "beatframe_job_queue_depth", "beatframe_jobs_started_total",
                             "beatframe_jobs_finished_total", "beatframe_render_seconds", "beatframe_uploads_total",
                             "beatframe_uploaded_bytes_total", "beatframe_draining", "process_cpu_seconds_total",
                             "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds"}) {
    EXPECT_EQ(before.types.count(family), 1u) << family;
  }
  EXPECT_EQ(before.types.at("beatframe_render_seconds"), "histogram");
  EXPECT_EQ(before.Value("beatframe_draining"), 0);
  EXPECT_GT(before.Value("process_resident_memory_bytes"), 1e6);

  const std::string session = service::testing::CreateSession(*server.stub);
  const std::string mp3 =
      service::testing::ReadFileBytes(service::testing::WriteDrumMp3(dir.path(), 3.0, 120.0));
  v1::Asset asset;
  ASSERT_TRUE(service::testing::Upload(*server.stub, session, "drums.mp3", mp3, &asset).ok());
  v1::GenerateRequest request;
  request.set_session_id(session);
  request.add_asset_ids(asset.asset_id());
  request.set_resolution(v1::RESOLUTION_720P);
  std::vector<v1::JobEvent> events;
  const grpc::Status generated = service::testing::GenerateAll(*server.stub, request, &events);
  ASSERT_TRUE(generated.ok()) << generated.error_message();
  ASSERT_FALSE(events.empty());
  ASSERT_TRUE(events.back().has_result());

  // The final event goes out just before the job manager drops the job from
  // its live set, so the gauges may lag the stream's end by a moment.
  Exposition after = scrape();
  for (int i = 0; i < 100 && after.Value("beatframe_jobs{state=\"running\"}") != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = scrape();
  }
  auto delta = [&](const std::string& series) { return after.Value(series) - before.Value(series); };
  EXPECT_EQ(delta("beatframe_uploads_total"), 1);
  EXPECT_EQ(delta("beatframe_uploaded_bytes_total"), static_cast<double>(mp3.size()));
  EXPECT_EQ(delta("beatframe_jobs_started_total"), 1);
  EXPECT_EQ(delta("beatframe_jobs_finished_total{state=\"done\"}"), 1);
  EXPECT_EQ(delta("beatframe_jobs_finished_total{state=\"failed\"}"), 0);
  EXPECT_EQ(delta("beatframe_render_seconds_count"), 1);
  EXPECT_GT(delta("beatframe_render_seconds_sum"), 0.0);
  EXPECT_LT(delta("beatframe_render_seconds_sum"), 300.0);
  EXPECT_EQ(delta("beatframe_render_seconds_bucket{le=\"+Inf\"}"), 1);
  EXPECT_EQ(after.Value("beatframe_jobs{state=\"queued\"}"), 0);
  EXPECT_EQ(after.Value("beatframe_jobs{state=\"running\"}"), 0);
  EXPECT_EQ(after.Value("beatframe_job_queue_depth"), 0);
  EXPECT_GE(after.Value("process_cpu_seconds_total"), before.Value("process_cpu_seconds_total"));
}

TEST(ServerMetricsTest, NoEndpointUnlessAsked) {
  TempDir dir;
  TestServer server(TestServerOptions(dir.path()));
  EXPECT_EQ(server.server->metrics_port(), 0);
}

}  // namespace
}  // namespace beatframe::ops::testing
