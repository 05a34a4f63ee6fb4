// Phone clips stored sideways come out upright: H.264 MP4s written here are
// remuxed with a display matrix in the track header (as phones write it, e.g.
// an iPhone's portrait -90 degrees), then probed and streamed; the frames have
// the upright size and the marker quadrants sit where the turn puts them.
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/av_handles.h"
#include "engine/media/clip_reader.h"
#include "engine/media/media_probe.h"
#include "gtest/gtest.h"
#include "tests/media/quadrant_marker.h"
#include "tests/media/visual_media_writer.h"

extern "C" {
#include <libavutil/display.h>
}

namespace beatframe {
namespace {

namespace fs = std::filesystem;

// Copies `in` to an MP4 at `out` whose video track header carries `matrix`.
absl::Status RemuxWithDisplayMatrix(const std::string& in, const std::string& out, const int32_t matrix[9]) {
  AVFormatContext* raw_in = nullptr;
  int ret = avformat_open_input(&raw_in, in.c_str(), nullptr, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "open input");
  av::InputFormatPtr input(raw_in);
  ret = avformat_find_stream_info(input.get(), nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "stream info");
  AVFormatContext* raw_out = nullptr;
  ret = avformat_alloc_output_context2(&raw_out, nullptr, "mp4", out.c_str());
  if (ret < 0 || raw_out == nullptr) return AvErrorToStatus(ret, "output context");
  av::OutputFormatPtr output(raw_out);
  for (unsigned i = 0; i < input->nb_streams; ++i) {
    const AVStream& source = *input->streams[i];
    AVStream* stream = avformat_new_stream(output.get(), nullptr);
    if (stream == nullptr) return absl::ResourceExhaustedError("stream");
    ret = avcodec_parameters_copy(stream->codecpar, source.codecpar);
    if (ret < 0) return AvErrorToStatus(ret, "copy parameters");
    stream->codecpar->codec_tag = 0;
    stream->time_base = source.time_base;
    if (source.codecpar->codec_type == AVMEDIA_TYPE_VIDEO) {
      uint8_t* side = av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t));
      if (side == nullptr) return absl::ResourceExhaustedError("side data");
      std::memcpy(side, matrix, 9 * sizeof(int32_t));
    }
  }
  ret = avio_open(&output->pb, out.c_str(), AVIO_FLAG_WRITE);
  if (ret < 0) return AvErrorToStatus(ret, "open output");
  ret = avformat_write_header(output.get(), nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "write header");
  av::PacketPtr packet(av_packet_alloc());
  while (av_read_frame(input.get(), packet.get()) >= 0) {
    const int index = packet->stream_index;
    av_packet_rescale_ts(packet.get(), input->streams[index]->time_base, output->streams[index]->time_base);
    ret = av_interleaved_write_frame(output.get(), packet.get());
    av_packet_unref(packet.get());
    if (ret < 0) return AvErrorToStatus(ret, "write packet");
  }
  ret = av_write_trailer(output.get());
  if (ret < 0) return AvErrorToStatus(ret, "write trailer");
  return absl::OkStatus();
}

class ClipOrientationTest : public ::testing::Test {
 protected:
  static constexpr int kWidth = 160;  // stored landscape
  static constexpr int kHeight = 90;
  static constexpr int kFrames = 10;

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bf_clip_orientation_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    testing::ClipSpec spec;
    spec.format = testing::ClipFormat::kMp4H264;
    spec.width = kWidth;
    spec.height = kHeight;
    spec.frames = kFrames;
    plain_ = Path("plain.mp4");
    ASSERT_TRUE(testing::WriteClip(plain_, spec, testing::QuadrantMarker()).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::string Rotated(const std::string& name, const int32_t matrix[9]) {
    const std::string path = Path(name);
    const absl::Status status = RemuxWithDisplayMatrix(plain_, path, matrix);
    EXPECT_TRUE(status.ok()) << status;
    return path;
  }
  // A matrix av_display_rotation_set makes for `degrees` (clockwise as the
  // ffmpeg CLI shows it), optionally mirrored left-right.
  std::string Rotated(const std::string& name, double degrees, bool hflip = false) {
    int32_t matrix[9];
    av_display_rotation_set(matrix, degrees);
    if (hflip) av_display_matrix_flip(matrix, 1, 0);
    return Rotated(name, matrix);
  }

  // Opens `path` to stream at `width` x `height`, 25 fps.
  static absl::StatusOr<std::unique_ptr<ClipReader>> OpenAt(const std::string& path, int width, int height) {
    ClipReaderOptions options;
    options.width = width;
    options.height = height;
    options.fps_num = 25;
    return ClipReader::Open(path, options);
  }

  // Streams frame `index` at `width` x `height`, expecting that size.
  std::string QuadrantsAt(const std::string& path, int width, int height, int64_t index = 0) {
    absl::StatusOr<std::unique_ptr<ClipReader>> reader = OpenAt(path, width, height);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return "";
    absl::StatusOr<Yuv420Image> frame = (*reader)->FrameAt(index);
    EXPECT_TRUE(frame.ok()) << frame.status();
    if (!frame.ok()) return "";
    EXPECT_EQ(frame->width, width);
    EXPECT_EQ(frame->height, height);
    return testing::QuadrantColors(*frame);
  }

  fs::path dir_;
  std::string plain_;
};

TEST_F(ClipOrientationTest, ClipWithoutDisplayMatrixStreamsAsStored) {
  EXPECT_EQ(QuadrantsAt(plain_, kWidth, kHeight), "RBWW");
}

TEST_F(ClipOrientationTest, QuarterTurnsStreamUprightAtTheUprightSize) {
  // Output at the upright (portrait) shape, so nothing is cropped.
  const std::string clockwise = Rotated("cw.mp4", 90);
  EXPECT_EQ(QuadrantsAt(clockwise, kHeight, kWidth), "WRWB");
  const std::string counterclockwise = Rotated("ccw.mp4", 270);
  EXPECT_EQ(QuadrantsAt(counterclockwise, kHeight, kWidth), "BWRW");
  // The matrix an iPhone writes for a portrait clip (ffprobe: rotation -90).
  const int32_t iphone[9] = {0, 0x10000, 0, -0x10000, 0, 0, kHeight << 16, 0, 0x40000000};
  EXPECT_EQ(QuadrantsAt(Rotated("iphone.mp4", iphone), kHeight, kWidth), "WRWB");
}

TEST_F(ClipOrientationTest, HalfTurnAndMirrorsStreamUpright) {
  EXPECT_EQ(QuadrantsAt(Rotated("180.mp4", 180), kWidth, kHeight), "WWBR");
  EXPECT_EQ(QuadrantsAt(Rotated("hflip.mp4", 0, true), kWidth, kHeight), "BRWW");
  // A quarter turn with a mirror: the transpose (stored row 0 on the left).
  EXPECT_EQ(QuadrantsAt(Rotated("cw_hflip.mp4", 90, true), kHeight, kWidth), "RWBW");
}

TEST_F(ClipOrientationTest, CropFitsTheUprightPicture) {
  // The upright 90x160 clip into a landscape 64x36 output: the centre band of
  // the upright picture (white left, red over blue on the right) fills it.
  EXPECT_EQ(QuadrantsAt(Rotated("cw.mp4", 90), 64, 36), "WRWB");
  // Into a square: same band, taller.
  EXPECT_EQ(QuadrantsAt(Rotated("ccw.mp4", 270), 48, 48), "BWRW");
}

TEST_F(ClipOrientationTest, LoopedFramesStayUpright) {
  // Past the clip's end the reader rewinds; the turn holds on every pass.
  const std::string path = Rotated("cw.mp4", 90);
  absl::StatusOr<std::unique_ptr<ClipReader>> reader = OpenAt(path, kHeight, kWidth);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->orientation(), Orientation::kRotate90);
  for (int64_t index : {0, 5, kFrames + 3, 3 * kFrames + 1, 2}) {
    SCOPED_TRACE(index);
    absl::StatusOr<Yuv420Image> frame = (*reader)->FrameAt(index);
    ASSERT_TRUE(frame.ok()) << frame.status();
    EXPECT_EQ(testing::QuadrantColors(*frame), "WRWB");
  }
}

TEST_F(ClipOrientationTest, ProbeReportsTheUprightSize) {
  const absl::StatusOr<MediaInfo> portrait = ProbeMediaFile(Rotated("cw.mp4", 90));
  ASSERT_TRUE(portrait.ok()) << portrait.status();
  EXPECT_EQ(portrait->kind, MediaKind::kVideo);
  EXPECT_EQ(portrait->width, kHeight);
  EXPECT_EQ(portrait->height, kWidth);
  const absl::StatusOr<MediaInfo> upside_down = ProbeMediaFile(Rotated("180.mp4", 180));
  ASSERT_TRUE(upside_down.ok()) << upside_down.status();
  EXPECT_EQ(upside_down->width, kWidth);
  EXPECT_EQ(upside_down->height, kHeight);
}

}  // namespace
}  // namespace beatframe
