// Cover art end to end: tracks tagged with a picture by the ffmpeg CLI (ID3
// APIC in MP3, a PICTURE block in FLAC, covr in M4A), read back by
// ExtractCoverArt, and shown by a real render.
#include "engine/media/cover_art.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/media/picture.h"
#include "engine/pipeline/render_job.h"
#include "engine/render/cover_art_layer.h"
#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

// The cover: orange with a blue square in its top-left quarter, so both the
// colour and the orientation can be checked.
constexpr int kCoverSize = 320;
constexpr Rgb8 kOrange = {224, 112, 32};
constexpr Rgb8 kBlue = {32, 64, 208};

class CoverArtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / absl::StrCat("bf_cover_", ::getpid()));
    fs::create_directories(*dir_);
    const std::string quiet = "ffmpeg -hide_banner -loglevel error -y ";
    const std::string box = absl::StrCat("drawbox=x=0:y=0:w=", kCoverSize / 2, ":h=", kCoverSize / 2,
                                         ":color=0x2040D0:t=fill");
    const std::string cover = absl::StrCat("color=c=0xE07020:s=", kCoverSize, "x", kCoverSize);
    // A kick every 0.5 s (120 BPM) so the render has beats.
    const std::string kick = "aevalsrc='0.8*sin(2*PI*70*t)*exp(-18*mod(t,0.5))':s=44100:d=4";
    ok_ = Run(quiet + "-f lavfi -i " + cover + " -vf " + box + " -frames:v 1 " + Path("cover.png")) &&
          Run(quiet + "-f lavfi -i " + cover + " -vf " + box + " -frames:v 1 -q:v 2 " + Path("cover.jpg")) &&
          Run(quiet + "-f lavfi -i \"" + kick + "\" -i " + Path("cover.png") +
              " -map 0 -map 1 -c:a libmp3lame -b:a 128k -c:v copy -id3v2_version 3 -disposition:v attached_pic " +
              Path("tagged.mp3")) &&
          Run(quiet + "-f lavfi -i \"" + kick + "\" -i " + Path("cover.jpg") +
              " -map 0 -map 1 -c:a flac -c:v copy -disposition:v attached_pic " + Path("tagged.flac")) &&
          Run(quiet + "-f lavfi -i \"" + kick + "\" -i " + Path("cover.png") +
              " -map 0 -map 1 -c:a aac -c:v copy -disposition:v attached_pic " + Path("tagged.m4a")) &&
          Run(quiet + "-f lavfi -i \"" + kick + "\" -c:a libmp3lame -b:a 128k " + Path("plain.mp3"));
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(ok_) << "could not make the test media with the ffmpeg CLI"; }

  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }
  static bool Run(const std::string& command) { return std::system(command.c_str()) == 0; }

  static fs::path* dir_;
  static bool ok_;
};
fs::path* CoverArtTest::dir_ = nullptr;
bool CoverArtTest::ok_ = false;

void ExpectColorNear(const Picture& picture, int x, int y, Rgb8 expected, int tolerance) {
  const uint8_t* p = picture.at(x, y);
  EXPECT_NEAR(p[0], expected.r, tolerance) << "at " << x << "," << y;
  EXPECT_NEAR(p[1], expected.g, tolerance) << "at " << x << "," << y;
  EXPECT_NEAR(p[2], expected.b, tolerance) << "at " << x << "," << y;
  EXPECT_EQ(p[3], 255);
}

void ExpectTestCover(const std::string& path, int tolerance) {
  absl::StatusOr<std::optional<Picture>> cover = ExtractCoverArt(path);
  ASSERT_TRUE(cover.ok()) << cover.status();
  ASSERT_TRUE(cover->has_value()) << path;
  const Picture& picture = **cover;
  EXPECT_EQ(picture.width, kCoverSize);
  EXPECT_EQ(picture.height, kCoverSize);
  ExpectColorNear(picture, 40, 40, kBlue, tolerance);                        // top-left quarter
  ExpectColorNear(picture, kCoverSize - 40, kCoverSize - 40, kOrange, tolerance);
  ExpectColorNear(picture, kCoverSize - 40, 40, kOrange, tolerance);          // not mirrored
}

TEST_F(CoverArtTest, ReadsPngFromMp3Id3) { ExpectTestCover(Path("tagged.mp3"), 3); }
TEST_F(CoverArtTest, ReadsJpegFromFlacPictureBlock) { ExpectTestCover(Path("tagged.flac"), 12); }
TEST_F(CoverArtTest, ReadsPngFromM4aCovr) { ExpectTestCover(Path("tagged.m4a"), 3); }

TEST_F(CoverArtTest, FileWithoutArtGivesNullopt) {
  absl::StatusOr<std::optional<Picture>> cover = ExtractCoverArt(Path("plain.mp3"));
  ASSERT_TRUE(cover.ok()) << cover.status();
  EXPECT_FALSE(cover->has_value());
}

TEST_F(CoverArtTest, MissingFileIsNotFound) {
  EXPECT_EQ(ExtractCoverArt(Path("absent.mp3")).status().code(), absl::StatusCode::kNotFound);
}

TEST(PictureTest, ScalesBlursAndFindsColours) {
  Picture picture(100, 50);
  for (int y = 0; y < 50; ++y) {
    for (int x = 0; x < 100; ++x) {
      uint8_t* p = picture.at(x, y);
      const Rgb8 c = x < 50 ? kBlue : kOrange;
      p[0] = c.r, p[1] = c.g, p[2] = c.b;
    }
  }
  const Picture small = ScaleImage(picture, 20, 10);
  ASSERT_EQ(small.width, 20);
  ASSERT_EQ(small.height, 10);
  EXPECT_NEAR(small.at(2, 5)[2], kBlue.b, 2);
  EXPECT_NEAR(small.at(17, 5)[0], kOrange.r, 2);
  const Picture cover = ScaleToCover(picture, 30, 30);  // centre crop of the 2:1 image
  EXPECT_EQ(cover.width, 30);
  EXPECT_NEAR(cover.at(0, 15)[2], kBlue.b, 4);
  Picture blurred = picture;
  GaussianBlur(blurred, 6.0f);
  EXPECT_GT(blurred.at(50, 25)[0], kBlue.r + 40);  // the edge is smeared
  EXPECT_LT(blurred.at(50, 25)[0], kOrange.r - 40);
  Darken(blurred, 0.5f);
  EXPECT_NEAR(blurred.at(99, 25)[0], kOrange.r / 2, 2);
  const std::vector<Rgb8> dominant = DominantColors(picture, 3);
  ASSERT_EQ(dominant.size(), 2u);
  const Rgb8 mean = AverageColor(picture);
  EXPECT_NEAR(mean.r, (kBlue.r + kOrange.r) / 2, 2);
}

TEST(PictureTest, CoverPaletteTakesTheCoverHues) {
  Picture picture(64, 64);
  for (size_t i = 0; i < picture.pixels.size(); i += 4) {
    picture.pixels[i] = kOrange.r, picture.pixels[i + 1] = kOrange.g, picture.pixels[i + 2] = kOrange.b;
  }
  const Palette palette = CoverPalette(picture);
  EXPECT_EQ(palette.name, "cover");
  // The lead accent stays orange: red over green over blue, and bright.
  EXPECT_GT(palette.accents[0].r, palette.accents[0].g);
  EXPECT_GT(palette.accents[0].g, palette.accents[0].b);
  EXPECT_GT(palette.accents[0].r, 200.0f);
  EXPECT_LT(palette.background_outer.r, 40.0f);
}

absl::StatusOr<RenderResult> Render(const std::string& input, const std::string& output, const std::string& prompt) {
  RenderRequest request;
  request.input_path = input;
  request.output_path = output;
  request.prompt = prompt;
  return RunRenderJob(request, [](const RenderProgress&) {});
}

TEST_F(CoverArtTest, PulseRenderShowsTheCoverAtTheCentre) {
  absl::StatusOr<RenderResult> result = Render(Path("tagged.mp3"), Path("cover.mp4"), "pulse");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_NE(result->plan.cover_art, nullptr);
  EXPECT_EQ(result->plan.palette, "cover");
  absl::StatusOr<std::vector<testing::DecodedFrame>> frames = testing::DecodeVideoFrames(Path("cover.mp4"), {45});
  ASSERT_TRUE(frames.ok()) << frames.status();
  const testing::DecodedFrame& frame = (*frames)[0];
  // The disc centre (pulse: 50% across, 45% down on 16:9) shows the cover's
  // bottom-right orange just below-right of the picture's centre.
  const int x = frame.width / 2 + 20, y = static_cast<int>(0.45 * frame.height) + 20;
  const YuvColor orange = RgbToYuv709({kOrange.r * 1.0f, kOrange.g * 1.0f, kOrange.b * 1.0f});
  EXPECT_NEAR(frame.y[y * frame.width + x], orange.y, 10);
  const int cw = (frame.width + 1) / 2;
  EXPECT_NEAR(frame.u[(y / 2) * cw + x / 2], orange.u, 10);
  EXPECT_NEAR(frame.v[(y / 2) * cw + x / 2], orange.v, 10);
  // The top-left quarter is blue.
  const int bx = frame.width / 2 - 40, by = static_cast<int>(0.45 * frame.height) - 40;
  const YuvColor blue = RgbToYuv709({kBlue.r * 1.0f, kBlue.g * 1.0f, kBlue.b * 1.0f});
  EXPECT_NEAR(frame.u[(by / 2) * cw + bx / 2], blue.u, 12);
}

TEST_F(CoverArtTest, PromptWithoutAStyleShowsTheCoverInPulse) {
  absl::StatusOr<RenderResult> result = Render(Path("tagged.m4a"), Path("auto.mp4"), "make it shine");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->plan.cover_art, nullptr);
  EXPECT_EQ(result->plan.style, "pulse");
  EXPECT_EQ(result->plan.palette, "cover");
}

TEST_F(CoverArtTest, NoCoverPromptTurnsItOff) {
  absl::StatusOr<RenderResult> result = Render(Path("tagged.mp3"), Path("nocover.mp4"), "pulse neon, no cover art");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->plan.cover_art, nullptr);
  EXPECT_EQ(result->plan.palette, "neon");
}

TEST_F(CoverArtTest, NamedPaletteWinsOverTheCoverColours) {
  absl::StatusOr<RenderResult> result = Render(Path("tagged.flac"), Path("warm.mp4"), "bars warm");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->plan.cover_art, nullptr);
  EXPECT_EQ(result->plan.palette, "warm");
}

}  // namespace
}  // namespace beatframe
