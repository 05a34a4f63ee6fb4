// Runs an AudioEncoder on its own thread so AAC encoding (~1.5 ms of CPU per
// 1/30 s of music with the native encoder) overlaps video encoding instead of
// adding to the thread that feeds x264. Internal to bf_encode.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "engine/encode/audio_encoder.h"

namespace beatframe::encode_internal {

// Write and Finish are called from one thread (the writer's caller); the
// encoder runs on the worker thread, which muxes through the shared Muxer.
class AudioWorker {
 public:
  explicit AudioWorker(std::unique_ptr<AudioEncoder> encoder);
  // Stops the thread; audio not yet encoded is dropped (the file is being
  // abandoned when Finish was not called).
  ~AudioWorker();

  // Copies `frame_count` interleaved frames into the queue and returns
  // without waiting. Returns the worker's first error, if it had one.
  absl::Status Write(const float* interleaved, int64_t frame_count);
  // Waits until everything queued is encoded, flushes the encoder and stops
  // the thread. Call once; returns the worker's first error.
  absl::Status Finish();

 private:
  void Run();

  std::unique_ptr<AudioEncoder> encoder_;
  const int channels_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<float> pending_;   // interleaved samples not yet taken by the worker
  bool finishing_ = false;       // no more writes; flush after the last batch
  bool stopping_ = false;        // abandon now
  bool done_ = false;            // the worker has exited
  absl::Status error_;
  std::thread thread_;           // last: starts after everything it uses
};

}  // namespace beatframe::encode_internal
