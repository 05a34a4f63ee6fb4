// Text through the real server: .lrc/.srt uploads become lyrics assets (or
// are refused with the bad line), and Generate takes a title, captions and a
// lyrics asset, checking them before it starts a job.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kLrc[] = "[ti:Test]\n[00:00.50]first line\n[00:01.50]\xE5\xA4\x9C\xE3\x81\xAE\xE8\xA1\x97\n";
constexpr char kSrt[] = "1\n00:00:00,500 --> 00:00:01,250\nHello\n\n2\n00:00:01,500 --> 00:00:02,000\nagain\n";

class TextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(TestServerOptions(data_.path()));
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }
  std::string UploadAudio() {
    v1::Asset asset;
    const grpc::Status status =
        Upload(stub(), session_, "drums.mp3", ReadFileBytes(WriteDrumMp3(scratch_.path(), 3.0, 120.0)), &asset);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return asset.asset_id();
  }
  std::string UploadLyrics() {
    v1::Asset asset;
    const grpc::Status status = Upload(stub(), session_, "words.lrc", kLrc, &asset);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return asset.asset_id();
  }
  grpc::Status Generate(const v1::GenerateRequest& request) {
    std::vector<v1::JobEvent> events;
    return GenerateAll(stub(), request, &events);
  }
  v1::GenerateRequest Request(const std::string& audio_id) const {
    v1::GenerateRequest request;
    request.set_session_id(session_);
    request.set_prompt("neon");
    request.add_asset_ids(audio_id);
    return request;
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
};

TEST_F(TextTest, LrcAndSrtUploadsBecomeLyricsAssets) {
  v1::Asset lrc;
  ASSERT_TRUE(Upload(stub(), session_, "Words.LRC", kLrc, &lrc).ok());
  EXPECT_EQ(lrc.kind(), v1::ASSET_KIND_LYRICS);
  EXPECT_EQ(lrc.format(), "lrc");
  EXPECT_EQ(lrc.file_name(), "Words.LRC");
  EXPECT_DOUBLE_EQ(lrc.duration_s(), 1.5 + 6.0);  // the last line shows for the 6 s cap
  EXPECT_EQ(lrc.size_bytes(), static_cast<int64_t>(sizeof(kLrc) - 1));
  EXPECT_EQ(lrc.sha256(), Sha256Hex(kLrc));
  EXPECT_EQ(lrc.sample_rate_hz(), 0);

  v1::Asset srt;
  ASSERT_TRUE(Upload(stub(), session_, "subs.srt", kSrt, &srt).ok());
  EXPECT_EQ(srt.kind(), v1::ASSET_KIND_LYRICS);
  EXPECT_EQ(srt.format(), "srt");
  EXPECT_DOUBLE_EQ(srt.duration_s(), 2.0);
}

TEST_F(TextTest, BadLyricsAreRefusedNamingTheLine) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "bad.lrc", "[00:01.00]ok\n[00:xx.00]broken\n", &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("'bad.lrc': line 2"));
  EXPECT_THAT(MediaFilesUnder(data_.path()), IsEmpty());
}

TEST_F(TextTest, LyricsOverOneMegabyteAreRefused) {
  v1::Asset asset;
  const std::string big = "[00:01.00]" + std::string(1'000'000, 'a') + "\n";
  const grpc::Status status = Upload(stub(), session_, "huge.srt", big, &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("1 MB limit"));
  EXPECT_THAT(MediaFilesUnder(data_.path()), IsEmpty());
}

TEST_F(TextTest, GenerateChecksTheTextBeforeStartingAJob) {
  const std::string audio = UploadAudio();
  const std::string lyrics = UploadLyrics();
  {
    v1::GenerateRequest request = Request(audio);
    v1::Caption* caption = request.add_captions();
    caption->set_text("backwards");
    caption->set_start_s(2.0);
    caption->set_end_s(1.0);
    const grpc::Status status = Generate(request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("caption 1"));
  }
  {
    v1::GenerateRequest request = Request(audio);
    request.set_lyrics_asset_id(audio);
    const grpc::Status status = Generate(request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("not a lyrics file"));
  }
  {
    v1::GenerateRequest request = Request(audio);
    request.set_lyrics_asset_id("feedfacefeedface");
    EXPECT_EQ(Generate(request).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    v1::GenerateRequest request = Request(audio);
    request.set_title(std::string(201, 'x'));
    EXPECT_EQ(Generate(request).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    v1::GenerateRequest request = Request(lyrics);  // lyrics but no audio
    EXPECT_EQ(Generate(request).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
}

TEST_F(TextTest, GenerateWithTitleCaptionsAndLyricsRenders) {
  const std::string audio = UploadAudio();
  v1::GenerateRequest request = Request(audio);
  request.set_title("\xE5\xA4\x9C\xE3\x81\xAE\xE8\xA1\x97 \xF0\x9F\x8E\xB5");  // 夜の街 🎵
  v1::Caption* caption = request.add_captions();
  caption->set_text("Hello \xF0\x9F\x94\xA5");
  caption->set_start_s(0.5);
  caption->set_end_s(1.5);
  request.set_lyrics_asset_id(UploadLyrics());
  request.add_asset_ids(request.lyrics_asset_id());  // lyrics among the assets do not replace the soundtrack
  std::vector<v1::JobEvent> events;
  const grpc::Status status = GenerateAll(stub(), request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_FALSE(events.empty());
  ASSERT_TRUE(events.back().has_result()) << events.back().DebugString();
  EXPECT_NEAR(events.back().result().duration_s(), 3.0, 0.1);
}

}  // namespace
}  // namespace beatframe::service::testing
