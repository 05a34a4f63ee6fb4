#include "engine/audio/fft.h"

#include <cstring>

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/tx.h>
}

namespace beatframe::audio_internal {

struct RealFft::Impl {
  AVTXContext* context = nullptr;
  av_tx_fn transform = nullptr;
  // av_malloc'd: the SIMD kernels want aligned buffers, and the transform
  // may clobber its input, so the caller's block is copied in first.
  float* input = nullptr;
  float* output = nullptr;  // size/2 + 1 interleaved complex values

  ~Impl() {
    av_tx_uninit(&context);
    av_free(input);
    av_free(output);
  }
};

RealFft::RealFft(int size) : size_(size), impl_(std::make_unique<Impl>()) {
  const float scale = 1.0f;
  // Only allocation failure can make this fail for a power-of-two size; the
  // null transform is then caught by the checks below rather than crashing.
  av_tx_init(&impl_->context, &impl_->transform, AV_TX_FLOAT_RDFT, /*inv=*/0, size, &scale, /*flags=*/0);
  impl_->input = static_cast<float*>(av_malloc(sizeof(float) * (size + 2)));
  impl_->output = static_cast<float*>(av_malloc(sizeof(float) * (size + 2)));
}

RealFft::~RealFft() = default;
RealFft::RealFft(RealFft&&) noexcept = default;
RealFft& RealFft::operator=(RealFft&&) noexcept = default;

void RealFft::PowerSpectrum(const float* input, float* power) {
  const int bins = bin_count();
  if (impl_->transform == nullptr || impl_->input == nullptr || impl_->output == nullptr) {
    std::memset(power, 0, sizeof(float) * bins);
    return;
  }
  std::memcpy(impl_->input, input, sizeof(float) * size_);
  impl_->transform(impl_->context, impl_->output, impl_->input, sizeof(float));
  const float* out = impl_->output;
  // DC and Nyquist are real; this libavutil leaves the Nyquist bin's
  // imaginary slot unwritten, so it must not be read.
  for (int k = 0; k + 1 < bins; ++k) power[k] = out[2 * k] * out[2 * k] + out[2 * k + 1] * out[2 * k + 1];
  power[bins - 1] = out[2 * (bins - 1)] * out[2 * (bins - 1)];
}

}  // namespace beatframe::audio_internal
