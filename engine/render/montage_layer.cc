#include "engine/render/montage_layer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/render/palette.h"

namespace beatframe {

// Reusable buffers for SamplePlane, sized to the widest destination row.
struct MontageSampleScratch {
  int32_t* x_index;
  uint16_t* x_weight;
  uint16_t* row_a;  // horizontally resampled source rows, x256
  uint16_t* row_b;
};

namespace {

// Beat accent: the picture zooms in by this much on a beat and relaxes with
// the beat pulse (~200 ms); strong beats punch fully, others at 60%.
constexpr float kBeatPunch = 0.03f;
// Crossfade: the new shot's share on the frames around the cut. The cut
// frame already shows mostly the new shot, so the cut reads on the beat.
constexpr int kCrossfadePreroll = 2;
constexpr float kCrossfadeBefore[kCrossfadePreroll] = {0.15f, 0.35f};  // cut-2, cut-1
constexpr float kCrossfadeAfter[] = {0.7f, 0.9f};                       // cut, cut+1
// Flash: white over the new shot, strongest on the cut frame, gone after this many frames.
constexpr int kFlashFrames = 5;
constexpr float kFlashPeak = 0.4f;
// The style shows fully from this luma up and not at all below the lower
// bound: its dark background gives way to the montage.
constexpr int kKeyLow = 56;
constexpr int kKeyHigh = 120;
// Under a style the pictures are dimmed a little, so its glows still read
// over bright photos.
constexpr float kDimUnderStyle = 0.85f;

int Even(double v) { return 2 * static_cast<int>(std::ceil(v / 2.0)); }

uint8_t ToPlane(float v, float lo, float hi) { return static_cast<uint8_t>(std::lround(std::clamp(v, lo, hi))); }

// Draws `src` (sw x sh, any stride) into `dst` (dw x dh), the source point
// (cx, cy) at the centre of dst and `step` source pixels per destination
// pixel, bilinear, edges clamped. Separable: each source row used is
// resampled horizontally once (consecutive output rows share them), then
// output rows are a vertical blend of two such rows, which vectorises.
void SamplePlane(const uint8_t* src, int sw, int sh, int sstride, double cx, double cy, double step, uint8_t* dst,
                 int dw, int dh, int dstride, const MontageSampleScratch& scratch) {
  const double max_x = std::max(0.0, sw - 1.0001), max_y = std::max(0.0, sh - 1.0001);
  int32_t* const xi = scratch.x_index;
  uint16_t* const xw = scratch.x_weight;
  for (int x = 0; x < dw; ++x) {
    const double sx = std::clamp(cx + (x + 0.5 - 0.5 * dw) * step - 0.5, 0.0, max_x);
    xi[x] = static_cast<int32_t>(sx);
    xw[x] = static_cast<uint16_t>((sx - xi[x]) * 256.0);
  }
  const int next_x = sw > 1 ? 1 : 0;
  auto resample_row = [&](int row, uint16_t* out) {
    const uint8_t* line = src + static_cast<size_t>(row) * sstride;
    for (int x = 0; x < dw; ++x) {
      const int i = xi[x];
      const uint32_t w = xw[x];
      out[x] = static_cast<uint16_t>(line[i] * (256 - w) + line[i + next_x] * w);
    }
  };
  uint16_t* row_a = scratch.row_a;
  uint16_t* row_b = scratch.row_b;
  int held_a = -1, held_b = -1;
  for (int y = 0; y < dh; ++y) {
    const double sy = std::clamp(cy + (y + 0.5 - 0.5 * dh) * step - 0.5, 0.0, max_y);
    const int y0 = static_cast<int>(sy);
    const int y1 = std::min(y0 + 1, sh - 1);
    const uint32_t wy = static_cast<uint32_t>((sy - y0) * 256.0);
    if (held_a != y0) {
      if (held_b == y0) {
        std::swap(row_a, row_b);
        std::swap(held_a, held_b);
      } else {
        resample_row(y0, row_a);
        held_a = y0;
      }
    }
    if (held_b != y1) {
      resample_row(y1, row_b);
      held_b = y1;
    }
    uint8_t* out = dst + static_cast<size_t>(y) * dstride;
    const uint32_t wa = 256 - wy;
    for (int x = 0; x < dw; ++x) out[x] = static_cast<uint8_t>((row_a[x] * wa + row_b[x] * wy + 32768) >> 16);
  }
}

// dst = dst + (src - dst) * weight / 256 on every plane.
void BlendInto(const FrameView& src, int weight, FrameView& dst) {
  for (int p = 0; p < 3; ++p) {
    const int w = p == 0 ? dst.width : (dst.width + 1) / 2;
    const int h = p == 0 ? dst.height : (dst.height + 1) / 2;
    for (int y = 0; y < h; ++y) {
      const uint8_t* s = src.planes[p] + static_cast<size_t>(y) * src.strides[p];
      uint8_t* d = dst.planes[p] + static_cast<size_t>(y) * dst.strides[p];
      for (int x = 0; x < w; ++x) d[x] = static_cast<uint8_t>((d[x] * (256 - weight) + s[x] * weight + 128) >> 8);
    }
  }
}

// Towards white (luma 235, neutral chroma) by weight / 256.
void Flash(int weight, FrameView& out) {
  for (int p = 0; p < 3; ++p) {
    const int w = p == 0 ? out.width : (out.width + 1) / 2;
    const int h = p == 0 ? out.height : (out.height + 1) / 2;
    const int target = p == 0 ? 235 : 128;
    for (int y = 0; y < h; ++y) {
      uint8_t* d = out.planes[p] + static_cast<size_t>(y) * out.strides[p];
      for (int x = 0; x < w; ++x) d[x] = static_cast<uint8_t>((d[x] * (256 - weight) + target * weight + 128) >> 8);
    }
  }
}

void Fill(FrameView& out, uint8_t y, uint8_t u, uint8_t v) {
  const uint8_t values[3] = {y, u, v};
  for (int p = 0; p < 3; ++p) {
    const int w = p == 0 ? out.width : (out.width + 1) / 2;
    const int h = p == 0 ? out.height : (out.height + 1) / 2;
    for (int r = 0; r < h; ++r) std::memset(out.planes[p] + static_cast<size_t>(r) * out.strides[p], values[p], w);
  }
}

}  // namespace

void MontageLayer::StillCoverSize(int width, int height, int* cover_width, int* cover_height) {
  *cover_width = Even(width * kMaxZoom);
  *cover_height = Even(height * kMaxZoom);
}

absl::StatusOr<std::unique_ptr<MontageLayer>> MontageLayer::Create(int width, int height, MontagePlan plan,
                                                                   std::vector<MontageMedia> media) {
  if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
    return absl::InvalidArgumentError(absl::StrCat("montage: bad frame size ", width, "x", height));
  }
  if (media.empty()) return absl::InvalidArgumentError("montage: no images or clips");
  for (const MontageShot& shot : plan.shots) {
    if (shot.media_index < 0 || shot.media_index >= static_cast<int>(media.size())) {
      return absl::InvalidArgumentError(absl::StrCat("montage: a shot names media ", shot.media_index, " of ",
                                                     media.size()));
    }
  }
  std::unique_ptr<MontageLayer> layer(new MontageLayer(width, height));
  int still_w = 0, still_h = 0;
  StillCoverSize(width, height, &still_w, &still_h);
  layer->stills_.resize(media.size());
  for (size_t i = 0; i < media.size(); ++i) {
    if (media[i].clip != nullptr) continue;
    if (media[i].still.empty()) return absl::InvalidArgumentError(absl::StrCat("montage: item ", i + 1, " is empty"));
    layer->stills_[i] = PrepareStill(media[i].still, still_w, still_h);
    media[i].still = Picture();  // the prepared copy is all that is drawn
  }
  // Each clip carries on where its previous shot left it; a crossfading shot
  // starts drawing a few frames before its cut.
  std::vector<int64_t> clip_position(media.size(), 0);
  for (const MontageShot& shot : plan.shots) {
    const int64_t preroll = shot.transition == ShotTransition::kCrossfade ? kCrossfadePreroll : 0;
    layer->clip_offsets_.push_back(clip_position[shot.media_index]);
    clip_position[shot.media_index] += shot.end_frame - shot.first_frame + preroll;
  }
  layer->plan_ = std::move(plan);
  layer->media_ = std::move(media);
  layer->x_index_.resize(width);
  layer->x_weight_.resize(width);
  layer->row_a_.resize(width);
  layer->row_b_.resize(width);
  return layer;
}

MontageLayer::PreparedStill MontageLayer::PrepareStill(const Picture& picture, int width, int height) {
  const Picture scaled = ScaleToCover(picture, width, height);
  PreparedStill still;
  still.width = width;
  still.height = height;
  still.y.resize(static_cast<size_t>(width) * height);
  const int cw = width / 2, ch = height / 2;
  still.u.resize(static_cast<size_t>(cw) * ch);
  still.v.resize(still.u.size());
  auto rgb = [&](int x, int y) {
    const uint8_t* p = scaled.at(x, y);
    return Rgb{static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2])};
  };
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      still.y[static_cast<size_t>(y) * width + x] = ToPlane(RgbToYuv709(rgb(x, y)).y, 16.0f, 235.0f);
    }
  }
  for (int y = 0; y < ch; ++y) {
    for (int x = 0; x < cw; ++x) {
      Rgb sum{0, 0, 0};
      for (int k = 0; k < 4; ++k) {
        const Rgb c = rgb(2 * x + k % 2, 2 * y + k / 2);
        sum = {sum.r + 0.25f * c.r, sum.g + 0.25f * c.g, sum.b + 0.25f * c.b};
      }
      const YuvColor c = RgbToYuv709(sum);
      still.u[static_cast<size_t>(y) * cw + x] = ToPlane(c.u, 16.0f, 240.0f);
      still.v[static_cast<size_t>(y) * cw + x] = ToPlane(c.v, 16.0f, 240.0f);
    }
  }
  return still;
}

MontageSampleScratch MontageLayer::Scratch() {
  return MontageSampleScratch{x_index_.data(), x_weight_.data(), row_a_.data(), row_b_.data()};
}

size_t MontageLayer::ShotAt(int64_t frame) {
  const std::vector<MontageShot>& shots = plan_.shots;
  if (cursor_ >= shots.size() || frame < shots[cursor_].first_frame) cursor_ = 0;
  while (cursor_ + 1 < shots.size() && frame >= shots[cursor_ + 1].first_frame) ++cursor_;
  return cursor_;
}

void MontageLayer::Draw(const FrameContext& context, FrameView& out) {
  if (plan_.shots.empty()) {
    Fill(out, 16, 128, 128);
    return;
  }
  const int64_t frame = context.frame_index;
  const float punch = 1.0f + kBeatPunch * context.beat_pulse * (context.strong_beat ? 1.0f : 0.6f);
  const size_t index = ShotAt(frame);
  const MontageShot& shot = plan_.shots[index];
  const int64_t into = frame - shot.first_frame;
  DrawShot(index, frame, punch, out);

  // Entering: the tail of a crossfade or the flash.
  if (shot.transition == ShotTransition::kCrossfade && index > 0 && into < 2) {
    FrameView old = scratch_.view();
    DrawShot(index - 1, frame, punch, old);
    BlendInto(old, static_cast<int>(std::lround(256.0f * (1.0f - kCrossfadeAfter[into]))), out);
  } else if (shot.transition == ShotTransition::kFlash && into < kFlashFrames) {
    const float fade = 1.0f - static_cast<float>(into) / kFlashFrames;
    Flash(static_cast<int>(std::lround(256.0f * kFlashPeak * fade * fade)), out);
  }
  // Leaving: the next shot fades in over the last frames before its cut.
  if (index + 1 < plan_.shots.size()) {
    const MontageShot& next = plan_.shots[index + 1];
    const int64_t before = next.first_frame - frame;  // 1 or 2 during the preroll
    if (next.transition == ShotTransition::kCrossfade && before >= 1 && before <= kCrossfadePreroll) {
      FrameView incoming = scratch_.view();
      DrawShot(index + 1, frame, punch, incoming);
      BlendInto(incoming, static_cast<int>(std::lround(256.0f * kCrossfadeBefore[kCrossfadePreroll - before])), out);
    }
  }
}

void MontageLayer::DrawShot(size_t index, int64_t frame, float punch, FrameView& out) {
  const MontageShot& shot = plan_.shots[index];
  const PreparedStill& still = stills_[shot.media_index];
  if (media_[shot.media_index].clip != nullptr) {
    DrawClip(index, frame, punch, out);
    return;
  }
  const int64_t length = std::max<int64_t>(1, shot.end_frame - shot.first_frame - 1);
  const float progress = std::clamp(static_cast<float>(frame - shot.first_frame) / length, 0.0f, 1.0f);
  DrawStill(still, shot.ken_burns, progress, punch, out);
}

void MontageLayer::DrawStill(const PreparedStill& still, const KenBurns& move, float progress, float punch,
                             FrameView& out) {
  const float zoom = std::clamp((move.zoom_start + (move.zoom_end - move.zoom_start) * progress) * punch, 1.0f,
                                kMaxZoom);
  // At zoom 1 the view is the whole prescaled still; the room left over
  // at higher zooms is where the pan moves.
  const double step = static_cast<double>(still.width) / (width_ * zoom);
  const double room_x = 0.5 * (still.width - width_ * step), room_y = 0.5 * (still.height - height_ * step);
  const float pan_x = move.pan_x_start + (move.pan_x_end - move.pan_x_start) * progress;
  const float pan_y = move.pan_y_start + (move.pan_y_end - move.pan_y_start) * progress;
  const double cx = 0.5 * still.width + pan_x * room_x, cy = 0.5 * still.height + pan_y * room_y;
  SamplePlane(still.y.data(), still.width, still.height, still.width, cx, cy, step, out.planes[0], width_, height_,
              out.strides[0], Scratch());
  const int cw = still.width / 2, ch = still.height / 2;
  const int ow = (width_ + 1) / 2, oh = (height_ + 1) / 2;
  SamplePlane(still.u.data(), cw, ch, cw, cx / 2, cy / 2, step, out.planes[1], ow, oh, out.strides[1],
              Scratch());
  SamplePlane(still.v.data(), cw, ch, cw, cx / 2, cy / 2, step, out.planes[2], ow, oh, out.strides[2],
              Scratch());
}

void MontageLayer::DrawClip(size_t index, int64_t frame, float punch, FrameView& out) {
  const MontageShot& shot = plan_.shots[index];
  const int64_t preroll = shot.transition == ShotTransition::kCrossfade ? kCrossfadePreroll : 0;
  const int64_t clip_frame = clip_offsets_[index] + std::max<int64_t>(0, frame - (shot.first_frame - preroll));
  absl::StatusOr<Yuv420Image> image = media_[shot.media_index].clip->FrameAt(clip_frame);
  if (!image.ok() || image->width != width_ || image->height != height_) {
    if (clip_error_.ok()) {
      clip_error_ = image.ok() ? absl::InternalError("montage: a clip frame has the wrong size") : image.status();
    }
    Fill(out, 16, 128, 128);
    return;
  }
  const int ow = (width_ + 1) / 2, oh = (height_ + 1) / 2;
  // A punch under half a percent moves edges by a few pixels: not worth a resample.
  if (punch <= 1.005f) {
    for (int p = 0; p < 3; ++p) {
      const int w = p == 0 ? width_ : ow, h = p == 0 ? height_ : oh;
      for (int y = 0; y < h; ++y) {
        std::memcpy(out.planes[p] + static_cast<size_t>(y) * out.strides[p],
                    image->planes[p] + static_cast<size_t>(y) * image->strides[p], w);
      }
    }
    return;
  }
  const double step = 1.0 / punch;
  SamplePlane(image->planes[0], width_, height_, image->strides[0], 0.5 * width_, 0.5 * height_, step, out.planes[0],
              width_, height_, out.strides[0], Scratch());
  for (int p = 1; p < 3; ++p) {
    SamplePlane(image->planes[p], ow, oh, image->strides[p], 0.5 * ow, 0.5 * oh, step, out.planes[p], ow, oh,
                out.strides[p], Scratch());
  }
}

MontageStyle::MontageStyle(std::unique_ptr<MontageLayer> layer, std::unique_ptr<Style> style, int width, int height)
    : layer_(std::move(layer)), style_(std::move(style)), style_frame_(style_ != nullptr ? width : 0,
                                                                       style_ != nullptr ? height : 0),
      side_(style_ != nullptr ? std::make_unique<SideWorker>() : nullptr) {
  for (int y = 0; y < 256; ++y) {
    key_[y] = static_cast<uint16_t>(std::clamp((y - kKeyLow) * 256 / (kKeyHigh - kKeyLow), 0, 256));
    dim_luma_[y] = static_cast<uint8_t>(std::lround(16.0f + (y - 16) * kDimUnderStyle));
    dim_chroma_[y] = static_cast<uint8_t>(std::lround(128.0f + (y - 128) * kDimUnderStyle));
  }
}

void MontageStyle::Render(const FrameContext& context, FrameView& out) {
  if (style_ == nullptr) {
    layer_->Draw(context, out);
    return;
  }
  FrameView over = style_frame_.view();
  side_->Start([&] { style_->Render(context, over); });
  layer_->Draw(context, out);
  side_->Wait();
  // Keying works on row pairs independently: half the frame on each thread.
  const int split = (out.height / 4) * 2;   // even, so chroma rows split cleanly
  side_->Start([&] { KeyRows(over, 0, split, out); });
  KeyRows(over, split, out.height, out);
  side_->Wait();
}

// Luma first, keyed per pixel; chroma keyed by the mean of its four luma keys.
// `first_row` is even.
void MontageStyle::KeyRows(const FrameView& over, int first_row, int end_row, FrameView& out) const {
  for (int y = first_row; y < end_row; y += 2) {
    const bool pair = y + 1 < end_row;
    const uint8_t* s0 = over.planes[0] + static_cast<size_t>(y) * over.strides[0];
    const uint8_t* s1 = pair ? s0 + over.strides[0] : s0;
    uint8_t* d0 = out.planes[0] + static_cast<size_t>(y) * out.strides[0];
    uint8_t* d1 = pair ? d0 + out.strides[0] : d0;
    const uint8_t* su = over.planes[1] + static_cast<size_t>(y / 2) * over.strides[1];
    const uint8_t* sv = over.planes[2] + static_cast<size_t>(y / 2) * over.strides[2];
    uint8_t* du = out.planes[1] + static_cast<size_t>(y / 2) * out.strides[1];
    uint8_t* dv = out.planes[2] + static_cast<size_t>(y / 2) * out.strides[2];
    for (int x = 0; x < out.width; x += 2) {
      const int x1 = x + 1 < out.width ? x + 1 : x;
      const int k00 = key_[s0[x]], k01 = key_[s0[x1]], k10 = key_[s1[x]], k11 = key_[s1[x1]];
      d0[x] = static_cast<uint8_t>((dim_luma_[d0[x]] * (256 - k00) + s0[x] * k00 + 128) >> 8);
      d0[x1] = static_cast<uint8_t>((dim_luma_[d0[x1]] * (256 - k01) + s0[x1] * k01 + 128) >> 8);
      if (pair) {
        d1[x] = static_cast<uint8_t>((dim_luma_[d1[x]] * (256 - k10) + s1[x] * k10 + 128) >> 8);
        d1[x1] = static_cast<uint8_t>((dim_luma_[d1[x1]] * (256 - k11) + s1[x1] * k11 + 128) >> 8);
      }
      const int kc = (k00 + k01 + k10 + k11 + 2) >> 2;
      const int c = x / 2;
      du[c] = static_cast<uint8_t>((dim_chroma_[du[c]] * (256 - kc) + su[c] * kc + 128) >> 8);
      dv[c] = static_cast<uint8_t>((dim_chroma_[dv[c]] * (256 - kc) + sv[c] * kc + 128) >> 8);
    }
  }
}

}  // namespace beatframe
