// Draft edits end to end (RenderRequest's trim, fades, volumes, background
// music, title range, explicit look and intensity): real render jobs on a
// synthesized 8-second drum track, the MP4 decoded again and compared with a
// plain render of the same part of the track.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/audio/decoder.h"
#include "engine/pipeline/render_job.h"
#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

constexpr double kTrackS = 8.0;
constexpr double kWindowS = 5.0;     // the plain render and most edits cover [0, 5)
constexpr double kFrameS = 1.0 / 30.0;
constexpr double kToneHz = 1500.0;   // the background music: a steady tone
constexpr float kToneLevel = 0.5f;

// Mono (channel mean) samples of a decoded file.
struct MonoAudio {
  int rate_hz = 0;
  std::vector<double> samples;
  double duration_s() const { return static_cast<double>(samples.size()) / rate_hz; }
};

MonoAudio ToMono(const AudioBuffer& audio) {
  MonoAudio mono;
  mono.rate_hz = audio.sample_rate_hz;
  mono.samples.resize(audio.frame_count());
  for (int64_t n = 0; n < audio.frame_count(); ++n) {
    double sum = 0.0;
    for (int c = 0; c < audio.channels; ++c) sum += audio.samples[n * audio.channels + c];
    mono.samples[n] = sum / audio.channels;
  }
  return mono;
}

MonoAudio DecodeMono(const std::string& path) {
  absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path);
  EXPECT_TRUE(audio.ok()) << audio.status();
  return audio.ok() ? ToMono(*audio) : MonoAudio{};
}

size_t Index(const MonoAudio& audio, double time_s) {
  return std::min(audio.samples.size(), static_cast<size_t>(std::max(0.0, time_s) * audio.rate_hz));
}

double Rms(const MonoAudio& audio, double from_s, double to_s) {
  const size_t first = Index(audio, from_s), last = Index(audio, to_s);
  double sum = 0.0;
  for (size_t i = first; i < last; ++i) sum += audio.samples[i] * audio.samples[i];
  return last > first ? std::sqrt(sum / static_cast<double>(last - first)) : 0.0;
}

// Amplitude of the `frequency_hz` component over [from_s, to_s) (a single
// DFT bin: a steady tone of amplitude A reads A).
double ToneAmplitude(const MonoAudio& audio, double frequency_hz, double from_s, double to_s) {
  const size_t first = Index(audio, from_s), last = Index(audio, to_s);
  double re = 0.0, im = 0.0;
  for (size_t i = first; i < last; ++i) {
    const double phase = 2.0 * M_PI * frequency_hz * static_cast<double>(i) / audio.rate_hz;
    re += audio.samples[i] * std::cos(phase);
    im += audio.samples[i] * std::sin(phase);
  }
  return last > first ? 2.0 * std::hypot(re, im) / static_cast<double>(last - first) : 0.0;
}

// Least-squares gain g minimising |mix - g * part| over [from_s, to_s): how
// loud `part` is inside `mix`.
double GainOfPart(const MonoAudio& mix, const MonoAudio& part, double from_s, double to_s) {
  const size_t first = Index(part, from_s), last = std::min(Index(part, to_s), mix.samples.size());
  double cross = 0.0, power = 0.0;
  for (size_t i = first; i < last; ++i) {
    cross += mix.samples[i] * part.samples[i];
    power += part.samples[i] * part.samples[i];
  }
  return power > 0.0 ? cross / power : 0.0;
}

// Mean absolute luma difference of two frames inside a box (fractions of the frame).
double BoxDifference(const testing::DecodedFrame& a, const testing::DecodedFrame& b, double x0, double y0, double x1,
                     double y1) {
  double sum = 0.0;
  int count = 0;
  for (int y = static_cast<int>(y0 * a.height); y < static_cast<int>(y1 * a.height); ++y) {
    for (int x = static_cast<int>(x0 * a.width); x < static_cast<int>(x1 * a.width); ++x, ++count) {
      sum += std::abs(a.y[static_cast<size_t>(y) * a.width + x] - b.y[static_cast<size_t>(y) * b.width + x]);
    }
  }
  return count > 0 ? sum / count : 0.0;
}

int64_t FrameAt(double time_s) { return static_cast<int64_t>(std::llround(time_s * 30.0)); }

class DraftFeaturesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("bf_draft_features_" + std::to_string(getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    SynthOptions options;
    options.bpm = 120.0;
    options.duration_s = kTrackS;
    options.style = SynthStyle::kDrums;
    track_ = new SynthesizedTrack(SynthesizeBeatTrack(options));
    // WAV so the source samples are exactly known (no codec delay).
    ASSERT_TRUE(WriteAudioFile(Path("drums.wav"), track_->audio, AudioFileFormat::kWav).ok());
    // 2.5 s of tone at another rate: resampled and looped. (Stereo: the
    // decoder upmixes a mono file at -3 dB per channel.)
    ASSERT_TRUE(WriteAudioFile(Path("tone.wav"), SynthesizeSine(kToneHz, 2.5, 32000, 2, kToneLevel),
                               AudioFileFormat::kWav)
                    .ok());
    absl::StatusOr<RenderResult> plain = RunRenderJob(Request("plain.mp4"), nullptr);
    ASSERT_TRUE(plain.ok()) << plain.status();
  }
  static void TearDownTestSuite() {
    if (getenv("BF_KEEP_TEST_OUTPUT") == nullptr) fs::remove_all(*dir_);
    delete dir_;
    delete track_;
  }
  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }

  // The first kWindowS seconds, no title, the pulse style, 720p (quicker).
  static RenderRequest Request(const std::string& output) {
    RenderRequest request;
    request.input_path = Path("drums.wav");
    request.output_path = Path(output);
    request.prompt = "neon pulse, no title";
    request.resolution = "720p";
    request.end_s = kWindowS;
    return request;
  }

  static std::vector<testing::DecodedFrame> Frames(const std::string& name, const std::vector<int64_t>& indices) {
    absl::StatusOr<std::vector<testing::DecodedFrame>> frames = testing::DecodeVideoFrames(Path(name), indices);
    EXPECT_TRUE(frames.ok()) << frames.status();
    return frames.ok() ? *frames : std::vector<testing::DecodedFrame>(indices.size());
  }

  static fs::path* dir_;
  static SynthesizedTrack* track_;
};

fs::path* DraftFeaturesTest::dir_ = nullptr;
SynthesizedTrack* DraftFeaturesTest::track_ = nullptr;

TEST_F(DraftFeaturesTest, OnlyTheFirstSecondsGivesExactlyThatLong) {
  RenderRequest request = Request("first3.mp4");
  request.end_s = 3.0;
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->frames, 90);
  EXPECT_DOUBLE_EQ(result->plan.duration_s, 3.0);
  absl::StatusOr<testing::Mp4Facts> facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_NEAR(facts->video.duration_s, 3.0, kFrameS);
  EXPECT_NEAR(DecodeMono(request.output_path).duration_s(), 3.0, kFrameS);
}

TEST_F(DraftFeaturesTest, TrimCoversThatPartOfTheTrackAndMovesTheBeats) {
  RenderRequest request = Request("trim.mp4");
  request.start_s = 2.0;
  request.end_s = 6.5;
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->frames, 135);
  EXPECT_NEAR(result->duration_s, 4.5, 1e-9);
  // The synthesized beats are at 0.1 + 0.5 k s: in the trimmed video at 0.1 + 0.5 k again.
  ASSERT_FALSE(result->analysis.beat_times_s.empty());
  EXPECT_NEAR(result->analysis.beat_times_s.front(), 0.1, 0.03);
  EXPECT_LT(result->analysis.beat_times_s.back(), 4.5);
  EXPECT_DOUBLE_EQ(result->analysis.duration_s, 4.5);

  // The audio is the track's 2.0..6.5 s: best alignment at lag 0.
  const MonoAudio out = DecodeMono(request.output_path);
  EXPECT_NEAR(out.duration_s(), 4.5, kFrameS);
  const MonoAudio source = ToMono(track_->audio);
  ASSERT_EQ(out.rate_hz, source.rate_hz);
  const size_t offset = Index(source, 2.0), length = Index(out, 4.0);
  int best_lag = 0;
  double best = -1.0, best_norm = 0.0;
  for (int lag = -1000; lag <= 1000; ++lag) {
    double cross = 0.0, a2 = 0.0, b2 = 0.0;
    for (size_t i = 2000; i < length; i += 3) {
      const double a = out.samples[i], b = source.samples[offset + i + lag];
      cross += a * b;
      a2 += a * a;
      b2 += b * b;
    }
    const double norm = cross / std::sqrt(a2 * b2 + 1e-30);
    if (norm > best) {
      best = norm;
      best_lag = lag;
      best_norm = norm;
    }
  }
  EXPECT_LE(std::abs(best_lag), 44) << "lag " << best_lag << " samples";
  EXPECT_GT(best_norm, 0.95);
}

TEST_F(DraftFeaturesTest, LyricsMoveWithTheTrimAndCaptionsStayInOutputTime) {
  std::ofstream(Path("words.lrc")) << "[00:03.00]In track time\n[00:03.80]\n";
  RenderRequest request = Request("trim_text.mp4");
  request.start_s = 2.0;
  request.end_s = 4.0;
  request.lyrics_path = Path("words.lrc");
  request.captions = {{"In output time", 0.2, 0.6}};
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->plan.captions.size(), 2u);
  EXPECT_EQ(result->plan.captions[0].text, "In output time");
  EXPECT_DOUBLE_EQ(result->plan.captions[0].start_s, 0.2);
  EXPECT_EQ(result->plan.captions[1].text, "In track time");
  EXPECT_NEAR(result->plan.captions[1].start_s, 1.0, 1e-9);
  EXPECT_NEAR(result->plan.captions[1].end_s, 1.8, 1e-9);
}

TEST_F(DraftFeaturesTest, FadesDarkenTheEndsAndRampTheAudio) {
  RenderRequest request = Request("fades.mp4");
  request.fade_in_s = 1.5;
  request.fade_out_s = 1.5;
  ASSERT_TRUE(RunRenderJob(request, nullptr).ok());
  // Past the styles' own 0.5 s fades the plain render is at full brightness;
  // the faded one is still dark, and the same in the middle.
  const std::vector<int64_t> at = {0, FrameAt(0.75), FrameAt(2.5), FrameAt(4.25), FrameAt(kWindowS) - 1};
  const std::vector<testing::DecodedFrame> faded = Frames("fades.mp4", at);
  const std::vector<testing::DecodedFrame> plain = Frames("plain.mp4", at);
  const auto luma = [](const testing::DecodedFrame& f) { return f.MeanLuma(0.0, 0.0, 1.0, 1.0); };
  EXPECT_LT(luma(faded[0]), 18.0);
  EXPECT_LT(luma(faded[4]), 18.0);
  EXPECT_LT(luma(faded[1]) - 16.0, 0.7 * (luma(plain[1]) - 16.0));
  EXPECT_LT(luma(faded[3]) - 16.0, 0.7 * (luma(plain[3]) - 16.0));
  EXPECT_NEAR(luma(faded[2]), luma(plain[2]), 1.0);

  const MonoAudio with = DecodeMono(request.output_path);
  const MonoAudio without = DecodeMono(Path("plain.mp4"));
  EXPECT_LT(Rms(with, 0.0, 0.3), 0.1 * Rms(without, 0.0, 0.3) + 1e-4);
  EXPECT_LT(Rms(with, 0.0, 0.5), Rms(with, 0.5, 1.0));  // rising
  EXPECT_NEAR(Rms(with, 1.6, 3.4), Rms(without, 1.6, 3.4), 0.05 * Rms(without, 1.6, 3.4));
  EXPECT_GT(Rms(with, 3.5, 4.0), Rms(with, 4.5, 5.0));  // falling
  EXPECT_LT(Rms(with, 4.7, 5.0), 0.1 * Rms(without, 4.7, 5.0) + 1e-4);
}

TEST_F(DraftFeaturesTest, BackgroundMusicPlaysUnderAnUnchangedMainTrack) {
  RenderRequest request = Request("background.mp4");
  request.background_music_path = Path("tone.wav");
  request.background_volume = 0.3;
  ASSERT_TRUE(RunRenderJob(request, nullptr).ok());
  const MonoAudio with = DecodeMono(request.output_path);
  const MonoAudio without = DecodeMono(Path("plain.mp4"));
  // The tone at 30% of its level, at the start and (looped) at the end.
  EXPECT_NEAR(ToneAmplitude(with, kToneHz, 0.5, 2.0), 0.3 * kToneLevel, 0.15 * 0.3 * kToneLevel);
  EXPECT_NEAR(ToneAmplitude(with, kToneHz, 3.5, 4.9), 0.3 * kToneLevel, 0.15 * 0.3 * kToneLevel);
  EXPECT_LT(ToneAmplitude(without, kToneHz, 0.5, 4.9), 0.1 * 0.3 * kToneLevel);
  // The drums inside the mix at their own level.
  EXPECT_NEAR(GainOfPart(with, without, 0.2, 4.8), 1.0, 0.03);
}

TEST_F(DraftFeaturesTest, MusicVolumeScalesTheMainTrackWithoutClipping) {
  RenderRequest quiet = Request("quiet.mp4");
  quiet.music_volume = 0.5;
  ASSERT_TRUE(RunRenderJob(quiet, nullptr).ok());
  const MonoAudio without = DecodeMono(Path("plain.mp4"));
  EXPECT_NEAR(GainOfPart(DecodeMono(quiet.output_path), without, 0.2, 4.8), 0.5, 0.02);

  // The track peaks at 0.7: at 1.8 times it would pass full scale, and the
  // limiter turns the peaks down instead of clipping or wrapping them.
  RenderRequest loud = Request("loud.mp4");
  loud.music_volume = 1.8;
  ASSERT_TRUE(RunRenderJob(loud, nullptr).ok());
  absl::StatusOr<AudioBuffer> decoded = DecodeAudioFile(loud.output_path);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  float peak = 0.0f;
  for (float s : decoded->samples) peak = std::max(peak, std::abs(s));
  EXPECT_LE(peak, 1.0f);
  const double gain = GainOfPart(ToMono(*decoded), without, 0.2, 4.8);
  EXPECT_GT(gain, 1.3);
  EXPECT_LT(gain, 1.8);
}

TEST_F(DraftFeaturesTest, TitleShowsOnlyInItsTimeRange) {
  RenderRequest first = Request("title_first3.mp4");
  first.title = "Urban Dreams";
  first.title_duration_s = 3.0;  // "title 'Urban Dreams' for the first 3 seconds"
  absl::StatusOr<RenderResult> result = RunRenderJob(first, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_DOUBLE_EQ(result->plan.title_start_s, 0.0);
  EXPECT_DOUBLE_EQ(result->plan.title_duration_s, 3.0);
  RenderRequest later = Request("title_later.mp4");
  later.title = "Urban Dreams";
  later.title_start_s = 1.5;
  later.title_duration_s = 2.0;
  ASSERT_TRUE(RunRenderJob(later, nullptr).ok());

  const std::vector<int64_t> at = {FrameAt(0.9), FrameAt(1.5), FrameAt(2.5), FrameAt(3.2), FrameAt(4.0)};
  const std::vector<testing::DecodedFrame> plain = Frames("plain.mp4", at);
  const std::vector<testing::DecodedFrame> a = Frames("title_first3.mp4", at);
  const std::vector<testing::DecodedFrame> b = Frames("title_later.mp4", at);
  // The title band under the visual on 16:9.
  const auto title_area = [&](const std::vector<testing::DecodedFrame>& frames, size_t i) {
    return BoxDifference(frames[i], plain[i], 0.2, 0.77, 0.8, 0.93);
  };
  EXPECT_GT(title_area(a, 1), 6.0);
  EXPECT_GT(title_area(a, 2), 6.0);
  EXPECT_LT(title_area(a, 3), 1.5);
  EXPECT_LT(title_area(a, 4), 1.5);
  EXPECT_LT(title_area(b, 0), 1.5);
  EXPECT_GT(title_area(b, 2), 6.0);
  EXPECT_LT(title_area(b, 4), 1.5);
}

TEST_F(DraftFeaturesTest, ExplicitStyleAndPaletteWinOverThePrompt) {
  RenderRequest request = Request("look.mp4");
  request.prompt = "calm gradient in pastel, no title";
  request.end_s = 1.0;
  request.style = " Bars";
  request.palette = "warm";
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->plan.style, "bars");
  EXPECT_EQ(result->plan.palette, "warm");
  // Without them the prompt decides.
  request.output_path = Path("look_prompt.mp4");
  request.style.clear();
  request.palette.clear();
  result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->plan.style, "gradient");
  EXPECT_EQ(result->plan.palette, "pastel");
}

TEST_F(DraftFeaturesTest, BadEditsAreInvalidArgumentAndLeaveNothing) {
  const auto expect_invalid = [&](RenderRequest request, const std::string& words) {
    absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
    EXPECT_NE(result.status().message().find(words), std::string::npos) << result.status();
    EXPECT_FALSE(fs::exists(request.output_path));
    EXPECT_FALSE(fs::exists(request.output_path + ".partial"));
  };
  RenderRequest request = Request("bad.mp4");
  request.style = "sparkles";
  expect_invalid(request, "pulse, bars, waveform, particles, tunnel, gradient");
  request = Request("bad.mp4");
  request.palette = "rainbow";
  expect_invalid(request, "neon, pastel, dark, warm, mono, cover");
  request = Request("bad.mp4");
  request.start_s = 9.0;
  request.end_s = -1.0;
  expect_invalid(request, "8 s long");
  request = Request("bad.mp4");
  request.end_s = 12.0;
  expect_invalid(request, "8 s long");
  request = Request("bad.mp4");
  request.start_s = 3.0;
  request.end_s = 3.0;
  expect_invalid(request, "empty");
  request = Request("bad.mp4");
  request.music_volume = 2.5;
  expect_invalid(request, "music_volume");
  request = Request("bad.mp4");
  request.intensity = -1.5;
  expect_invalid(request, "intensity");
  request = Request("bad.mp4");
  request.fade_in_s = -1.0;
  expect_invalid(request, "fade_in_s");
  request = Request("bad.mp4");
  request.title_duration_s = 0.0;
  expect_invalid(request, "title_duration_s");
  request = Request("bad.mp4");
  request.background_music_path = Path("no_such_tone.wav");
  const absl::StatusOr<RenderResult> missing = RunRenderJob(request, nullptr);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
  EXPECT_NE(missing.status().message().find("background music"), std::string::npos) << missing.status();
}

// Mean luma of the beat frames minus that of the frames halfway between
// beats, over the middle of a render: how hard the picture hits on the beat.
double BeatSwing(const std::string& path) {
  std::vector<int64_t> beats, mids;
  for (double t = 1.1; t < 3.8; t += 0.5) {  // the track's beats: 0.1 + 0.5 k
    beats.push_back(FrameAt(t));
    mids.push_back(FrameAt(t + 0.25));
  }
  std::vector<int64_t> all = beats;
  all.insert(all.end(), mids.begin(), mids.end());
  std::sort(all.begin(), all.end());
  absl::StatusOr<std::vector<testing::DecodedFrame>> frames = testing::DecodeVideoFrames(path, all);
  EXPECT_TRUE(frames.ok()) << frames.status();
  if (!frames.ok()) return 0.0;
  double swing = 0.0;
  for (size_t i = 0; i < all.size(); ++i) {
    const double luma = (*frames)[i].MeanLuma(0.2, 0.1, 0.8, 0.75);
    swing += std::find(beats.begin(), beats.end(), all[i]) != beats.end() ? luma : -luma;
  }
  return swing / static_cast<double>(beats.size());
}

TEST_F(DraftFeaturesTest, IntensityShrinksOrGrowsTheBeatResponse) {
  RenderRequest calm = Request("calm.mp4");
  calm.end_s = 4.0;
  calm.intensity = -1.0;
  ASSERT_TRUE(RunRenderJob(calm, nullptr).ok());
  RenderRequest energetic = Request("energetic.mp4");
  energetic.end_s = 4.0;
  energetic.intensity = 1.0;
  ASSERT_TRUE(RunRenderJob(energetic, nullptr).ok());
  const double calm_swing = BeatSwing(calm.output_path);
  const double energetic_swing = BeatSwing(energetic.output_path);
  std::printf("beat swing: calm %.2f, energetic %.2f\n", calm_swing, energetic_swing);
  EXPECT_GT(energetic_swing, 0.5);
  EXPECT_GT(energetic_swing, 2.0 * calm_swing);
}

}  // namespace
}  // namespace beatframe
