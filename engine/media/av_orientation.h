// Reads how a decoded picture or a video stream must be turned to show
// upright, from what FFmpeg 5.1 exposes: the display matrix the MP4/MOV
// demuxer reads from the track header (phone clips), and for stills the
// EXIF Orientation the decoders parse (mjpeg: a frame display matrix and
// "Orientation" metadata; webp: the metadata only).
#pragma once

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

#include "engine/media/picture_orientation.h"

namespace beatframe {

// A decoded still's orientation: the frame's display matrix, else its EXIF
// "Orientation" metadata, else kNormal. Missing, malformed or out-of-range
// values are kNormal, never an error.
Orientation FrameOrientation(const AVFrame& frame);

// A video stream's orientation from its display matrix side data (kNormal
// when it has none).
Orientation StreamOrientation(const AVStream& stream);

}  // namespace beatframe
