#include "engine/render/frame.h"

#include <cstddef>

namespace beatframe {

YuvFrame::YuvFrame(int width, int height)
    : width_(width > 0 ? width : 0),
      height_(height > 0 ? height : 0),
      y_(static_cast<size_t>(width_) * height_),
      u_(static_cast<size_t>((width_ + 1) / 2) * ((height_ + 1) / 2)),
      v_(u_.size()) {}

FrameView YuvFrame::view() {
  FrameView view;
  view.width = width_;
  view.height = height_;
  view.planes[0] = y_.data();
  view.planes[1] = u_.data();
  view.planes[2] = v_.data();
  view.strides[0] = width_;
  view.strides[1] = (width_ + 1) / 2;
  view.strides[2] = (width_ + 1) / 2;
  return view;
}

}  // namespace beatframe
