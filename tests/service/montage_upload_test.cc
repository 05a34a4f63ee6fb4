// Photos and clips through the real server: UploadMedia recognises a PNG and
// an MP4 clip by their content (kind, format, size), refuses a text file
// named .png with INVALID_ARGUMENT and leaves nothing behind, and Generate
// with a track, the photo and the clip renders the montage.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/media/visual_media_writer.h"
#include "service/sqlite_db.h"
#include "service/proto_convert.h"
#include "service/storage.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;

class MontageUploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(TestServerOptions(data_.path()));
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }

  v1::Asset UploadOk(const std::string& name, const std::string& bytes) {
    v1::Asset asset;
    const grpc::Status status = Upload(stub(), session_, name, bytes, &asset);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return asset;
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
};

TEST_F(MontageUploadTest, PhotoAndClipBecomeAssetsAndAMontageRenders) {
  const std::string png_path = scratch_.path() + "/photo.png";
  ASSERT_TRUE(beatframe::testing::WriteImage(png_path, beatframe::testing::ImageFormat::kPng, 320, 200,
                                             beatframe::testing::TexturedColor(200, 60, 40))
                  .ok());
  const std::string clip_path = scratch_.path() + "/clip.mp4";
  beatframe::testing::ClipSpec clip;
  clip.tone_hz = 880.0;  // a clip with its own sound, which the render ignores
  ASSERT_TRUE(beatframe::testing::WriteClip(clip_path, clip, beatframe::testing::TexturedColor(40, 80, 200)).ok());

  const v1::Asset photo = UploadOk("holiday/photo.png", ReadFileBytes(png_path));
  EXPECT_EQ(photo.kind(), v1::ASSET_KIND_IMAGE);
  EXPECT_EQ(photo.format(), "png");
  EXPECT_EQ(photo.width(), 320);
  EXPECT_EQ(photo.height(), 200);
  EXPECT_EQ(photo.sample_rate_hz(), 0);
  // A clip under a name that says nothing: the content decides.
  const v1::Asset video = UploadOk("clip.bin", ReadFileBytes(clip_path));
  EXPECT_EQ(video.kind(), v1::ASSET_KIND_VIDEO);
  EXPECT_EQ(video.format(), "mp4");
  EXPECT_EQ(video.codec(), "h264");
  EXPECT_EQ(video.width(), 160);
  EXPECT_EQ(video.height(), 90);
  EXPECT_NEAR(video.duration_s(), 1.0, 0.1);
  const v1::Asset track = UploadOk("drums.mp3", ReadFileBytes(WriteDrumMp3(scratch_.path(), 4.0, 120.0)));
  EXPECT_EQ(track.kind(), v1::ASSET_KIND_AUDIO);
  EXPECT_EQ(track.width(), 0);

  // Only pictures: no soundtrack.
  v1::GenerateRequest request;
  request.set_session_id(session_);
  request.set_prompt("my holiday, every beat");
  request.add_asset_ids(photo.asset_id());
  request.add_asset_ids(video.asset_id());
  std::vector<v1::JobEvent> events;
  grpc::Status status = GenerateAll(stub(), request, &events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();

  // The track may come anywhere in the list; the pictures keep their order.
  request.add_asset_ids(track.asset_id());
  events.clear();
  status = GenerateAll(stub(), request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_FALSE(events.empty());
  ASSERT_TRUE(events.back().has_result()) << events.back().DebugString();
  const v1::RenderResult& result = events.back().result();
  EXPECT_NEAR(result.duration_s(), 4.0, 0.1);
  v1::DownloadHeader header;
  std::string bytes;
  status = DownloadAll(stub(), session_, result.output_id(), &header, &bytes);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string out = scratch_.path() + "/montage.mp4";
  std::ofstream(out, std::ios::binary) << bytes;
  const VideoInfo info = ProbeVideoFile(out);
  EXPECT_TRUE(info.opened);
  EXPECT_TRUE(info.has_audio);
  EXPECT_EQ(info.width, 1920);
  EXPECT_NEAR(info.duration_s, 4.0, 0.1);
}

TEST_F(MontageUploadTest, RefusesATextFileNamedLikeAPictureAndKeepsNothing) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "photo.png", "this is not a picture at all\n", &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("photo.png"));
  EXPECT_THAT(status.error_message(), HasSubstr("JPEG, PNG, WebP, GIF"));
  EXPECT_THAT(MediaFilesUnder(data_.path()), ::testing::IsEmpty());
  // A truncated clip is refused too.
  const std::string clip_path = scratch_.path() + "/clip.mkv";
  beatframe::testing::ClipSpec clip;
  clip.format = beatframe::testing::ClipFormat::kMkvH264;
  ASSERT_TRUE(beatframe::testing::WriteClip(clip_path, clip, beatframe::testing::TexturedColor(1, 2, 3)).ok());
  const std::string head = ReadFileBytes(clip_path).substr(0, 200);
  const grpc::Status cut = Upload(stub(), session_, "clip.mkv", head, &asset);
  EXPECT_EQ(cut.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << cut.error_message();
  EXPECT_THAT(MediaFilesUnder(data_.path()), ::testing::IsEmpty());
}

// A database from before images existed gains the kind, width and height
// columns on open; its old rows read as audio (or lyrics) with no size.
TEST(MontageStorageTest, OlderDatabaseGetsTheNewAssetColumns) {
  TempDir dir;
  {
    absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(dir.path() + "/beatframe.db");
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)->ExecScript(R"sql(
      CREATE TABLE sessions (session_id TEXT PRIMARY KEY, label TEXT NOT NULL, created_unix_ms INTEGER NOT NULL);
      CREATE TABLE assets (asset_id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(session_id),
        file_name TEXT NOT NULL, format TEXT NOT NULL, codec TEXT NOT NULL, duration_s REAL NOT NULL,
        sample_rate_hz INTEGER NOT NULL, channels INTEGER NOT NULL, size_bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL, title TEXT NOT NULL, artist TEXT NOT NULL, album TEXT NOT NULL,
        path TEXT NOT NULL, created_unix_ms INTEGER NOT NULL);
      INSERT INTO sessions VALUES ('s1', 'old', 1);
      INSERT INTO assets VALUES ('a1', 's1', 'song.mp3', 'mp3', 'mp3', 5.0, 44100, 2, 1000, 'x', '', '', '',
        '/nowhere/song.mp3', 1);
    )sql").ok());
  }
  absl::StatusOr<std::unique_ptr<Storage>> storage = Storage::Open(dir.path());
  ASSERT_TRUE(storage.ok()) << storage.status();
  absl::StatusOr<AssetRecord> old = (*storage)->GetAsset("s1", "a1");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->kind, "");
  EXPECT_EQ(old->width, 0);
  EXPECT_EQ(AssetToProto(*old).kind(), v1::ASSET_KIND_AUDIO);
  // And a new image row round-trips.
  const std::string temp = (*storage)->NewTempPath("test");
  std::ofstream(temp) << "x";
  AssetRecord image;
  image.asset_id = "a2";
  image.session_id = "s1";
  image.file_name = "p.png";
  image.format = "png";
  image.kind = kAssetKindImage;
  image.width = 640;
  image.height = 480;
  std::filesystem::create_directories(dir.path() + "/sessions/s1/assets");
  const absl::StatusOr<AssetRecord> committed = (*storage)->CommitAsset(temp, image);
  ASSERT_TRUE(committed.ok()) << committed.status();
  absl::StatusOr<AssetRecord> read = (*storage)->GetAsset("s1", "a2");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->kind, kAssetKindImage);
  EXPECT_EQ(read->width, 640);
  EXPECT_EQ(read->height, 480);
  const v1::Asset proto = AssetToProto(*read);
  EXPECT_EQ(proto.kind(), v1::ASSET_KIND_IMAGE);
  EXPECT_EQ(proto.width(), 640);
}

}  // namespace
}  // namespace beatframe::service::testing
