#include "engine/encode/audio_worker.h"

#include <utility>

namespace beatframe::encode_internal {

AudioWorker::AudioWorker(std::unique_ptr<AudioEncoder> encoder)
    : encoder_(std::move(encoder)), channels_(encoder_->channels()), thread_([this] { Run(); }) {}

AudioWorker::~AudioWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

absl::Status AudioWorker::Write(const float* interleaved, int64_t frame_count) {
  if (frame_count < 0) return absl::InvalidArgumentError("negative audio frame count");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_.ok()) return error_;
    if (finishing_ || done_) return absl::FailedPreconditionError("audio written after Finish");
    pending_.insert(pending_.end(), interleaved, interleaved + frame_count * channels_);
  }
  wake_.notify_one();
  return absl::OkStatus();
}

absl::Status AudioWorker::Finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finishing_) return absl::FailedPreconditionError("audio Finish called twice");
    finishing_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

void AudioWorker::Run() {
  std::vector<float> batch;   // swapped with pending_, so both buffers are reused
  while (true) {
    bool flush = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || finishing_ || !pending_.empty(); });
      if (stopping_) break;
      batch.swap(pending_);
      // After Finish no more writes come: this batch is the last one.
      flush = finishing_;
    }
    absl::Status status = encoder_->Write(batch.data(), static_cast<int64_t>(batch.size()) / channels_);
    batch.clear();
    if (status.ok() && flush) status = encoder_->Flush();
    if (!status.ok() || flush) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::move(status);
      break;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = true;
}

}  // namespace beatframe::encode_internal
