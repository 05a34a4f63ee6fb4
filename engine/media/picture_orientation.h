// How a stored picture must be turned to show upright: the eight EXIF
// orientations (rotations by 0/90/180/270 degrees, each optionally
// mirrored), read from a photo's EXIF tag or a clip's display matrix, and the
// pixel copies that apply them. Plain CPU code, no FFmpeg types; the FFmpeg
// look-ups live in engine/media/av_orientation.h.
#pragma once

#include <cstdint>

#include "engine/media/picture.h"

namespace beatframe {

// Numbered as the EXIF Orientation tag (TIFF tag 0x0112). Each says what to
// do to the stored picture to display it; "clockwise" as seen on screen.
enum class Orientation {
  kNormal = 1,
  kMirrorHorizontal = 2,  // flip left-right
  kRotate180 = 3,
  kMirrorVertical = 4,    // flip top-bottom
  kTranspose = 5,         // mirror along the top-left to bottom-right diagonal
  kRotate90 = 6,          // rotate 90 degrees clockwise (portrait phone photos, iPhone portrait clips)
  kTransverse = 7,        // mirror along the top-right to bottom-left diagonal
  kRotate270 = 8,         // rotate 90 degrees counterclockwise
};

// The orientation for an EXIF Orientation value; anything outside 1..8
// (absent, corrupt) is kNormal.
Orientation OrientationFromExif(int value);

// The orientation an FFmpeg display matrix (3x3, 16.16 fixed point, the
// layout of libavutil/display.h) asks for, snapped to the nearest of the
// eight: a clip rotated by some other angle shows at the nearest right angle.
// Scale and translation are ignored; a null or degenerate matrix is kNormal.
Orientation OrientationFromDisplayMatrix(const int32_t* matrix);

// True when the displayed picture is the stored one on its side (5..8):
// width and height swap.
bool SwapsWidthAndHeight(Orientation orientation);

// The displayed size of a `width` x `height` stored picture.
void DisplayedSize(Orientation orientation, int width, int height, int* displayed_width, int* displayed_height);

// Copies one 8-bit plane of `width` x `height` stored pixels into `dst`,
// turned upright: dst is DisplayedSize() and must not overlap src. No
// allocation; strides in bytes. Call per frame.
void OrientPlane(const uint8_t* src, int src_stride, int width, int height, Orientation orientation, uint8_t* dst,
                 int dst_stride);

// `picture` turned upright (a copy; the same picture for kNormal).
Picture OrientPicture(Picture picture, Orientation orientation);

}  // namespace beatframe
