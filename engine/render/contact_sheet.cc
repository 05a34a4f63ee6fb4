#include "engine/render/contact_sheet.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "engine/common/status_macros.h"
#include "engine/render/palette.h"
#include "engine/render/text_renderer.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {
namespace {

constexpr Rgb kSheetBackground = {18.0f, 18.0f, 22.0f};
constexpr Rgb kLabelStrip = {30.0f, 30.0f, 36.0f};
constexpr Rgb kBeatLabel = {255.0f, 214.0f, 90.0f};  // on-beat cells stand out in warm yellow
constexpr Rgb kPlainLabel = {228.0f, 228.0f, 232.0f};

int Even(double v) { return 2 * static_cast<int>(std::lround(v / 2.0)); }

int64_t FrameAt(double time_s, int fps_num, int fps_den, int64_t frame_count) {
  return std::clamp<int64_t>(std::llround(time_s * fps_num / fps_den), 0, std::max<int64_t>(frame_count - 1, 0));
}

// Averages `src` over the box of source pixels each destination pixel covers.
void DownscalePlane(const uint8_t* src, int src_stride, int src_w, int src_h, uint8_t* dst, int dst_stride, int dst_w,
                    int dst_h) {
  for (int y = 0; y < dst_h; ++y) {
    const int y0 = static_cast<int>(static_cast<int64_t>(y) * src_h / dst_h);
    const int y1 = std::max(y0 + 1, static_cast<int>(static_cast<int64_t>(y + 1) * src_h / dst_h));
    for (int x = 0; x < dst_w; ++x) {
      const int x0 = static_cast<int>(static_cast<int64_t>(x) * src_w / dst_w);
      const int x1 = std::max(x0 + 1, static_cast<int>(static_cast<int64_t>(x + 1) * src_w / dst_w));
      int sum = 0;
      for (int sy = y0; sy < y1; ++sy) {
        const uint8_t* row = src + static_cast<size_t>(sy) * src_stride;
        for (int sx = x0; sx < x1; ++sx) sum += row[sx];
      }
      const int count = (y1 - y0) * (x1 - x0);
      dst[static_cast<size_t>(y) * dst_stride + x] = static_cast<uint8_t>((sum + count / 2) / count);
    }
  }
}

void FillRect(FrameView& view, int x, int y, int w, int h, const Rgb& color) {
  const Yuv8 c = ToYuv8(RgbToYuv709(color));
  for (int row = std::max(0, y); row < std::min(view.height, y + h); ++row) {
    std::fill_n(view.planes[0] + static_cast<size_t>(row) * view.strides[0] + x, std::min(w, view.width - x), c.y);
  }
  for (int row = std::max(0, y / 2); row < std::min((view.height + 1) / 2, (y + h) / 2); ++row) {
    const int cw = std::min(w / 2, (view.width + 1) / 2 - x / 2);
    std::fill_n(view.planes[1] + static_cast<size_t>(row) * view.strides[1] + x / 2, cw, c.u);
    std::fill_n(view.planes[2] + static_cast<size_t>(row) * view.strides[2] + x / 2, cw, c.v);
  }
}

void CopyInto(YuvFrame& thumbnail, FrameView& view, int x, int y) {
  const FrameView src = thumbnail.view();
  for (int plane = 0; plane < 3; ++plane) {
    const int shift = plane == 0 ? 0 : 1;
    const int w = plane == 0 ? src.width : (src.width + 1) / 2, h = plane == 0 ? src.height : (src.height + 1) / 2;
    for (int row = 0; row < h; ++row) {
      std::copy_n(src.planes[plane] + static_cast<size_t>(row) * src.strides[plane], w,
                  view.planes[plane] + static_cast<size_t>((y >> shift) + row) * view.strides[plane] + (x >> shift));
    }
  }
}

}  // namespace

std::vector<SheetCell> PickSheetCells(const std::vector<double>& beat_times_s, int64_t frame_count, int fps_num,
                                      int fps_den, int cells) {
  std::vector<SheetCell> out;
  if (frame_count <= 0 || cells <= 0 || fps_num <= 0 || fps_den <= 0) return out;
  const double duration_s = static_cast<double>(frame_count) * fps_den / fps_num;
  auto add = [&](int64_t index, bool on_beat) {
    out.push_back({index, static_cast<double>(index) * fps_den / fps_num, on_beat});
  };
  const int beats = static_cast<int>(beat_times_s.size());
  if (beats < 2) {  // no pulse: even spacing, nothing is "on the beat"
    for (int k = 0; k < cells; ++k) add(FrameAt(duration_s * (k + 0.5) / cells, fps_num, fps_den, frame_count), false);
    return out;
  }
  const int pairs = (cells + 1) / 2;
  int previous = -1;
  for (int k = 0; k < pairs; ++k) {
    const double target_s = duration_s * (k + 0.5) / pairs;
    // The beat (with a next one) nearest the target, after the last pair's.
    const auto it = std::lower_bound(beat_times_s.begin(), beat_times_s.end() - 1, target_s);
    int i = static_cast<int>(it - beat_times_s.begin());
    if (i > 0 && target_s - beat_times_s[i - 1] < beat_times_s[i] - target_s) --i;
    i = std::min(std::max(i, previous + 1), beats - 2);
    previous = i;
    add(FrameAt(beat_times_s[i], fps_num, fps_den, frame_count), true);
    if (static_cast<int>(out.size()) < cells) {
      add(FrameAt(0.5 * (beat_times_s[i] + beat_times_s[i + 1]), fps_num, fps_den, frame_count), false);
    }
  }
  return out;
}

std::string SheetLabel(const SheetCell& cell) {
  const int64_t centis = std::llround(cell.time_s * 100.0);
  const std::string time =
      absl::StrFormat("%d:%02d.%02d", static_cast<int>(centis / 6000), static_cast<int>(centis / 100 % 60),
                      static_cast<int>(centis % 100));
  return cell.on_beat ? time + " \u266A beat" : time;
}

ContactSheet::ContactSheet(std::vector<SheetCell> cells, int frame_width, int frame_height,
                           const ContactSheetOptions& options)
    : cells_(std::move(cells)), options_(options) {
  const int divisor = std::max(1, options.thumbnail_divisor);
  thumb_width_ = std::max(16, Even(static_cast<double>(frame_width) / divisor));
  thumb_height_ = std::max(16, Even(static_cast<double>(frame_height) / divisor));
  const int short_side = std::min(thumb_width_, thumb_height_);
  label_height_ = std::max(20, Even(0.13 * short_side + 8));
  margin_ = std::max(8, Even(short_side / 18.0));
  thumbnails_.resize(cells_.size());
}

void ContactSheet::Capture(int64_t frame_index, const FrameView& frame) {
  for (size_t i = 0; i < cells_.size(); ++i) {
    if (cells_[i].frame_index != frame_index || thumbnails_[i]) continue;
    auto thumbnail = std::make_unique<YuvFrame>(thumb_width_, thumb_height_);
    FrameView dst = thumbnail->view();
    for (int plane = 0; plane < 3; ++plane) {
      const bool luma = plane == 0;
      DownscalePlane(frame.planes[plane], frame.strides[plane], luma ? frame.width : (frame.width + 1) / 2,
                     luma ? frame.height : (frame.height + 1) / 2, dst.planes[plane], dst.strides[plane],
                     luma ? dst.width : (dst.width + 1) / 2, luma ? dst.height : (dst.height + 1) / 2);
    }
    thumbnails_[i] = std::move(thumbnail);
  }
}

absl::StatusOr<std::unique_ptr<YuvFrame>> ContactSheet::Compose() const {
  const int columns = std::max(1, options_.columns);
  const int rows = std::max(1, (static_cast<int>(cells_.size()) + columns - 1) / columns);
  const int cell_height = thumb_height_ + label_height_;
  auto sheet = std::make_unique<YuvFrame>(columns * thumb_width_ + (columns + 1) * margin_,
                                          rows * cell_height + (rows + 1) * margin_);
  FrameView view = sheet->view();
  FillRect(view, 0, 0, view.width, view.height, kSheetBackground);
  BF_ASSIGN_OR_RETURN(std::unique_ptr<TextRenderer> text, TextRenderer::Create(TextRenderer::DefaultFontPaths()));
  const int font_px = std::max(10, static_cast<int>(std::lround(0.5 * label_height_)));
  YuvCanvas canvas(view);
  for (size_t i = 0; i < cells_.size(); ++i) {
    const int x = margin_ + static_cast<int>(i % columns) * (thumb_width_ + margin_);
    const int y = margin_ + static_cast<int>(i / columns) * (cell_height + margin_);
    if (thumbnails_[i]) CopyInto(*thumbnails_[i], view, x, y);
    FillRect(view, x, y + thumb_height_, thumb_width_, label_height_, kLabelStrip);
    BF_ASSIGN_OR_RETURN(TextLine line, text->RenderLine(SheetLabel(cells_[i]), font_px));
    if (line.mask.empty()) continue;
    const int text_y = y + thumb_height_ + (label_height_ - line.mask.height) / 2;
    canvas.DrawMask(line.mask, x + margin_ / 2 + 2, text_y, ToYuv8(RgbToYuv709(cells_[i].on_beat ? kBeatLabel : kPlainLabel)),
                    256, BlendMode::kOver);
  }
  return sheet;
}

void SheetCapturingStyle::Render(const FrameContext& context, FrameView& out) {
  inner_->Render(context, out);
  sheet_->Capture(context.frame_index, out);
}

}  // namespace beatframe
