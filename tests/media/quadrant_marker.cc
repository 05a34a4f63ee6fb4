#include "tests/media/quadrant_marker.h"

#include <cstdint>

namespace beatframe::testing {
namespace {

// The centres of the four quadrants, in the order of QuadrantColors().
struct Point {
  int x;
  int y;
};
void QuadrantCentres(int width, int height, Point centres[4]) {
  const int left = width / 4, right = width * 3 / 4, top = height / 4, bottom = height * 3 / 4;
  centres[0] = {left, top};
  centres[1] = {right, top};
  centres[2] = {left, bottom};
  centres[3] = {right, bottom};
}

char ClassifyRgb(double r, double g, double b) {
  if (r > 180 && g < 90 && b < 90) return 'R';
  if (b > 180 && r < 90 && g < 90) return 'B';
  if (r > 200 && g > 200 && b > 200) return 'W';
  return '?';
}

// BT.709 limited range: red is Y 63 Cb 102 Cr 240, blue Y 32 Cb 240 Cr 118,
// white Y 235 with neutral chroma.
char ClassifyYuv(double y, double u, double v) {
  if (v > 190 && u < 150) return 'R';
  if (u > 190 && v < 150) return 'B';
  if (y > 190 && u > 108 && u < 148 && v > 108 && v < 148) return 'W';
  return '?';
}

// Mean of a (2r+1)^2 box of an 8-bit plane, clamped to the plane.
double BoxMean(const uint8_t* plane, int stride, int width, int height, int cx, int cy, int r) {
  double sum = 0;
  int count = 0;
  for (int y = cy - r; y <= cy + r; ++y) {
    for (int x = cx - r; x <= cx + r; ++x) {
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      sum += plane[y * stride + x];
      ++count;
    }
  }
  return count > 0 ? sum / count : 0.0;
}

}  // namespace

RgbPainter QuadrantMarker() {
  return [](int, int width, int height, uint8_t* rgb) {
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        uint8_t* p = rgb + (static_cast<size_t>(y) * width + x) * 3;
        const bool top = y < height / 2, left = x < width / 2;
        p[0] = top && !left ? 0 : 255;
        p[1] = top ? 0 : 255;
        p[2] = top && left ? 0 : 255;
      }
    }
  };
}

std::string QuadrantColors(const Picture& picture) {
  Point centres[4];
  QuadrantCentres(picture.width, picture.height, centres);
  std::string colors;
  for (const Point& c : centres) {
    const uint8_t* p = picture.at(c.x, c.y);
    colors += ClassifyRgb(p[0], p[1], p[2]);
  }
  return colors;
}

std::string QuadrantColors(const Yuv420Image& image) {
  Point centres[4];
  QuadrantCentres(image.width, image.height, centres);
  const int chroma_width = (image.width + 1) / 2, chroma_height = (image.height + 1) / 2;
  std::string colors;
  for (const Point& c : centres) {
    const double y = BoxMean(image.planes[0], image.strides[0], image.width, image.height, c.x, c.y, 2);
    const double u = BoxMean(image.planes[1], image.strides[1], chroma_width, chroma_height, c.x / 2, c.y / 2, 1);
    const double v = BoxMean(image.planes[2], image.strides[2], chroma_width, chroma_height, c.x / 2, c.y / 2, 1);
    colors += ClassifyYuv(y, u, v);
  }
  return colors;
}

}  // namespace beatframe::testing
