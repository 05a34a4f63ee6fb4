#include "engine/pipeline/soundtrack.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine/audio/audio_mixer.h"
#include "engine/audio/decoder.h"
#include "engine/audio/peak_limiter.h"
#include "engine/common/status_macros.h"

namespace beatframe::pipeline_internal {
namespace {

// Decoding block size for the background: about a second.
constexpr int64_t kBackgroundBlockFrames = 48000;
// The decoder has no "stop here": the block callback returns this status once
// it has enough, and LoadBackgroundMusic recognises it by its message.
constexpr char kEnoughMessage[] = "background music: enough decoded";

}  // namespace

absl::StatusOr<AudioBuffer> LoadBackgroundMusic(const std::string& path, int sample_rate_hz, int channels,
                                                int64_t max_frames) {
  DecodeOptions options;
  options.sample_rate_hz = sample_rate_hz;
  options.channels = channels;
  AudioBuffer music;
  music.sample_rate_hz = sample_rate_hz;
  music.channels = channels;
  const absl::Status status =
      DecodeAudioFileInBlocks(path, options, kBackgroundBlockFrames, [&](const AudioBuffer& block) -> absl::Status {
        const int64_t wanted = std::min(block.frame_count(), max_frames - music.frame_count());
        music.samples.insert(music.samples.end(), block.samples.begin(),
                             block.samples.begin() + wanted * block.channels);
        if (music.frame_count() >= max_frames) return absl::CancelledError(kEnoughMessage);
        return absl::OkStatus();
      });
  if (!status.ok() && status.message() != kEnoughMessage) return Annotate(status, "background music");
  return music;
}

std::pair<int64_t, int64_t> WindowFrames(const AudioBuffer& audio, const TrackWindow& window) {
  const int64_t total = audio.frame_count();
  const int64_t first = std::clamp<int64_t>(std::llround(window.start_s * audio.sample_rate_hz), 0, total);
  const int64_t last = std::clamp<int64_t>(std::llround(window.end_s * audio.sample_rate_hz), first, total);
  return {first, last};
}

absl::Status BuildSoundtrack(const RenderRequest& request, const TrackWindow& window, const AudioBuffer* background,
                             AudioBuffer& audio) {
  const auto [first, last] = WindowFrames(audio, window);
  if (first > 0 || last < audio.frame_count()) {
    const int channels = audio.channels;
    audio.samples.erase(audio.samples.begin() + last * channels, audio.samples.end());
    audio.samples.erase(audio.samples.begin(), audio.samples.begin() + first * channels);
    audio.samples.shrink_to_fit();   // a short excerpt of a long track frees the rest
  }
  ApplyGain(static_cast<float>(request.music_volume), audio);
  if (background != nullptr && background->frame_count() > 0 && request.background_volume > 0.0) {
    BF_RETURN_IF_ERROR(
        Annotate(MixLooped(*background, static_cast<float>(request.background_volume), audio), "background music"));
  }
  ApplyFadeInOut(request.fade_in_s, request.fade_out_s, audio);
  if (background != nullptr || request.music_volume > 1.0) LimitPeaks(audio);
  return absl::OkStatus();
}

}  // namespace beatframe::pipeline_internal
