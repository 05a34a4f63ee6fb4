// Test helper for orientation checks: a picture whose top-left quadrant is
// red and top-right quadrant blue over white (two markers tell every turn
// and mirror apart), and readers that say which colour sits in each quadrant
// of a decoded RGBA picture or yuv420p clip frame.
#pragma once

#include <string>

#include "engine/media/picture.h"
#include "engine/media/video_frame_source.h"
#include "tests/media/visual_media_writer.h"

namespace beatframe::testing {

// Red top-left quadrant, blue top-right quadrant, white bottom half.
RgbPainter QuadrantMarker();

// The quadrants' colours as one letter each ('R'ed, 'B'lue, 'W'hite, '?'
// for anything else), read near each quadrant's centre, in the order
// top-left, top-right, bottom-left, bottom-right: "RBWW" for QuadrantMarker()
// shown as painted.
std::string QuadrantColors(const Picture& picture);
std::string QuadrantColors(const Yuv420Image& image);

}  // namespace beatframe::testing
