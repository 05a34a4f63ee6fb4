#include "engine/pipeline/frame_pump.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/pipeline/frame_queue.h"
#include "engine/render/frame.h"

namespace beatframe::pipeline_internal {
namespace {

struct FilledFrame {
  int64_t index;
  YuvFrame* frame;
};

bool Cancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// State shared by the two threads for one pump.
struct Shared {
  BlockingQueue<YuvFrame*> free;
  BlockingQueue<FilledFrame> filled;
  std::atomic<int64_t> frames_encoded{0};
  std::mutex error_mutex;
  absl::Status error;   // first failure of either thread

  void Fail(absl::Status status) {
    {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (error.ok()) error = std::move(status);
    }
    // Wake both threads wherever they wait.
    free.Abort();
    filled.Abort();
  }
  absl::Status FirstError() {
    std::lock_guard<std::mutex> lock(error_mutex);
    return error;
  }
};

// Writes `index`'s audio span: the decoded samples, then silence for any
// part past the end of the track.
absl::Status WriteAudioForFrame(const FramePumpJob& job, int64_t index) {
  const AudioBuffer& audio = *job.audio;
  const auto [first, last] = AudioSpanForFrame(index, audio.sample_rate_hz, job.fps_num, job.fps_den);
  const int64_t available_end = std::clamp(audio.frame_count(), first, last);
  if (available_end > first) {
    BF_RETURN_IF_ERROR(job.writer->WriteAudio(audio.samples.data() + first * audio.channels, available_end - first));
  }
  if (last > available_end) {
    const std::vector<float> silence(static_cast<size_t>(last - available_end) * audio.channels, 0.0f);
    BF_RETURN_IF_ERROR(job.writer->WriteAudio(silence.data(), last - available_end));
  }
  return absl::OkStatus();
}

// The encoder thread: pops rendered frames in order, writes video then its
// audio, returns the buffer to the pool.
void EncodeLoop(const FramePumpJob& job, Shared& shared) {
  while (std::optional<FilledFrame> item = shared.filled.Pop()) {
    if (Cancelled(job.cancel)) return shared.Fail(absl::CancelledError("render cancelled"));
    FrameView view = item->frame->view();
    absl::Status status = job.writer->WriteVideoFrame(view);
    if (status.ok()) status = WriteAudioForFrame(job, item->index);
    if (!status.ok()) return shared.Fail(std::move(status));
    shared.frames_encoded.store(item->index + 1, std::memory_order_release);
    shared.free.Push(item->frame);
  }
}

// The render thread (the caller's): one frame per free buffer, in order.
void RenderLoop(const FramePumpJob& job, Shared& shared) {
  for (int64_t index = 0; index < job.frame_count; ++index) {
    job.progress->Frames(shared.frames_encoded.load(std::memory_order_acquire), job.frame_count);
    if (Cancelled(job.cancel)) return shared.Fail(absl::CancelledError("render cancelled"));
    std::optional<YuvFrame*> buffer = shared.free.Pop();
    if (!buffer) return;   // aborted by the encoder thread
    FrameView view = (*buffer)->view();
    job.style->Render(job.contexts->At(index), view);
    if (!shared.filled.Push(FilledFrame{index, *buffer})) return;
  }
  // Normal end: the encoder drains what is queued, then stops.
  shared.filled.Close();
}

}  // namespace

std::pair<int64_t, int64_t> AudioSpanForFrame(int64_t index, int sample_rate_hz, int fps_num, int fps_den) {
  // round(i * rate * den / num) in integers: floor((2*i*rate*den + num) / (2*num)).
  auto edge = [&](int64_t i) {
    return (2 * i * sample_rate_hz * fps_den + fps_num) / (2 * static_cast<int64_t>(fps_num));
  };
  return {edge(index), edge(index + 1)};
}

absl::Status PumpFrames(const FramePumpJob& job) {
  std::vector<std::unique_ptr<YuvFrame>> pool;
  Shared shared;
  for (int i = 0; i < kFramePoolSize; ++i) {
    pool.push_back(std::make_unique<YuvFrame>(job.width, job.height));
    shared.free.Push(pool.back().get());
  }
  std::thread encoder([&] { EncodeLoop(job, shared); });
  RenderLoop(job, shared);
  encoder.join();   // ends on Close (all frames written) or on Abort (failure)
  BF_RETURN_IF_ERROR(shared.FirstError());
  const int64_t encoded = shared.frames_encoded.load();
  if (encoded != job.frame_count) {
    return absl::InternalError(absl::StrCat("encoded ", encoded, " of ", job.frame_count, " frames"));
  }
  job.progress->Frames(encoded, job.frame_count);
  return absl::OkStatus();
}

}  // namespace beatframe::pipeline_internal
