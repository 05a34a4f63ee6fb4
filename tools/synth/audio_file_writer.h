// Encodes an AudioBuffer into an audio file with libavcodec/libavformat, so
// tests and the demo can produce real MP3/WAV/FLAC/M4A/AAC/OGG inputs.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "engine/audio/audio_buffer.h"

namespace beatframe {

enum class AudioFileFormat {
  kWav,   // pcm_s16le in WAV (tags as RIFF INFO)
  kMp3,   // libmp3lame in MP3 (ID3v2 tags, LAME header so decoders trim padding)
  kFlac,  // 16-bit FLAC (Vorbis comments)
  kM4a,   // AAC-LC in MP4 (iTunes tags)
  kAac,   // AAC-LC in ADTS (no tags)
  kOgg,   // Vorbis in Ogg (Vorbis comments)
};

// The usual file extension, without the dot: "wav", "mp3", "flac", "m4a", "aac", "ogg".
const char* AudioFileExtension(AudioFileFormat format);

// Writes `audio` to `path`, replacing it. `bit_rate` (bits/s) applies to the
// lossy formats; 0 picks a sensible default. INVALID_ARGUMENT for an empty
// buffer or a rate/channel count the encoder cannot take (MP3: 1-2 channels);
// UNIMPLEMENTED when this FFmpeg build lacks the encoder. A failed write
// leaves no file behind.
absl::Status WriteAudioFile(const std::string& path, const AudioBuffer& audio, AudioFileFormat format,
                            int64_t bit_rate = 0, const MediaTags& tags = {});

}  // namespace beatframe
