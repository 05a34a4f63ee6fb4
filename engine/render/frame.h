// A video frame in the encoder's pixel format (YUV 4:2:0 planar, BT.709
// limited range), either owned or viewing an encoder's buffer.
#pragma once

#include <cstdint>
#include <vector>

namespace beatframe {

// Non-owning view of a yuv420p image: plane 0 is luma at full size, planes 1
// and 2 are Cb and Cr at half width and height (rounded up).
struct FrameView {
  int width = 0;
  int height = 0;
  uint8_t* planes[3] = {nullptr, nullptr, nullptr};
  int strides[3] = {0, 0, 0};
};

// An owned yuv420p frame whose buffers are reused from frame to frame.
class YuvFrame {
 public:
  YuvFrame() = default;
  YuvFrame(int width, int height);
  FrameView view();
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> y_, u_, v_;
};

}  // namespace beatframe
