// The montage's media readers on files made here with libavcodec encoders:
// every accepted image format (JPEG, PNG, WebP, GIF) and clip format (H.264
// in MP4/MOV/MKV, VP8 and VP9 in WebM) is probed by content and decoded;
// clips stream at the output rate and loop; a text file named .png, a
// truncated image and a decompression bomb are refused with INVALID_ARGUMENT.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/media/clip_reader.h"
#include "engine/media/media_probe.h"
#include "engine/media/still_image.h"
#include "gtest/gtest.h"
#include "tests/media/visual_media_writer.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;
using testing::ClipFormat;
using testing::ClipSpec;
using testing::ImageFormat;

class MontageMediaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bf_montage_media_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// Mean R, G, B of a picture.
std::vector<double> MeanRgb(const Picture& picture) {
  std::vector<double> sum(3, 0.0);
  for (size_t i = 0; i < picture.pixels.size(); i += 4) {
    for (int c = 0; c < 3; ++c) sum[c] += picture.pixels[i + c];
  }
  for (double& v : sum) v /= static_cast<double>(picture.width) * picture.height;
  return sum;
}

// Mean luma and chroma of a clip frame.
struct MeanYuv {
  double y = 0, u = 0, v = 0;
};
MeanYuv Mean(const Yuv420Image& image) {
  MeanYuv m;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) m.y += image.planes[0][y * image.strides[0] + x];
  }
  const int cw = (image.width + 1) / 2, ch = (image.height + 1) / 2;
  for (int y = 0; y < ch; ++y) {
    for (int x = 0; x < cw; ++x) {
      m.u += image.planes[1][y * image.strides[1] + x];
      m.v += image.planes[2][y * image.strides[2] + x];
    }
  }
  m.y /= static_cast<double>(image.width) * image.height;
  m.u /= static_cast<double>(cw) * ch;
  m.v /= static_cast<double>(cw) * ch;
  return m;
}

struct ImageCase {
  ImageFormat format;
  const char* expected_format;
  const char* expected_codec;
};

TEST_F(MontageMediaTest, ProbesAndDecodesEveryImageFormat) {
  const ImageCase cases[] = {{ImageFormat::kJpeg, "jpeg", "mjpeg"},
                             {ImageFormat::kPng, "png", "png"},
                             {ImageFormat::kWebp, "webp", "webp"},
                             {ImageFormat::kGif, "gif", "gif"}};
  for (const ImageCase& c : cases) {
    SCOPED_TRACE(c.expected_format);
    // Stored under a neutral name: the probe must go by the bytes.
    const std::string path = Path(std::string("picture_") + c.expected_format + ".bin");
    ASSERT_TRUE(testing::WriteImage(path, c.format, 96, 64, testing::TexturedColor(200, 40, 40)).ok());
    absl::StatusOr<MediaInfo> info = ProbeMediaFile(path);
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->kind, MediaKind::kImage);
    EXPECT_EQ(info->format, c.expected_format);
    EXPECT_EQ(info->codec, c.expected_codec);
    EXPECT_EQ(info->width, 96);
    EXPECT_EQ(info->height, 64);
    absl::StatusOr<Picture> picture = DecodeStillImage(path);
    ASSERT_TRUE(picture.ok()) << picture.status();
    EXPECT_EQ(picture->width, 96);
    EXPECT_EQ(picture->height, 64);
    const std::vector<double> mean = MeanRgb(*picture);
    // Lossy coding and GIF's 3-3-2 palette move the colour a little.
    EXPECT_NEAR(mean[0], 200, 40);
    EXPECT_NEAR(mean[1], 40, 40);
    EXPECT_NEAR(mean[2], 40, 40);
  }
}

TEST_F(MontageMediaTest, AnimatedGifGivesItsFirstFrame) {
  const std::string path = Path("anim.gif");
  ASSERT_TRUE(testing::WriteAnimatedGif(path, 64, 48, 3, [](int index, int w, int h, uint8_t* rgb) {
                const uint8_t colors[3][3] = {{0, 0, 255}, {255, 0, 0}, {0, 255, 0}};
                for (int i = 0; i < w * h; ++i) std::copy_n(colors[index], 3, rgb + 3 * i);
              }).ok());
  absl::StatusOr<Picture> picture = DecodeStillImage(path);
  ASSERT_TRUE(picture.ok()) << picture.status();
  const std::vector<double> mean = MeanRgb(*picture);
  EXPECT_LT(mean[0], 40);
  EXPECT_GT(mean[2], 200);
}

TEST_F(MontageMediaTest, LargeStillsAreScaledDownToCoverTheVideoWhileDecoding) {
  const std::string path = Path("big.png");
  ASSERT_TRUE(testing::WriteImage(path, ImageFormat::kPng, 400, 300, testing::TexturedColor(20, 200, 20)).ok());
  StillImageOptions options;
  options.cover_width = 100;
  options.cover_height = 50;
  absl::StatusOr<Picture> picture = DecodeStillImage(path, options);
  ASSERT_TRUE(picture.ok()) << picture.status();
  EXPECT_EQ(picture->width, 100);
  EXPECT_EQ(picture->height, 75);
  // Never scaled up.
  options.cover_width = 800;
  options.cover_height = 600;
  picture = DecodeStillImage(path, options);
  ASSERT_TRUE(picture.ok()) << picture.status();
  EXPECT_EQ(picture->width, 400);
}

struct ClipCase {
  ClipFormat format;
  const char* expected_format;
  const char* expected_codec;
  bool audio;
};

// 48 frames at 25 fps (1.92 s): red for the first 24, blue after.
void RedThenBlue(int index, int w, int h, uint8_t* rgb) {
  const uint8_t red[3] = {220, 30, 30}, blue[3] = {30, 30, 220};
  for (int i = 0; i < w * h; ++i) std::copy_n(index < 24 ? red : blue, 3, rgb + 3 * i);
}

TEST_F(MontageMediaTest, ProbesAndStreamsEveryClipFormatAtTheOutputRateAndLoops) {
  const ClipCase cases[] = {{ClipFormat::kMp4H264, "mp4", "h264", true},
                            {ClipFormat::kMovH264, "mov", "h264", false},
                            {ClipFormat::kWebmVp8, "webm", "vp8", true},
                            {ClipFormat::kWebmVp9, "webm", "vp9", false},
                            {ClipFormat::kMkvH264, "mkv", "h264", true}};
  for (const ClipCase& c : cases) {
    SCOPED_TRACE(std::string(c.expected_format) + "/" + c.expected_codec);
    const std::string path = Path(std::string("clip_") + c.expected_codec + "." + testing::ClipExtension(c.format));
    ClipSpec spec;
    spec.format = c.format;
    spec.frames = 48;
    spec.tone_hz = c.audio ? 440.0 : 0.0;
    ASSERT_TRUE(testing::WriteClip(path, spec, RedThenBlue).ok());
    absl::StatusOr<MediaInfo> info = ProbeMediaFile(path);
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->kind, MediaKind::kVideo);
    EXPECT_EQ(info->format, c.expected_format);
    EXPECT_EQ(info->codec, c.expected_codec);
    EXPECT_EQ(info->width, 160);
    EXPECT_EQ(info->height, 90);
    EXPECT_NEAR(info->duration_s, 1.92, 0.15);
    EXPECT_EQ(info->has_audio, c.audio);

    // 30 fps output, a 2:1 frame: the 16:9 clip is cropped to cover it.
    ClipReaderOptions options;
    options.width = 64;
    options.height = 32;
    absl::StatusOr<std::unique_ptr<ClipReader>> reader = ClipReader::Open(path, options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    auto is_red = [](const MeanYuv& m) { return m.v > 180 && m.u < 128; };
    auto is_blue = [](const MeanYuv& m) { return m.u > 180 && m.v < 128; };
    for (int64_t index = 0; index < 150; ++index) {
      absl::StatusOr<Yuv420Image> frame = (*reader)->FrameAt(index);
      ASSERT_TRUE(frame.ok()) << frame.status();
      ASSERT_EQ(frame->width, 64);
      ASSERT_EQ(frame->height, 32);
      const double t = index / 30.0;
      const double in_pass = std::fmod(t, 1.92);
      const MeanYuv mean = Mean(*frame);
      // Away from the colour change and the loop point (a frame either side).
      if (in_pass > 0.05 && in_pass < 0.9) {
        EXPECT_TRUE(is_red(mean)) << "t=" << t << " u=" << mean.u << " v=" << mean.v;
      } else if (in_pass > 1.0 && in_pass < 1.87) {
        EXPECT_TRUE(is_blue(mean)) << "t=" << t << " u=" << mean.u << " v=" << mean.v;
      }
    }
    EXPECT_NEAR((*reader)->loop_duration_s(), 1.92, 0.05);
    // Going back restarts the clip.
    absl::StatusOr<Yuv420Image> again = (*reader)->FrameAt(3);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(is_red(Mean(*again)));
  }
}

TEST_F(MontageMediaTest, RefusesATextFileNamedPng) {
  const std::string path = Path("notes.png");
  std::ofstream(path) << "these are my holiday notes, not a picture\n";
  absl::StatusOr<MediaInfo> info = ProbeMediaFile(path);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument) << info.status();
  EXPECT_NE(info.status().message().find("PNG"), std::string::npos) << info.status();
  absl::StatusOr<Picture> picture = DecodeStillImage(path);
  ASSERT_FALSE(picture.ok());
  EXPECT_EQ(picture.status().code(), absl::StatusCode::kInvalidArgument) << picture.status();
  EXPECT_EQ(ClipReader::Open(path, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MontageMediaTest, RefusesTruncatedImages) {
  for (ImageFormat format : {ImageFormat::kPng, ImageFormat::kJpeg}) {
    SCOPED_TRACE(testing::ImageExtension(format));
    const std::string path = Path(std::string("cut.") + testing::ImageExtension(format));
    ASSERT_TRUE(testing::WriteImage(path, format, 320, 240, testing::TexturedColor(90, 160, 220)).ok());
    fs::resize_file(path, fs::file_size(path) * 6 / 10);
    absl::StatusOr<MediaInfo> info = ProbeMediaFile(path);
    ASSERT_FALSE(info.ok()) << "kind " << MediaKindName(info->kind);
    EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument) << info.status();
  }
}

TEST_F(MontageMediaTest, RefusesAPictureThatDeclaresAHugeSize) {
  const std::string path = Path("bomb.png");
  ASSERT_TRUE(testing::WriteImage(path, ImageFormat::kPng, 16, 16, testing::TexturedColor(1, 2, 3)).ok());
  // IHDR width and height (big-endian, bytes 16..23) now say 60000 x 60000.
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  const unsigned char size[8] = {0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60};
  file.seekp(16);
  file.write(reinterpret_cast<const char*>(size), 8);
  file.close();
  absl::StatusOr<Picture> picture = DecodeStillImage(path);
  ASSERT_FALSE(picture.ok());
  EXPECT_EQ(picture.status().code(), absl::StatusCode::kInvalidArgument) << picture.status();
}

TEST_F(MontageMediaTest, MissingFileIsNotFound) {
  EXPECT_EQ(ProbeMediaFile(Path("nothing.jpg")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(DecodeStillImage(Path("nothing.jpg")).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace beatframe
