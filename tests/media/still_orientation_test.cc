// Photos stored sideways come out upright: the turns and mirrors themselves,
// the display-matrix reading, and JPEGs (and a WebP) written here with an
// EXIF APP1 segment spliced in for each Orientation 1-8, decoded and probed.
// Malformed or truncated EXIF is ignored (the photo decodes as stored).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/media/media_probe.h"
#include "engine/media/picture_orientation.h"
#include "engine/media/still_image.h"
#include "gtest/gtest.h"
#include "tests/media/quadrant_marker.h"
#include "tests/media/visual_media_writer.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/log.h>
}

namespace beatframe {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

// Where the red (stored top-left) and blue (stored top-right) quadrants of
// QuadrantMarker() show for each EXIF Orientation, by the EXIF definitions
// of where the stored 0th row and 0th column go: "top-left, top-right,
// bottom-left, bottom-right".
const char* ExpectedQuadrants(int orientation) {
  switch (orientation) {
    case 1: return "RBWW";  // as stored
    case 2: return "BRWW";  // mirrored left-right
    case 3: return "WWBR";  // upside down
    case 4: return "WWRB";  // mirrored top-bottom
    case 5: return "RWBW";  // row 0 is the left side, column 0 the top
    case 6: return "WRWB";  // row 0 is the right side, column 0 the top (turn clockwise)
    case 7: return "WBWR";  // row 0 is the right side, column 0 the bottom
    case 8: return "BWRW";  // row 0 is the left side, column 0 the bottom (turn counterclockwise)
  }
  return "";
}

// --- The turns themselves -------------------------------------------------

TEST(MediaOrientationTest, OrientPlaneMovesCornersAsExifSaysAndKeepsEveryPixel) {
  // A 5x3 plane of distinct values; the stored top-left is 0 and the stored
  // top-right 4.
  constexpr int kWidth = 5, kHeight = 3;
  Bytes plane(kWidth * kHeight);
  std::iota(plane.begin(), plane.end(), 0);
  for (int value = 1; value <= 8; ++value) {
    SCOPED_TRACE(value);
    const Orientation orientation = OrientationFromExif(value);
    int width = 0, height = 0;
    DisplayedSize(orientation, kWidth, kHeight, &width, &height);
    EXPECT_EQ(width, value >= 5 ? kHeight : kWidth);
    EXPECT_EQ(height, value >= 5 ? kWidth : kHeight);
    Bytes out(width * height, 0xFF);
    OrientPlane(plane.data(), kWidth, kWidth, kHeight, orientation, out.data(), width);
    // Where stored top-left (0) and top-right (4) landed, as quadrant letters.
    const int corners[4] = {0, width - 1, (height - 1) * width, height * width - 1};
    std::string where = "WWWW";
    for (int i = 0; i < 4; ++i) {
      if (out[corners[i]] == 0) where[i] = 'R';
      if (out[corners[i]] == 4) where[i] = 'B';
    }
    EXPECT_EQ(where, ExpectedQuadrants(value));
    Bytes sorted = out;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, plane) << "a pixel was lost or duplicated";
  }
}

TEST(MediaOrientationTest, OutOfRangeExifValuesAreNormal) {
  for (int value : {-1, 0, 9, 255, 65535}) EXPECT_EQ(OrientationFromExif(value), Orientation::kNormal) << value;
}

TEST(MediaOrientationTest, DisplayMatrixMapsToTheTurnFfmpegMeans) {
  // av_display_rotation_set(m, a) is what the ffmpeg CLI turns clockwise by
  // a degrees (its autorotate inserts transpose=clock for 90).
  int32_t matrix[9];
  av_display_rotation_set(matrix, 0);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kNormal);
  av_display_rotation_set(matrix, 90);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kRotate90);
  av_display_rotation_set(matrix, 180);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kRotate180);
  av_display_rotation_set(matrix, 270);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kRotate270);
  av_display_rotation_set(matrix, -90);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kRotate270);
  av_display_rotation_set(matrix, 80);  // odd angles snap to the nearest right angle
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kRotate90);
  av_display_rotation_set(matrix, 0);
  av_display_matrix_flip(matrix, 1, 0);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kMirrorHorizontal);
  av_display_rotation_set(matrix, 0);
  av_display_matrix_flip(matrix, 0, 1);
  EXPECT_EQ(OrientationFromDisplayMatrix(matrix), Orientation::kMirrorVertical);
  // An iPhone portrait clip's track header: ffprobe says rotation -90.
  const int32_t iphone[9] = {0, 0x10000, 0, -0x10000, 0, 0, 1080 << 16, 0, 0x40000000};
  EXPECT_EQ(OrientationFromDisplayMatrix(iphone), Orientation::kRotate90);
  EXPECT_NEAR(av_display_rotation_get(iphone), -90.0, 1e-6);
  const int32_t zero[9] = {};
  EXPECT_EQ(OrientationFromDisplayMatrix(zero), Orientation::kNormal);
  EXPECT_EQ(OrientationFromDisplayMatrix(nullptr), Orientation::kNormal);
}

// --- JPEG and WebP files with EXIF -------------------------------------------

// The mjpeg decoder logs malformed EXIF at error level; the tests below
// make it on purpose.
class QuietFfmpegLog {
 public:
  QuietFfmpegLog() : level_(av_log_get_level()) { av_log_set_level(AV_LOG_FATAL); }
  ~QuietFfmpegLog() { av_log_set_level(level_); }

 private:
  int level_;
};

void Put16(Bytes& out, uint32_t v, bool le) {
  if (le) {
    out.insert(out.end(), {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)});
  } else {
    out.insert(out.end(), {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)});
  }
}
void Put32(Bytes& out, uint32_t v, bool le) {
  Put16(out, le ? v & 0xFFFF : v >> 16, le);
  Put16(out, le ? v >> 16 : v & 0xFFFF, le);
}

// A TIFF block (what follows "Exif\0\0") whose IFD0 holds a resolution unit
// and the Orientation tag, as cameras write them, in either byte order.
Bytes ExifTiff(int orientation, bool little_endian) {
  Bytes tiff = little_endian ? Bytes{'I', 'I'} : Bytes{'M', 'M'};
  Put16(tiff, 42, little_endian);
  Put32(tiff, 8, little_endian);  // IFD0 right after the header
  Put16(tiff, 2, little_endian);  // two entries
  Put16(tiff, 0x0112, little_endian);  // Orientation, SHORT, 1 value, inline
  Put16(tiff, 3, little_endian);
  Put32(tiff, 1, little_endian);
  Put16(tiff, static_cast<uint32_t>(orientation), little_endian);
  Put16(tiff, 0, little_endian);
  Put16(tiff, 0x0128, little_endian);  // ResolutionUnit = inches
  Put16(tiff, 3, little_endian);
  Put32(tiff, 1, little_endian);
  Put16(tiff, 2, little_endian);
  Put16(tiff, 0, little_endian);
  Put32(tiff, 0, little_endian);  // no next IFD
  return tiff;
}

Bytes ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
void WriteFile(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

class StillOrientationTest : public ::testing::Test {
 protected:
  static constexpr int kWidth = 64;  // stored landscape, so a quarter turn shows
  static constexpr int kHeight = 48;

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bf_still_orientation_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    const std::string plain = Path("plain.jpg");
    ASSERT_TRUE(testing::WriteImage(plain, testing::ImageFormat::kJpeg, kWidth, kHeight, testing::QuadrantMarker()).ok());
    jpeg_ = ReadFile(plain);
    ASSERT_GT(jpeg_.size(), 4u);
    ASSERT_EQ(jpeg_[0], 0xFF);
    ASSERT_EQ(jpeg_[1], 0xD8);  // SOI
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // The test JPEG with an APP1 segment holding `payload` right after SOI,
  // where cameras put their EXIF.
  std::string JpegWithApp1(const std::string& name, const Bytes& payload) {
    Bytes out(jpeg_.begin(), jpeg_.begin() + 2);
    const size_t length = payload.size() + 2;
    out.insert(out.end(), {0xFF, 0xE1, static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)});
    out.insert(out.end(), payload.begin(), payload.end());
    out.insert(out.end(), jpeg_.begin() + 2, jpeg_.end());
    const std::string path = Path(name);
    WriteFile(path, out);
    return path;
  }
  std::string JpegWithExif(const std::string& name, const Bytes& tiff) {
    Bytes payload = {'E', 'x', 'i', 'f', 0, 0};
    payload.insert(payload.end(), tiff.begin(), tiff.end());
    return JpegWithApp1(name, payload);
  }

  // Decodes `path`, expecting the picture as stored.
  void ExpectDecodesAsStored(const std::string& path) {
    int width = 0, height = 0;
    const absl::StatusOr<Picture> picture = DecodeStillImage(path, {}, &width, &height);
    ASSERT_TRUE(picture.ok()) << picture.status();
    EXPECT_EQ(picture->width, kWidth);
    EXPECT_EQ(picture->height, kHeight);
    EXPECT_EQ(width, kWidth);
    EXPECT_EQ(height, kHeight);
    EXPECT_EQ(testing::QuadrantColors(*picture), "RBWW");
  }

  fs::path dir_;
  Bytes jpeg_;
};

TEST_F(StillOrientationTest, JpegWithoutExifDecodesAsStored) { ExpectDecodesAsStored(Path("plain.jpg")); }

TEST_F(StillOrientationTest, JpegExifOrientationTurnsThePictureUpright) {
  for (const bool little_endian : {true, false}) {
    for (int value = 1; value <= 8; ++value) {
      SCOPED_TRACE(::testing::Message() << "orientation " << value << (little_endian ? " II" : " MM"));
      const std::string path = JpegWithExif(absl::StrCat("o", value, ".jpg"), ExifTiff(value, little_endian));
      int width = 0, height = 0;
      const absl::StatusOr<Picture> picture = DecodeStillImage(path, {}, &width, &height);
      ASSERT_TRUE(picture.ok()) << picture.status();
      const bool on_its_side = value >= 5;
      EXPECT_EQ(picture->width, on_its_side ? kHeight : kWidth);
      EXPECT_EQ(picture->height, on_its_side ? kWidth : kHeight);
      EXPECT_EQ(width, picture->width);
      EXPECT_EQ(height, picture->height);
      EXPECT_EQ(testing::QuadrantColors(*picture), ExpectedQuadrants(value));
    }
  }
}

TEST_F(StillOrientationTest, CoverSizeAppliesToTheUprightPicture) {
  const std::string path = JpegWithExif("o6.jpg", ExifTiff(6, true));
  // Upright it is 48x64: covering 24x16 takes half size, 24x32. (Scaling the
  // stored 64x48 to cover 24x16 first would give 24x18, then 18x24: too narrow.)
  StillImageOptions options;
  options.cover_width = 24;
  options.cover_height = 16;
  const absl::StatusOr<Picture> picture = DecodeStillImage(path, options);
  ASSERT_TRUE(picture.ok()) << picture.status();
  EXPECT_EQ(picture->width, 24);
  EXPECT_EQ(picture->height, 32);
  EXPECT_EQ(testing::QuadrantColors(*picture), "WRWB");
}

TEST_F(StillOrientationTest, ProbeReportsTheUprightSize) {
  const absl::StatusOr<MediaInfo> sideways = ProbeMediaFile(JpegWithExif("o8.jpg", ExifTiff(8, false)));
  ASSERT_TRUE(sideways.ok()) << sideways.status();
  EXPECT_EQ(sideways->kind, MediaKind::kImage);
  EXPECT_EQ(sideways->width, kHeight);
  EXPECT_EQ(sideways->height, kWidth);
  const absl::StatusOr<MediaInfo> upside_down = ProbeMediaFile(JpegWithExif("o3.jpg", ExifTiff(3, true)));
  ASSERT_TRUE(upside_down.ok()) << upside_down.status();
  EXPECT_EQ(upside_down->width, kWidth);
  EXPECT_EQ(upside_down->height, kHeight);
}

TEST_F(StillOrientationTest, MalformedExifIsIgnored) {
  const QuietFfmpegLog quiet;
  std::vector<std::pair<std::string, Bytes>> cases;
  for (int value : {0, 9, 65535}) cases.push_back({absl::StrCat("value ", value), ExifTiff(value, true)});
  Bytes far_ifd = ExifTiff(6, true);
  far_ifd[4] = far_ifd[5] = far_ifd[6] = 0x7F;  // IFD0 offset far past the end
  cases.push_back({"IFD offset past the end", far_ifd});
  Bytes many_entries = ExifTiff(6, true);
  many_entries[8] = 0xFF;  // 65535 entries claimed, two present
  many_entries[9] = 0xFF;
  many_entries.resize(many_entries.size() - 4);  // and no next-IFD offset
  cases.push_back({"entry count past the end", many_entries});
  Bytes bad_magic = ExifTiff(6, true);
  bad_magic[2] = 0x2B;  // BigTIFF-like magic, not 42
  cases.push_back({"bad TIFF magic", bad_magic});
  cases.push_back({"bad byte order", Bytes{'X', 'X', 42, 0, 8, 0, 0, 0}});
  cases.push_back({"TIFF header cut short", Bytes{'I', 'I', 42}});
  cases.push_back({"nothing after Exif", Bytes{}});
  Bytes noise(200);
  uint32_t state = 12345;
  for (uint8_t& b : noise) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(state >> 24);
  }
  noise[0] = noise[1] = 'I';  // a plausible header over garbage
  noise[2] = 42;
  noise[3] = 0;
  cases.push_back({"garbage IFD", noise});
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].first);
    ExpectDecodesAsStored(JpegWithExif(absl::StrCat("bad", i, ".jpg"), cases[i].second));
  }
  // An APP1 that is not EXIF at all, and an empty one.
  ExpectDecodesAsStored(JpegWithApp1("xmp.jpg", Bytes{'h', 't', 't', 'p', ':', '/', '/', 'n', 's', 0}));
  ExpectDecodesAsStored(JpegWithApp1("empty.jpg", Bytes{}));
}

TEST_F(StillOrientationTest, TruncatedExifNeverFailsTheDecode) {
  // Every cut of a valid block: either the Orientation survived whole (the
  // picture turns) or it is ignored (as stored), never an error.
  const QuietFfmpegLog quiet;
  const Bytes tiff = ExifTiff(6, true);
  for (size_t cut = 0; cut < tiff.size(); ++cut) {
    SCOPED_TRACE(::testing::Message() << "cut at " << cut);
    const std::string path = JpegWithExif("cut.jpg", Bytes(tiff.begin(), tiff.begin() + cut));
    const absl::StatusOr<Picture> picture = DecodeStillImage(path);
    ASSERT_TRUE(picture.ok()) << picture.status();
    const std::string quadrants = testing::QuadrantColors(*picture);
    if (picture->width == kWidth) {
      EXPECT_EQ(quadrants, "RBWW");
    } else {
      EXPECT_EQ(picture->width, kHeight);
      EXPECT_EQ(quadrants, "WRWB");
    }
  }
}

// A WebP in the extended format (VP8X) with an EXIF chunk, built around the
// simple WebP libwebp writes: libavcodec's webp decoder reports the tag.
TEST_F(StillOrientationTest, WebpExifOrientationTurnsThePictureUpright) {
  const std::string simple = Path("simple.webp");
  ASSERT_TRUE(testing::WriteImage(simple, testing::ImageFormat::kWebp, kWidth, kHeight, testing::QuadrantMarker()).ok());
  const Bytes webp = ReadFile(simple);
  ASSERT_GT(webp.size(), 20u);
  ASSERT_EQ(std::string(webp.begin() + 12, webp.begin() + 16), "VP8 ");
  const Bytes tiff = ExifTiff(6, true);
  Bytes body = {'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
  Put32(body, 10, true);
  body.insert(body.end(), {0x08, 0, 0, 0});  // flags: EXIF present
  for (int side : {kWidth, kHeight}) {       // canvas size minus one, 24 bits
    body.insert(body.end(), {static_cast<uint8_t>(side - 1), static_cast<uint8_t>((side - 1) >> 8), 0});
  }
  body.insert(body.end(), webp.begin() + 12, webp.end());  // the VP8 chunk
  body.insert(body.end(), {'E', 'X', 'I', 'F'});
  Put32(body, static_cast<uint32_t>(tiff.size()), true);
  body.insert(body.end(), tiff.begin(), tiff.end());
  if (tiff.size() % 2 != 0) body.push_back(0);
  Bytes file = {'R', 'I', 'F', 'F'};
  Put32(file, static_cast<uint32_t>(body.size()), true);
  file.insert(file.end(), body.begin(), body.end());
  const std::string path = Path("o6.webp");
  WriteFile(path, file);

  const absl::StatusOr<Picture> picture = DecodeStillImage(path);
  ASSERT_TRUE(picture.ok()) << picture.status();
  EXPECT_EQ(picture->width, kHeight);
  EXPECT_EQ(picture->height, kWidth);
  EXPECT_EQ(testing::QuadrantColors(*picture), "WRWB");
}

}  // namespace
}  // namespace beatframe
