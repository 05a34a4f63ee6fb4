// The audio of a render: the part of the main track the video covers, at the
// requested volume, with background music mixed under it, faded in and out,
// and limited when the sum could pass full scale. Built once, after analysis
// (which reads the main track alone), before frames are encoded. Internal to
// bf_pipeline.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/audio/audio_buffer.h"
#include "engine/pipeline/render_job.h"
#include "engine/timeline/track_window.h"

namespace beatframe::pipeline_internal {

// Decodes the start of the file at `path` (at most `max_frames` sample
// frames, so a long file never sits whole in memory) at `sample_rate_hz`
// with `channels` channels. NOT_FOUND / INVALID_ARGUMENT as DecodeAudioFile,
// the message prefixed "background music".
absl::StatusOr<AudioBuffer> LoadBackgroundMusic(const std::string& path, int sample_rate_hz, int channels,
                                                int64_t max_frames);

// Sample frames of `audio` inside `window`: [round(start * rate), round(end * rate)).
std::pair<int64_t, int64_t> WindowFrames(const AudioBuffer& audio, const TrackWindow& window);

// Turns `audio`, the whole decoded main track, into the output's soundtrack
// in place: the window's samples at request.music_volume, `background` (null
// for none; same rate and channels) mixed under them at
// request.background_volume, looped or cut to length, the request's fades,
// then the peak limiter when a background or a volume above 1 could clip.
// With no trim, volume 1, no background and no fades `audio` is untouched.
absl::Status BuildSoundtrack(const RenderRequest& request, const TrackWindow& window, const AudioBuffer* background,
                             AudioBuffer& audio);

}  // namespace beatframe::pipeline_internal
