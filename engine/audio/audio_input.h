// Opens an audio file with libavformat and checks that it is audio we accept
// (container and codec allow-lists). Shared by ProbeAudioFile and
// DecodeAudioFile so both reject the same files with the same messages.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/audio/av_handles.h"
#include "engine/audio/decoder.h"

namespace beatframe::audio_internal {

struct AudioInput {
  InputFormatPtr format;
  int stream_index = -1;  // the best audio stream; all other streams are discarded
  AudioFileInfo info;
};

// NOT_FOUND when `path` does not exist; INVALID_ARGUMENT (naming the file and
// listing AcceptedAudioFormatsText()) when it is empty, unreadable, not an
// accepted container, or has no accepted audio stream.
absl::StatusOr<AudioInput> OpenAudioInput(const std::string& path);

// The INVALID_ARGUMENT every rejection uses: "'path' is not a supported audio
// file (why); accepted formats: ...".
absl::Status NotAcceptedError(const std::string& path, absl::string_view why);

}  // namespace beatframe::audio_internal
