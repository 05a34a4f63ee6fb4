// UploadMedia through the real server: a good MP3 becomes an Asset with the
// right fields; every way of refusing an upload gives the specific code and
// leaves no file in the data dir.
#include <chrono>
#include <thread>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class UploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options = TestServerOptions(data_.path());
    options.max_upload_bytes = 3'000'000;
    server_ = std::make_unique<TestServer>(options);
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
    mp3_ = ReadFileBytes(WriteDrumMp3(scratch_.path(), 5.0, 120.0));
    ASSERT_GT(mp3_.size(), 10'000u);
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }
  // The data dir holds nothing but the database (and empty session dirs).
  void ExpectNoMediaFiles() { EXPECT_THAT(MediaFilesUnder(data_.path()), IsEmpty()); }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
  std::string mp3_;
};

TEST_F(UploadTest, Mp3BecomesAssetWithItsProperties) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "music/drums.mp3", mp3_, &asset, 64 << 10, Sha256Hex(mp3_));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(asset.asset_id().empty());
  EXPECT_EQ(asset.session_id(), session_);
  EXPECT_EQ(asset.kind(), v1::ASSET_KIND_AUDIO);
  EXPECT_EQ(asset.file_name(), "drums.mp3");  // base name only
  EXPECT_EQ(asset.format(), "mp3");
  EXPECT_EQ(asset.codec(), "mp3");
  EXPECT_NEAR(asset.duration_s(), 5.0, 0.2);
  EXPECT_EQ(asset.sample_rate_hz(), 44100);
  EXPECT_EQ(asset.channels(), 2);
  EXPECT_EQ(asset.size_bytes(), static_cast<int64_t>(mp3_.size()));
  EXPECT_EQ(asset.sha256(), Sha256Hex(mp3_));
  EXPECT_EQ(asset.tags().title(), "Test Groove");
  EXPECT_EQ(asset.tags().artist(), "Synth");
  // Stored once, under the session's assets, nowhere else.
  const auto files = MediaFilesUnder(data_.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_THAT(files[0], HasSubstr("/sessions/" + session_ + "/assets/" + asset.asset_id()));
  EXPECT_EQ(ReadFileBytes(files[0]), mp3_);
}

TEST_F(UploadTest, PngNamedMp3IsRefusedWithTheAcceptedFormats) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0\x90\x91\x68\x36", 25);
  png += std::string(2000, '\x42');
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "cover.mp3", png, &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("cover.mp3"));
  EXPECT_THAT(status.error_message(), HasSubstr("MP3"));
  EXPECT_THAT(status.error_message(), HasSubstr("WAV"));
  EXPECT_THAT(status.error_message(), HasSubstr("FLAC"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, EmptyFileIsInvalidArgument) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "empty.mp3", "", &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("empty"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, TruncatedMp3IsInvalidArgument) {
  // The ID3 tag and a sliver of the first frame: nothing playable.
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "cut.mp3", mp3_.substr(0, 300), &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("cut.mp3"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, ChunkBeforeHeaderIsFailedPrecondition) {
  grpc::ClientContext context;
  v1::Asset asset;
  auto writer = stub().UploadMedia(&context, &asset);
  v1::UploadMediaRequest request;
  request.set_chunk(mp3_.substr(0, 1000));
  writer->Write(request);
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("header"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, UnknownSessionIsNotFound) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), "0123456789abcdef", "drums.mp3", mp3_, &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("0123456789abcdef"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, OversizedChunkIsInvalidArgument) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "big.mp3", std::string((1 << 20) + 1, 'x'), &asset,
                                     (1 << 20) + 1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("1 MiB"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, WrongSha256IsDataLoss) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "drums.mp3", mp3_, &asset, 1 << 20, std::string(64, '0'));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS);
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, DeclaredSizeOverLimitIsRefusedAtOnce) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::Asset asset;
  auto writer = stub().UploadMedia(&context, &asset);
  v1::UploadMediaRequest request;
  request.mutable_header()->set_session_id(session_);
  request.mutable_header()->set_file_name("huge.wav");
  request.mutable_header()->set_declared_size_bytes(4'000'000);
  ASSERT_TRUE(writer->Write(request));
  // The server answers the header alone; no chunk is needed to get the status.
  writer->WaitForInitialMetadata();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("3 MB limit"));
  EXPECT_THAT(status.error_message(), HasSubstr("compress or trim"));
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, StreamOverLimitIsRefusedAsSoonAsItPassesTheLimit) {
  // 4 MiB with no declared size against a 3 MB limit: the third chunk passes it.
  const std::string body(4 << 20, '\x55');
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::Asset asset;
  auto writer = stub().UploadMedia(&context, &asset);
  v1::UploadMediaRequest request;
  request.mutable_header()->set_session_id(session_);
  request.mutable_header()->set_file_name("long.wav");
  ASSERT_TRUE(writer->Write(request));
  int chunks_written = 0;
  for (int i = 0; i < 3; ++i) {
    request.set_chunk(body.substr(static_cast<size_t>(i) << 20, 1 << 20));
    if (writer->Write(request)) ++chunks_written;
  }
  // The server must end the call now, before the last chunk: waiting for its
  // answer here would hit the deadline if it waited for the whole body.
  writer->WaitForInitialMetadata();
  request.set_chunk(body.substr(3 << 20));
  if (writer->Write(request)) ++chunks_written;
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("exceeds the 3 MB limit; compress or trim it and try again"));
  EXPECT_LT(chunks_written, 4);
  // The temp file went with the refusal, not later.
  ExpectNoMediaFiles();
}

TEST_F(UploadTest, ClientCancellingMidUploadLeavesNoFile) {
  grpc::ClientContext context;
  v1::Asset asset;
  auto writer = stub().UploadMedia(&context, &asset);
  v1::UploadMediaRequest request;
  request.mutable_header()->set_session_id(session_);
  request.mutable_header()->set_file_name("drums.mp3");
  ASSERT_TRUE(writer->Write(request));
  request.set_chunk(mp3_.substr(0, 20'000));
  ASSERT_TRUE(writer->Write(request));
  // Wait until the server has the partial upload on disk, so the test proves cleanup.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (MediaFilesUnder(data_.path() + "/tmp").empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(MediaFilesUnder(data_.path() + "/tmp").size(), 1u);
  context.TryCancel();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  while (!MediaFilesUnder(data_.path()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ExpectNoMediaFiles();
  // The server is still fine afterwards.
  const grpc::Status status = Upload(stub(), session_, "drums.mp3", mp3_, &asset);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace beatframe::service::testing
