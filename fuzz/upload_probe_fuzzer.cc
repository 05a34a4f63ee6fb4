// libFuzzer target for what an upload goes through before beatframe trusts
// it: the bytes are written to a file and probed as audio (the decoder's
// open/probe, then the first blocks decoded), as a picture or clip
// (ProbeMediaFile), and parsed as LRC and SubRip lyrics. Errors are expected;
// crashes, sanitizer reports, leaks and hangs are the findings.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" {
#include <libavutil/log.h>
}

#include "absl/status/status.h"
#include "engine/audio/decoder.h"
#include "engine/media/media_probe.h"
#include "engine/timeline/lyrics.h"

namespace {

const std::string& ScratchPath() {
  static const std::string path = "/tmp/bf_upload_probe_fuzz_" + std::to_string(getpid()) + ".bin";
  return path;
}

bool WriteScratch(const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(ScratchPath().c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  av_log_set_level(AV_LOG_QUIET);  // garbage input makes FFmpeg chatty
  std::atexit([] { std::remove(ScratchPath().c_str()); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!WriteScratch(data, size)) return 0;
  const std::string& path = ScratchPath();

  if (beatframe::ProbeAudioFile(path).ok()) {
    // Decode a few blocks only: a valid header over a long stream must not
    // turn one input into seconds of work.
    int blocks = 0;
    beatframe::DecodeOptions options;
    options.channels = 1;
    (void)beatframe::DecodeAudioFileInBlocks(path, options, 4096, [&](const beatframe::AudioBuffer&) {
      return ++blocks < 8 ? absl::OkStatus() : absl::CancelledError("enough");
    });
  }
  (void)beatframe::ProbeMediaFile(path);

  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)beatframe::ParseLyrics("upload.lrc", text);
  (void)beatframe::ParseLyrics("upload.srt", text);
  return 0;
}
