// The recent past of a sample stream, addressed by absolute sample index, for
// the block-wise analysis stages: each appends what arrives, reads the
// windows it needs (zeros outside the samples seen so far), and discards what
// no later window can reach, so memory stays bounded however long the stream.
#pragma once

#include <cstdint>
#include <vector>

namespace beatframe::audio_internal {

class SampleHistory {
 public:
  void Append(const float* samples, int64_t count);
  // One past the index of the last sample appended.
  int64_t end() const { return base_ + static_cast<int64_t>(buffer_.size()); }
  // Copies samples [start, start + count) into `out`. Indices before 0, at or
  // beyond end(), or already discarded read as 0.
  void Read(int64_t start, int count, float* out) const;
  // The sample at `index`, 0 when it is not held.
  float At(int64_t index) const;
  // Lets the samples before `index` go (freed in amortised O(1)).
  void DiscardBefore(int64_t index);

 private:
  std::vector<float> buffer_;
  int64_t base_ = 0;  // absolute index of buffer_[0]
};

}  // namespace beatframe::audio_internal
