// Whole render jobs with a montage: a synthesized 120 BPM drum track, three
// textured stills of distinct colours (PNG, JPEG, WebP) and one H.264 clip
// with a loud tone on its own sound track. The MP4 is decoded again: the
// frames where the dominant colour changes (the cuts) must sit within one
// frame of a beat frame, stills must move within their shots (Ken Burns),
// and the sound must be the track's alone.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/audio/decoder.h"
#include "engine/pipeline/render_job.h"
#include "engine/render/palette.h"
#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"
#include "tests/media/visual_media_writer.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

constexpr double kTrackS = 8.0;
constexpr double kClipToneHz = 3000.0;
// Mean absolute luma change that counts as motion; a still picture
// re-encoded frame to frame changes by well under this.
constexpr double kMotionThreshold = 0.5;

struct Swatch {
  const char* name;
  Rgb rgb;
};
// The media's colours, in upload order: three stills, then the clip.
const Swatch kSwatches[] = {{"red", {210, 40, 40}},
                            {"green", {40, 190, 60}},
                            {"blue", {40, 60, 210}},
                            {"yellow", {220, 200, 40}}};

class MontageJobTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("bf_montage_job_" + std::to_string(getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    SynthOptions options;
    options.bpm = 120.0;
    options.duration_s = kTrackS;
    track_ = new SynthesizedTrack(SynthesizeBeatTrack(options));
    ASSERT_TRUE(WriteAudioFile(Path("drums.mp3"), track_->audio, AudioFileFormat::kMp3).ok());
    const testing::ImageFormat formats[3] = {testing::ImageFormat::kPng, testing::ImageFormat::kJpeg,
                                             testing::ImageFormat::kWebp};
    media_ = new std::vector<std::string>();
    for (int i = 0; i < 3; ++i) {
      const Rgb& c = kSwatches[i].rgb;
      const std::string path = Path(std::string(kSwatches[i].name) + "." + testing::ImageExtension(formats[i]));
      ASSERT_TRUE(testing::WriteImage(path, formats[i], 480, 270,
                                      testing::TexturedColor(static_cast<uint8_t>(c.r), static_cast<uint8_t>(c.g),
                                                             static_cast<uint8_t>(c.b)))
                      .ok());
      media_->push_back(path);
    }
    // A 1.2 s clip (it loops in longer shots) whose stripes move every frame.
    testing::ClipSpec clip;
    clip.width = 320;
    clip.height = 180;
    clip.frames = 30;
    clip.tone_hz = kClipToneHz;
    const Rgb& y = kSwatches[3].rgb;
    const testing::RgbPainter base = testing::TexturedColor(static_cast<uint8_t>(y.r), static_cast<uint8_t>(y.g),
                                                            static_cast<uint8_t>(y.b));
    ASSERT_TRUE(testing::WriteClip(Path("yellow.mp4"), clip, [&](int index, int w, int h, uint8_t* rgb) {
                  base(index, w, h, rgb);
                  for (int row = 0; row < h; ++row) {  // a dark bar sweeping across
                    for (int x = (index * 8) % w; x < std::min(w, (index * 8) % w + 12); ++x) {
                      uint8_t* p = rgb + (static_cast<size_t>(row) * w + x) * 3;
                      p[0] = static_cast<uint8_t>(p[0] * 0.7);
                      p[1] = static_cast<uint8_t>(p[1] * 0.7);
                      p[2] = static_cast<uint8_t>(p[2] * 0.7);
                    }
                  }
                }).ok());
    media_->push_back(Path("yellow.mp4"));
  }
  static void TearDownTestSuite() {
    if (getenv("BF_KEEP_TEST_OUTPUT") == nullptr) fs::remove_all(*dir_);
    delete dir_;
    delete track_;
    delete media_;
  }
  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }

  static RenderRequest Request(const std::string& output, const std::string& prompt) {
    RenderRequest request;
    request.input_path = Path("drums.mp3");
    request.output_path = Path(output);
    request.prompt = prompt;
    request.media_paths = *media_;
    return request;
  }

  static fs::path* dir_;
  static SynthesizedTrack* track_;
  static std::vector<std::string>* media_;
};

fs::path* MontageJobTest::dir_ = nullptr;
SynthesizedTrack* MontageJobTest::track_ = nullptr;
std::vector<std::string>* MontageJobTest::media_ = nullptr;

// Which swatch a frame shows: the nearest in chroma (mean over the region).
int DominantSwatch(const testing::DecodedFrame& frame, double x0, double y0, double x1, double y1) {
  const int cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2;
  double u = 0, v = 0;
  int n = 0;
  for (int y = static_cast<int>(y0 * ch); y < static_cast<int>(y1 * ch); ++y) {
    for (int x = static_cast<int>(x0 * cw); x < static_cast<int>(x1 * cw); ++x) {
      u += frame.u[static_cast<size_t>(y) * cw + x];
      v += frame.v[static_cast<size_t>(y) * cw + x];
      ++n;
    }
  }
  u /= n;
  v /= n;
  int best = -1;
  double best_d = 1e18;
  for (int i = 0; i < 4; ++i) {
    // Hue, not saturation: compare directions from neutral (a flash pales a colour).
    const YuvColor c = RgbToYuv709(kSwatches[i].rgb);
    const double a = std::atan2(v - 128, u - 128), b = std::atan2(c.v - 128, c.u - 128);
    const double d = std::abs(std::remainder(a - b, 2 * M_PI));
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

struct DecodedRun {
  std::vector<int> swatch;                     // per frame
  std::vector<std::vector<uint8_t>> luma;      // per frame, every 7th luma sample (motion checks)
};

// Mean absolute luma difference between two frames' samples.
double LumaDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  double diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff += std::abs(a[i] - b[i]);
  return diff / static_cast<double>(a.size());
}

DecodedRun Decode(const std::string& path, double x0, double y0, double x1, double y1) {
  DecodedRun run;
  const absl::Status status = testing::ForEachVideoFrame(path, [&](int64_t, const testing::DecodedFrame& frame) {
    run.swatch.push_back(DominantSwatch(frame, x0, y0, x1, y1));
    std::vector<uint8_t> luma;
    for (size_t i = 0; i < frame.y.size(); i += 7) luma.push_back(frame.y[i]);
    run.luma.push_back(std::move(luma));
    return true;
  });
  EXPECT_TRUE(status.ok()) << status;
  return run;
}

std::vector<int64_t> BeatFrames(const RenderResult& result) {
  std::vector<int64_t> frames;
  for (double t : result.analysis.beat_times_s) {
    frames.push_back(std::llround(t * result.plan.fps_num / result.plan.fps_den));
  }
  return frames;
}

// Frames where the dominant colour differs from the frame before.
std::vector<int64_t> ColourChanges(const std::vector<int>& swatch) {
  std::vector<int64_t> changes;
  for (size_t i = 1; i < swatch.size(); ++i) {
    if (swatch[i] != swatch[i - 1]) changes.push_back(static_cast<int64_t>(i));
  }
  return changes;
}

void ExpectCutsOnBeats(const std::vector<int64_t>& cuts, const std::vector<int64_t>& beats) {
  for (int64_t cut : cuts) {
    int64_t nearest = 1 << 30;
    for (int64_t beat : beats) nearest = std::min(nearest, std::abs(beat - cut));
    EXPECT_LE(nearest, 1) << "a cut at frame " << cut << " is " << nearest << " frames from the nearest beat";
  }
}

// Goertzel power of `hz` in [first, last) sample frames (channel 0).
double TonePower(const AudioBuffer& audio, double hz, int64_t first, int64_t last) {
  const double w = 2.0 * M_PI * hz / audio.sample_rate_hz, k = 2.0 * std::cos(w);
  double s1 = 0, s2 = 0;
  last = std::min(last, audio.frame_count());
  for (int64_t i = first; i < last; ++i) {
    const double s = audio.samples[static_cast<size_t>(i) * audio.channels] + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / std::max<int64_t>(1, last - first);
}

TEST_F(MontageJobTest, MontageCutsLandOnBeatFramesStillsMoveAndTheSoundIsTheTracks) {
  // Cutting on every beat gives many cuts to check in a short track.
  const RenderRequest request = Request("montage_only.mp4", "montage only, cut on every beat");
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<int64_t> beats = BeatFrames(*result);
  ASSERT_GE(beats.size(), 12u);

  const DecodedRun run = Decode(request.output_path, 0.2, 0.2, 0.8, 0.8);
  ASSERT_EQ(static_cast<int64_t>(run.swatch.size()), result->frames);
  const std::vector<int64_t> cuts = ColourChanges(run.swatch);
  // Every beat from the second on is a cut: most of them must show.
  EXPECT_GE(cuts.size(), beats.size() - 3) << "too few cuts";
  ExpectCutsOnBeats(cuts, beats);
  // The media come in upload order: red, green, blue, yellow (the clip), red...
  std::vector<int> order;
  for (int s : run.swatch) {
    if (order.empty() || order.back() != s) order.push_back(s);
  }
  ASSERT_GE(order.size(), 5u);
  for (size_t i = 1; i < order.size(); ++i) {
    EXPECT_EQ(order[i], (order[i - 1] + 1) % 4) << "shot " << i;
  }

  // One video and one audio stream, as long as the track.
  absl::StatusOr<testing::Mp4Facts> facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->stream_count, 2);
  EXPECT_NEAR(facts->audio.duration_s, kTrackS, 0.1);
  // The clip's tone is loud in the clip and absent from the render.
  absl::StatusOr<AudioBuffer> clip_audio = DecodeAudioFile(Path("yellow.mp4"));
  ASSERT_TRUE(clip_audio.ok()) << clip_audio.status();
  absl::StatusOr<AudioBuffer> out_audio = DecodeAudioFile(request.output_path);
  ASSERT_TRUE(out_audio.ok()) << out_audio.status();
  const double clip_tone = TonePower(*clip_audio, kClipToneHz, 0, clip_audio->frame_count());
  const double out_tone = TonePower(*out_audio, kClipToneHz, 0, out_audio->frame_count());
  const double track_tone = TonePower(track_->audio, kClipToneHz, 0, track_->audio.frame_count());
  EXPECT_GT(clip_tone, 1000.0 * (track_tone + 1e-9));
  EXPECT_LT(out_tone, 4.0 * track_tone + 1e-6);
}

TEST_F(MontageJobTest, KenBurnsMovesStillsWithinLongShots) {
  const RenderRequest request = Request("slow.mp4", "montage only, every 2 bars");
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  const DecodedRun run = Decode(request.output_path, 0.2, 0.2, 0.8, 0.8);
  const std::vector<int64_t> cuts = ColourChanges(run.swatch);
  ASSERT_GE(cuts.size(), 1u);
  ExpectCutsOnBeats(cuts, BeatFrames(*result));
  // The first shot (a still) is at least 2 bars (~4 s) long: its frames keep changing.
  const int64_t first_cut = cuts.front();
  ASSERT_GE(first_cut, 60);
  int moving = 0, checked = 0;
  for (int64_t f = 5; f + 10 < first_cut - 3; f += 10) {
    const double diff = LumaDifference(run.luma[f], run.luma[f + 10]);
    ++checked;
    if (diff > kMotionThreshold) ++moving;
    std::printf("frames %lld..%lld differ by %.2f\n", static_cast<long long>(f), static_cast<long long>(f + 10), diff);
  }
  EXPECT_GE(checked, 4);
  EXPECT_EQ(moving, checked);
}

TEST_F(MontageJobTest, StyleDrawsOverTheMontageAndCutsStillLandOnBeats) {
  const RenderRequest request = Request("with_style.mp4", "particles, every beat");
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->plan.style, "particles");
  // The top band: particles are sparse there, the montage dominates.
  const DecodedRun run = Decode(request.output_path, 0.05, 0.05, 0.95, 0.3);
  const std::vector<int64_t> cuts = ColourChanges(run.swatch);
  EXPECT_GE(cuts.size(), BeatFrames(*result).size() / 2);
  ExpectCutsOnBeats(cuts, BeatFrames(*result));
}

TEST_F(MontageJobTest, RefusesAnAudioFileOrAMissingFileAsMontageMedia) {
  RenderRequest request = Request("bad.mp4", "");
  request.media_paths = {Path("drums.mp3")};
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_FALSE(fs::exists(request.output_path));
  request.media_paths = {Path("missing.png")};
  result = RunRenderJob(request, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  EXPECT_FALSE(fs::exists(request.output_path));
}

TEST_F(MontageJobTest, TheFirstBadItemInOrderIsTheOneReported) {
  // Items load on two threads (every other one each); the error still names
  // the earliest bad item, whichever thread met it.
  RenderRequest request = Request("bad.mp4", "");
  request.media_paths = {Path("missing-first.png"), Path("drums.mp3"), Path("missing-third.png")};
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  EXPECT_NE(result.status().message().find("missing-first.png"), absl::string_view::npos) << result.status();
  request.media_paths = {Path("missing-first.png"), Path("drums.mp3")};
  std::swap(request.media_paths[0], request.media_paths[1]);
  result = RunRenderJob(request, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_FALSE(fs::exists(request.output_path));
}

}  // namespace
}  // namespace beatframe
