// Probing and decoding of audio files (MP3, WAV, AAC/M4A, FLAC, and whatever
// else libavformat opens that carries an audio stream) into an AudioBuffer.
#pragma once

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/audio/audio_buffer.h"

namespace beatframe {

// What a file is, read from its header without decoding the whole stream.
struct AudioFileInfo {
  std::string container;      // libavformat short name, e.g. "mp3", "wav", "flac", "mov,mp4,m4a,3gp,3g2,mj2"
  std::string format;         // the user-facing name: "mp3", "wav", "flac", "m4a" (AAC in MP4) or "aac" (ADTS)
  std::string codec;          // e.g. "mp3", "pcm_s16le", "flac", "aac"
  int sample_rate_hz = 0;
  int channels = 0;
  double duration_s = 0.0;    // from the container; 0 when unknown
  int64_t bit_rate = 0;       // bits per second; 0 when unknown
  MediaTags tags;
};

// The formats accepted for upload, for error messages: "MP3, WAV, AAC/M4A, FLAC".
const char* AcceptedAudioFormatsText();

// Opens `path` and describes its best audio stream. INVALID_ARGUMENT (whose
// message lists the accepted formats) when the file is not audio we accept,
// is empty, or is unreadable; NOT_FOUND when the file does not exist.
absl::StatusOr<AudioFileInfo> ProbeAudioFile(const std::string& path);

struct DecodeOptions {
  // Output rate; 0 keeps the source rate.
  int sample_rate_hz = 0;
  // Output channels: 0 keeps the source layout, 1 = mono downmix, 2 = stereo.
  int channels = 0;
};

// Decodes the whole best audio stream of `path`. A truncated file decodes up
// to the damage; a file whose stream yields no samples is INVALID_ARGUMENT.
absl::StatusOr<AudioBuffer> DecodeAudioFile(const std::string& path,
                                            const DecodeOptions& options = {});

// Decodes like DecodeAudioFile, but hands the samples on in blocks of
// `block_frames` frames (the last may be shorter) as they are decoded, so a
// long file never has to be in memory at once: peak memory is a block or two.
// Each block is a complete AudioBuffer (rate, channels, samples in [-1, 1]).
// Stops at, and returns, the first error `on_block` returns; otherwise the
// same errors as DecodeAudioFile.
absl::Status DecodeAudioFileInBlocks(const std::string& path, const DecodeOptions& options, int64_t block_frames,
                                     absl::FunctionRef<absl::Status(const AudioBuffer& block)> on_block);

}  // namespace beatframe
