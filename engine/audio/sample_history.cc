#include "engine/audio/sample_history.h"

#include <algorithm>
#include <cstring>

namespace beatframe::audio_internal {

void SampleHistory::Append(const float* samples, int64_t count) {
  buffer_.insert(buffer_.end(), samples, samples + count);
}

void SampleHistory::Read(int64_t start, int count, float* out) const {
  const int64_t first = std::clamp<int64_t>(base_ - start, 0, count);
  const int64_t last = std::clamp<int64_t>(end() - start, 0, count);
  std::fill(out, out + first, 0.0f);
  if (last > first) std::memcpy(out + first, buffer_.data() + (start + first - base_), sizeof(float) * (last - first));
  std::fill(out + std::max(first, last), out + count, 0.0f);
}

float SampleHistory::At(int64_t index) const {
  return index >= base_ && index < end() ? buffer_[index - base_] : 0.0f;
}

void SampleHistory::DiscardBefore(int64_t index) {
  const int64_t drop = std::min<int64_t>(index - base_, static_cast<int64_t>(buffer_.size()));
  // Erasing moves the whole tail: do it only once the dead prefix is at
  // least as long as what is kept, so each sample moves O(1) times.
  if (drop <= 0 || drop < static_cast<int64_t>(buffer_.size()) - drop) return;
  buffer_.erase(buffer_.begin(), buffer_.begin() + drop);
  base_ += drop;
}

}  // namespace beatframe::audio_internal
