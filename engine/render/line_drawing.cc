#include "engine/render/line_drawing.h"

#include "engine/render/blend_kernels.h"

#include <algorithm>
#include <cmath>

namespace beatframe {
namespace {

using render_internal::BlendChroma;
using render_internal::kChromaMax;
using render_internal::kChromaMin;
using render_internal::kLumaMax;
using render_internal::BlendLuma;
using render_internal::KernelColor;

// A joint's mitre reaches at most reach / kMinMitreCos past the segment
// ends (a turn of ~150 degrees); sharper turns are cut off there.
constexpr float kMinMitreCos = 0.26f;

// ceil() for values well inside the int range, inline: without SSE4.1
// std::ceil is a library call, and rows call it twice.
inline int CeilToInt(float x) {
  const int i = static_cast<int>(x);
  return i + (static_cast<float>(i) < x ? 1 : 0);
}

Point2 Normalized(float x, float y) {
  const float length = std::sqrt(x * x + y * y);
  if (length < 1e-12f) return {1.0f, 0.0f};
  return {x / length, y / length};
}

// One segment a-b: its unit normal and the directions of the joint lines at
// both ends. The segment owns the pixels p with (p - a) . start >= 0 and
// (p - b) . end < 0; its neighbours use the same joint lines with the
// opposite sides, so each pixel has exactly one owner.
struct Segment {
  Point2 a, b;
  Point2 normal;
  Point2 start, end;
};

// A joint line prepared for clipping rows: where it crosses row y is
// x0 + y * slope, computed the same way for both segments that share it so
// they agree bit for bit on where one ends and the next begins.
struct JointLine {
  bool vertical_owner_test;  // the line is (nearly) horizontal: whole rows are in or out
  float x0, slope;
  Point2 at, j;
};

JointLine MakeJoint(Point2 at, Point2 j) {
  JointLine line;
  line.at = at;
  line.j = j;
  line.vertical_owner_test = std::abs(j.x) < 1e-6f;
  if (!line.vertical_owner_test) {
    line.slope = -j.y / j.x;
    line.x0 = at.x - at.y * line.slope;
  }
  return line;
}

// Narrows [*low, *high) to the x on the owning side of a joint line: the
// side where (p - at) . j >= 0 when `after` (the segment starts there),
// else where it is < 0. Returns false when the row is not owned at all.
inline bool ClipJoint(const JointLine& line, float y, bool after, float* low, float* high) {
  if (line.vertical_owner_test) {
    const bool ahead = (y - line.at.y) * line.j.y >= 0.0f;
    return ahead == after;
  }
  const float x = line.x0 + y * line.slope;
  // (p - at) . j grows with x when j.x > 0.
  if ((line.j.x > 0.0f) == after) {
    *low = std::max(*low, x);
  } else {
    *high = std::min(*high, x);
  }
  return *low < *high;
}

// Draws one segment into one plane. With kTransposed the segment arrives
// with x and y swapped and the plane is walked column by column: a line
// that runs mostly across the frame then gives long runs of pixels per
// column instead of short runs per row, which is where the time goes.
template <BlendMode kMode, bool kChroma, bool kTransposed>
void SegmentPlane(const FrameView& view, const Segment& s, const uint8_t* alphas, float reach, Yuv8 c) {
  const float scale = kChroma ? 2.0f : 1.0f;
  const float half = 0.5f * scale;
  const int plane_width = kChroma ? (view.width + 1) / 2 : view.width;
  const int plane_height = kChroma ? (view.height + 1) / 2 : view.height;
  // Outer lines (rows, or columns when transposed) and the run along each.
  const int lines = kTransposed ? plane_width : plane_height;
  const int length = kTransposed ? plane_height : plane_width;
  // Steps between outer lines and along a line, per plane.
  size_t outer[3], inner[3];
  for (int p = 0; p < 3; ++p) {
    outer[p] = kTransposed ? 1 : static_cast<size_t>(view.strides[p]);
    inner[p] = kTransposed ? static_cast<size_t>(view.strides[p]) : 1;
  }
  const float to_index = LineProfile::kSize / reach;
  const float inv_scale = 1.0f / scale;
  const Point2 t = {s.normal.y, -s.normal.x};
  const JointLine start = MakeJoint(s.a, s.start), end = MakeJoint(s.b, s.end);
  const bool flat = std::abs(s.normal.x) < 1e-6f;
  const float inv_normal_x = flat ? 0.0f : 1.0f / s.normal.x;
  const float to_fixed = to_index * 65536.0f;
  const int32_t q_step = static_cast<int32_t>(scale * s.normal.x * to_fixed);
  // Lines: the bounding box of the owned quadrilateral (core plus glow, out
  // to the mitred joint lines).
  float top = 1e30f, bottom = -1e30f;
  for (const auto& [at, j] : {std::pair{s.a, s.start}, std::pair{s.b, s.end}}) {
    const float along = reach / std::max(j.x * t.x + j.y * t.y, kMinMitreCos);
    top = std::min({top, at.y - j.x * along, at.y + j.x * along});
    bottom = std::max({bottom, at.y - j.x * along, at.y + j.x * along});
  }
  const int line_first = std::max(0, static_cast<int>(std::ceil((top - half) / scale)));
  const int line_last = std::min(lines - 1, static_cast<int>(std::floor((bottom - half) / scale)));
  for (int line = line_first; line <= line_last; ++line) {
    const float y = scale * line + half;
    float low = -1e30f, high = 1e30f;
    if (!ClipJoint(start, y, true, &low, &high)) continue;
    if (!ClipJoint(end, y, false, &low, &high)) continue;
    // Within reach of the centre line: |(x - a.x) n.x + (y - a.y) n.y| <= reach.
    const float dy = (y - s.a.y) * s.normal.y;
    if (flat) {
      if (std::abs(dy) > reach) continue;
    } else {
      float x0 = s.a.x + (-reach - dy) * inv_normal_x, x1 = s.a.x + (reach - dy) * inv_normal_x;
      if (x0 > x1) std::swap(x0, x1);
      low = std::max(low, x0);
      high = std::min(high, x1);
      if (!(low < high)) continue;
    }
    // Pixel centres in [low, high).
    const int first = std::max(0, CeilToInt(std::max((low - half) * inv_scale, -1.0f)));
    const int last = std::min(length - 1, CeilToInt(std::min((high - half) * inv_scale, length + 1.0f)) - 1);
    if (first > last) continue;
    uint8_t* py = view.planes[0] + line * outer[0] + first * inner[0];
    uint8_t* pu = view.planes[1] + line * outer[1] + first * inner[1];
    uint8_t* pv = view.planes[2] + line * outer[2] + first * inner[2];
    // The distance to the centre line in 1/65536 table steps, stepped per
    // pixel in integers. |d| <= reach here, so the index stays in the table
    // (which has one spare entry for rounding at the very edge).
    const float d = (scale * first + half - s.a.x) * s.normal.x + dy;
    int32_t q = static_cast<int32_t>(d * to_fixed);
    for (int x = first; x <= last; ++x, q += q_step) {
      const int index = std::min((q < 0 ? -q : q) >> 16, LineProfile::kSize);
      // A zero alpha leaves the pixel as it is, so no branch is needed.
      const int a = alphas[index];
      if constexpr (kChroma) {
        BlendChroma<kMode>(pu, pv, c.u, c.v, a);
        pu += inner[1];
        pv += inner[2];
      } else {
        BlendLuma<kMode>(py, c.y, a);
        py += inner[0];
      }
    }
  }
}

Segment Transposed(const Segment& s) {
  auto swap = [](Point2 p) { return Point2{p.y, p.x}; };
  return {swap(s.a), swap(s.b), swap(s.normal), swap(s.start), swap(s.end)};
}

template <BlendMode kMode>
void DrawSegments(const FrameView& view, const Point2* points, int count, bool closed,
                  const LineProfile& profile, Yuv8 c, int alpha) {
  const int segments = closed ? count : count - 1;
  const float reach = profile.reach();
  // The profile scaled by alpha once per line rather than once per pixel;
  // the spare last entry is zero.
  uint8_t luma_alphas[LineProfile::kSize + 1], chroma_alphas[LineProfile::kSize + 1];
  for (int i = 0; i < LineProfile::kSize; ++i) {
    luma_alphas[i] = static_cast<uint8_t>(std::min(255, (profile.luma()[i] * alpha + 128) >> 8));
    chroma_alphas[i] = static_cast<uint8_t>(std::min(255, (profile.chroma()[i] * alpha + 128) >> 8));
  }
  luma_alphas[LineProfile::kSize] = chroma_alphas[LineProfile::kSize] = 0;
  // Walk columns when the line runs mostly across: one choice for the whole
  // line, so neighbouring segments split their joints the same way.
  float across = 0.0f, down = 0.0f;
  for (int i = 0; i < segments; ++i) {
    const Point2 a = points[i], b = points[(i + 1) % count];
    across += std::abs(b.x - a.x);
    down += std::abs(b.y - a.y);
  }
  const bool transposed = across > down;
  auto tangent = [&](int from) {
    const Point2 a = points[from % count], b = points[(from + 1) % count];
    return Normalized(b.x - a.x, b.y - a.y);
  };
  auto has_segment = [&](int i) { return closed || (i >= 0 && i < count - 1); };
  for (int i = 0; i < segments; ++i) {
    Segment s;
    s.a = points[i];
    s.b = points[(i + 1) % count];
    const Point2 t = tangent(i);
    s.normal = {-t.y, t.x};
    s.start = t;
    s.end = t;
    if (has_segment(i - 1)) {
      const Point2 before = tangent((i - 1 + count) % count);
      s.start = Normalized(before.x + t.x, before.y + t.y);
    }
    if (has_segment(i + 1)) {
      const Point2 after = tangent((i + 1) % count);
      s.end = Normalized(t.x + after.x, t.y + after.y);
    }
    // Skip segments whose whole reach lies outside the frame.
    const float pad = reach / kMinMitreCos;
    if (std::max(s.a.x, s.b.x) + pad < 0.0f || std::min(s.a.x, s.b.x) - pad > view.width ||
        std::max(s.a.y, s.b.y) + pad < 0.0f || std::min(s.a.y, s.b.y) - pad > view.height) {
      continue;
    }
    if (transposed) {
      const Segment swapped = Transposed(s);
      SegmentPlane<kMode, false, true>(view, swapped, luma_alphas, reach, c);
      SegmentPlane<kMode, true, true>(view, swapped, chroma_alphas, reach, c);
    } else {
      SegmentPlane<kMode, false, false>(view, s, luma_alphas, reach, c);
      SegmentPlane<kMode, true, false>(view, s, chroma_alphas, reach, c);
    }
  }
}

// Widest straight part the column profile holds, in plane pixels.
constexpr int kMaxColumns = 128;

template <BlendMode kMode, bool kChroma>
void VerticalCapsulePlane(const FrameView& view, float cx, float y0, float y1, float radius, Yuv8 c,
                          int alpha_top, int alpha_bottom) {
  const float scale = kChroma ? 2.0f : 1.0f;
  const float half = 0.5f * scale;
  const float inv_scale = 1.0f / scale;
  const int width = kChroma ? (view.width + 1) / 2 : view.width;
  const int height = kChroma ? (view.height + 1) / 2 : view.height;
  // As YuvCanvas::DrawCapsule: coverage falls from 1 to 0 over one pixel of
  // this plane around the edge.
  const float edge = radius * inv_scale + 0.5f;
  const float reach = radius + half + 0.5f;
  const int col_first = std::max(0, static_cast<int>(std::ceil((cx - reach - half) / scale)));
  const int col_last = std::min(width - 1, static_cast<int>(std::floor((cx + reach - half) / scale)));
  const int columns = std::min(col_last - col_first + 1, kMaxColumns);
  if (columns <= 0) return;
  float dx2[kMaxColumns];
  int coverage[kMaxColumns];
  for (int k = 0; k < columns; ++k) {
    const float dx = scale * (col_first + k) + half - cx;
    dx2[k] = dx * dx;
    coverage[k] = static_cast<int>(256.0f * std::clamp(edge - std::abs(dx) * inv_scale, 0.0f, 1.0f) + 0.5f);
  }
  const int row_first = std::max(0, static_cast<int>(std::ceil((y0 - reach - half) / scale)));
  const int row_last = std::min(height - 1, static_cast<int>(std::floor((y1 + reach - half) / scale)));
  const float length = y1 - y0;
  const float slope = length > 0.0f ? (alpha_bottom - alpha_top) / length : 0.0f;
  for (int row = row_first; row <= row_last; ++row) {
    const float py = scale * row + half;
    const float ramp = alpha_top + slope * std::clamp(py - y0, 0.0f, length);
    uint8_t* y_row = view.planes[0] + static_cast<size_t>(row) * view.strides[0] + col_first;
    uint8_t* u_row = view.planes[1] + static_cast<size_t>(row) * view.strides[1] + col_first;
    uint8_t* v_row = view.planes[2] + static_cast<size_t>(row) * view.strides[2] + col_first;
    if (py >= y0 && py <= y1) {
      // Straight part: the same coverage in every row; a zero alpha blends to
      // the same pixel, so the loop needs no branch.
      const int level = static_cast<int>(ramp + 0.5f);
      for (int k = 0; k < columns; ++k) {
        const int a = (coverage[k] * level + 128) >> 8;
        if constexpr (kChroma) {
          BlendChroma<kMode>(u_row + k, v_row + k, c.u, c.v, a);
        } else {
          BlendLuma<kMode>(y_row + k, c.y, a);
        }
      }
      continue;
    }
    const float beyond = py < y0 ? y0 - py : py - y1;
    for (int k = 0; k < columns; ++k) {
      const float cover = edge - std::sqrt(beyond * beyond + dx2[k]) * inv_scale;
      if (cover <= 0.0f) continue;
      const int a = static_cast<int>((cover < 1.0f ? cover : 1.0f) * ramp + 0.5f);
      if constexpr (kChroma) {
        BlendChroma<kMode>(u_row + k, v_row + k, c.u, c.v, a);
      } else {
        BlendLuma<kMode>(y_row + k, c.y, a);
      }
    }
  }
}


}  // namespace

void LineProfile::Build(float core_half_width, float glow, float glow_width) {
  const float core = std::max(core_half_width, 0.0f);
  glow = std::clamp(glow, 0.0f, 1.0f);
  glow_width = std::max(glow_width, 0.05f);
  // exp(-4) of the glow is under 2% of it; the taper takes it to zero there.
  const float glow_end = glow > 0.0f ? core + 4.0f * glow_width : core;
  // One chroma pixel (two luma pixels) of box filter beyond the glow's end.
  reach_ = glow_end + 1.0f;
  // Light at distance x from the centre: the glow, tapered to zero by its end.
  auto glow_at = [&](float x) {
    if (glow <= 0.0f) return 0.0f;
    x = std::abs(x);
    const float outside = std::max(x - core, 0.0f);
    const float taper = std::clamp((glow_end - x) / (2.0f * glow_width), 0.0f, 1.0f);
    return glow * std::exp(-outside / glow_width) * taper * taper * (3.0f - 2.0f * taper);
  };
  // The glow's integral from the centre out, one step per table entry, so
  // its mean over any box is two lookups (styles rebuild profiles every
  // frame, so this avoids thousands of exp() calls per build).
  const float step = reach_ / kSize;
  std::array<float, kSize + 1> integral;
  integral[0] = 0.0f;
  for (int i = 0; i < kSize; ++i) integral[i + 1] = integral[i] + glow_at((i + 0.5f) * step) * step;
  auto integral_to = [&](float x) {  // from 0 to x; the glow is symmetric
    const float pos = std::abs(x) / step;
    const int i = static_cast<int>(pos);
    const float value = i >= kSize ? integral[kSize] : integral[i] + (integral[i + 1] - integral[i]) * (pos - i);
    return x < 0.0f ? -value : value;
  };
  // Mean coverage over a box of half-width `box` centred at distance d.
  auto value = [&](float d, float box) {
    const float overlap = std::max(0.0f, std::min(d + box, core) - std::max(d - box, -core));
    const float solid = std::min(1.0f, overlap / (2.0f * box));
    const float light = (integral_to(d + box) - integral_to(d - box)) / (2.0f * box);
    const float coverage = solid + (1.0f - solid) * light;
    return static_cast<uint16_t>(256.0f * std::clamp(coverage, 0.0f, 1.0f) + 0.5f);
  };
  for (int i = 0; i < kSize; ++i) {
    const float d = (i + 0.5f) * step;
    luma_[i] = value(d, 0.5f);
    chroma_[i] = value(d, 1.0f);
  }
}

void DrawPolyline(const FrameView& view, const Point2* points, int count, bool closed,
                  const LineProfile& profile, Yuv8 color, int alpha, BlendMode mode) {
  if (alpha <= 0 || count < 2 || (closed && count < 3)) return;
  const Yuv8 c = KernelColor(color, mode);
  if (mode == BlendMode::kOver) {
    DrawSegments<BlendMode::kOver>(view, points, count, closed, profile, c, alpha);
  } else {
    DrawSegments<BlendMode::kAdd>(view, points, count, closed, profile, c, alpha);
  }
}

void DrawVerticalCapsule(const FrameView& view, float x, float y_top, float y_bottom, float radius, Yuv8 color,
                         int alpha_top, int alpha_bottom, BlendMode mode) {
  if ((alpha_top <= 0 && alpha_bottom <= 0) || radius <= 0.0f) return;
  if (radius > 120.0f) {
    YuvCanvas(view).DrawCapsule(x, y_top, x, y_bottom, radius, color, alpha_top, alpha_bottom, mode);
    return;
  }
  if (y_bottom < y_top) {
    std::swap(y_top, y_bottom);
    std::swap(alpha_top, alpha_bottom);
  }
  const Yuv8 c = KernelColor(color, mode);
  if (mode == BlendMode::kOver) {
    VerticalCapsulePlane<BlendMode::kOver, false>(view, x, y_top, y_bottom, radius, c, alpha_top, alpha_bottom);
    VerticalCapsulePlane<BlendMode::kOver, true>(view, x, y_top, y_bottom, radius, c, alpha_top, alpha_bottom);
  } else {
    VerticalCapsulePlane<BlendMode::kAdd, false>(view, x, y_top, y_bottom, radius, c, alpha_top, alpha_bottom);
    VerticalCapsulePlane<BlendMode::kAdd, true>(view, x, y_top, y_bottom, radius, c, alpha_top, alpha_bottom);
  }
}

}  // namespace beatframe
