// Tells what an uploaded media file is from its content (libavformat's
// probe of the bytes, not the name): a music track, a still image or a video
// clip, with the facts the service stores and the montage needs. Only the
// formats below are accepted; anything else is INVALID_ARGUMENT with a
// message that lists them.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "engine/common/av_handles.h"

namespace beatframe {

enum class MediaKind { kAudio, kImage, kVideo };
const char* MediaKindName(MediaKind kind);  // "audio", "image", "video"

// Largest still image decoded, against decompression bombs (a small file
// declaring a huge picture): each side and the pixel count.
inline constexpr int kMaxImageSide = 16384;
inline constexpr int64_t kMaxImagePixels = 50'000'000;
// Largest video frame accepted (8K).
inline constexpr int kMaxVideoSide = 8192;

struct MediaInfo {
  MediaKind kind = MediaKind::kAudio;
  // User-facing format: "jpeg", "png", "webp", "gif" (images), "mp4", "mov",
  // "webm", "mkv" (clips); for audio the libavformat demuxer name (the audio
  // decoder's own probe, engine/audio/decoder.h, describes audio files).
  std::string format;
  std::string codec;        // the picture's or video stream's codec, e.g. "h264", "vp9", "png"
  // Pixels as displayed (images and clips): a photo's EXIF Orientation and a
  // clip's display matrix applied, so a portrait phone photo or clip stored
  // sideways reports its portrait size.
  int width = 0;
  int height = 0;
  double duration_s = 0.0;  // clips and audio; 0 for stills
  bool has_audio = false;   // a clip with a sound track (the montage ignores it)
};

// "JPEG, PNG, WebP, GIF images; MP4, MOV, WebM, MKV video", for messages.
const char* AcceptedVisualFormatsText();

// Probes `path`. Audio is reported as kAudio without further checks (the
// audio decoder validates it); images and clips are checked against the
// allowlist, for a decoder, and for a sane size. NOT_FOUND when the file does
// not exist; INVALID_ARGUMENT (naming the file and the accepted formats) for
// an empty, unknown, corrupt or oversized file. Thread-safe.
absl::StatusOr<MediaInfo> ProbeMediaFile(const std::string& path);

// Opens `path` with the demuxer its first bytes point to (the file name is
// not consulted, so "photo.png" holding a JPEG opens as JPEG and a text file
// named ".png" opens as nothing). INVALID_ARGUMENT when no demuxer claims it.
// Used by the still and clip decoders so they read what the probe saw.
absl::StatusOr<av::InputFormatPtr> OpenInputByContent(const std::string& path);

}  // namespace beatframe
