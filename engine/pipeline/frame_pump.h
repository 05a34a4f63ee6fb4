// The rendering/encoding stage of a render job: the calling thread renders
// frames into a small pool of reused YuvFrame buffers, an encoder thread
// writes each one with its slice of audio. Internal to bf_pipeline.
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "engine/audio/audio_buffer.h"
#include "engine/encode/mp4_writer.h"
#include "engine/pipeline/progress_reporter.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"

namespace beatframe::pipeline_internal {

// Frames in flight between the two threads. Enough to ride out a frame that
// renders or encodes slowly; each 1080p buffer is ~3 MB.
constexpr int kFramePoolSize = 5;

// The audio that belongs to video frame `index`, as sample frames [first,
// second): [round(i*rate/fps), round((i+1)*rate/fps)). Consecutive frames
// tile the track exactly, so N frames carry round(N*rate/fps) samples.
std::pair<int64_t, int64_t> AudioSpanForFrame(int64_t index, int sample_rate_hz, int fps_num, int fps_den);

struct FramePumpJob {
  Style* style;
  const FrameContextBuilder* contexts;
  Mp4Writer* writer;           // used only by the encoder thread while the pump runs
  const AudioBuffer* audio;    // stereo at the writer's rate; silence past its end
  int width;
  int height;
  int fps_num;
  int fps_den;
  int64_t frame_count;
  const std::atomic<bool>* cancel;   // may be null
  ProgressReporter* progress;        // called from the calling thread only
};

// Renders and encodes frames 0..frame_count-1. Returns OK once every frame
// and its audio went to the writer (the caller then calls Finish), CANCELLED
// when `cancel` became true, or the first error; both threads have stopped
// on return in every case.
absl::Status PumpFrames(const FramePumpJob& job);

}  // namespace beatframe::pipeline_internal
