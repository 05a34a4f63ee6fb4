// Analyze through the real server: tempo and beats of a synthesized groove
// with known ground truth, and clear errors for tracks that cannot be decoded.
#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;

class AnalyzeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(TestServerOptions(data_.path()));
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(*server_->stub);
  }
  grpc::Status Analyze(const std::string& asset_id, v1::AnalyzeResponse* response) {
    grpc::ClientContext context;
    v1::AnalyzeRequest request;
    request.set_session_id(session_);
    request.set_asset_id(asset_id);
    return server_->stub->Analyze(&context, request, response);
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
};

TEST_F(AnalyzeTest, FindsTheSynthesizedTempoAndBeats) {
  constexpr double kBpm = 128.0;
  constexpr double kSeconds = 6.0;
  v1::Asset asset;
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), kSeconds, kBpm));
  ASSERT_TRUE(Upload(*server_->stub, session_, "groove.mp3", mp3, &asset).ok());

  v1::AnalyzeResponse response;
  const grpc::Status status = Analyze(asset.asset_id(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NEAR(response.tempo_bpm(), kBpm, 2.0);
  EXPECT_NEAR(response.duration_s(), kSeconds, 0.2);
  const auto& beats = response.beat_times_s();
  ASSERT_GE(beats.size(), 8);
  EXPECT_TRUE(std::is_sorted(beats.begin(), beats.end()));
  EXPECT_GE(beats[0], 0.0);
  EXPECT_LE(beats[beats.size() - 1], kSeconds);
  std::vector<double> gaps;
  for (int i = 1; i < beats.size(); ++i) gaps.push_back(beats[i] - beats[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  EXPECT_NEAR(gaps[gaps.size() / 2], 60.0 / kBpm, 0.02);
  EXPECT_TRUE(std::is_sorted(response.downbeat_times_s().begin(), response.downbeat_times_s().end()));
}

TEST_F(AnalyzeTest, Mp3CutInHalfStillAnalyses) {
  // A file cut short decodes up to the cut; the server must not choke on it.
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 6.0, 120.0));
  v1::Asset asset;
  const grpc::Status uploaded = Upload(*server_->stub, session_, "half.mp3", mp3.substr(0, mp3.size() / 2), &asset);
  ASSERT_TRUE(uploaded.ok()) << uploaded.error_message();
  v1::AnalyzeResponse response;
  const grpc::Status status = Analyze(asset.asset_id(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NEAR(response.duration_s(), 3.0, 0.5);
  EXPECT_NEAR(response.tempo_bpm(), 120.0, 2.0);
}

TEST_F(AnalyzeTest, UnknownSessionIsNotFound) {
  grpc::ClientContext context;
  v1::AnalyzeRequest request;
  request.set_session_id("1111222233334444");
  request.set_asset_id("abcdef");
  v1::AnalyzeResponse response;
  const grpc::Status status = server_->stub->Analyze(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("session '1111222233334444' not found"));
}

}  // namespace
}  // namespace beatframe::service::testing
