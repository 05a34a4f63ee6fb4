// Test helper: writes real images (JPEG, PNG, WebP, GIF) and video clips
// (H.264 in MP4/MOV/MKV, VP8/VP9 in WebM), optionally with a sine-tone audio
// track, with libavcodec encoders and libavformat muxers, so the montage
// tests never need files from outside. Pictures come from a callback that
// paints RGB.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"

namespace beatframe::testing {

// Fills `rgb` (width * height * 3 bytes, rows packed) with frame `index`.
using RgbPainter = std::function<void(int index, int width, int height, uint8_t* rgb)>;

enum class ImageFormat { kJpeg, kPng, kWebp, kGif };
const char* ImageExtension(ImageFormat format);  // "jpg", "png", "webp", "gif"

absl::Status WriteImage(const std::string& path, ImageFormat format, int width, int height,
                        const RgbPainter& paint);

// A GIF of `frames` pictures at 10 fps (decoders of stills take the first).
absl::Status WriteAnimatedGif(const std::string& path, int width, int height, int frames, const RgbPainter& paint);

enum class ClipFormat { kMp4H264, kMovH264, kWebmVp8, kWebmVp9, kMkvH264 };
const char* ClipExtension(ClipFormat format);  // "mp4", "mov", "webm", "mkv"

struct ClipSpec {
  ClipFormat format = ClipFormat::kMp4H264;
  int width = 160;
  int height = 90;
  int fps = 25;
  int frames = 25;
  double tone_hz = 0.0;  // > 0 adds a loud sine audio track (AAC, or Opus in WebM)
};

absl::Status WriteClip(const std::string& path, const ClipSpec& spec, const RgbPainter& paint);

// A painter for a picture of one colour with a faint diagonal texture (so a
// zoom or pan changes pixels while the colour stays dominant).
RgbPainter TexturedColor(uint8_t r, uint8_t g, uint8_t b);

}  // namespace beatframe::testing
