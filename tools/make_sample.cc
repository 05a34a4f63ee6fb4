// make_sample: writes a synthesised drum track for demos and benchmarks.
//   make_sample --out FILE [--bpm 120] [--seconds 30] [--format mp3|wav|flac|m4a|aac|ogg]
//               [--bitrate BITS_PER_S] [--title T] [--artist A] [--album B] [--seed N]
// The format defaults to the output file's extension (mp3 when it has none).
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/synth/synth.h"

namespace {

using beatframe::AudioFileFormat;

bool ParseFormat(const std::string& name, AudioFileFormat* format) {
  static const std::map<std::string, AudioFileFormat> kFormats = {
      {"wav", AudioFileFormat::kWav}, {"mp3", AudioFileFormat::kMp3}, {"flac", AudioFileFormat::kFlac},
      {"m4a", AudioFileFormat::kM4a}, {"aac", AudioFileFormat::kAac}, {"ogg", AudioFileFormat::kOgg}};
  const auto it = kFormats.find(name);
  if (it == kFormats.end()) return false;
  *format = it->second;
  return true;
}

int Usage(const char* message) {
  std::fprintf(stderr,
               "make_sample: %s\nusage: make_sample --out FILE [--bpm 120] [--seconds 30] "
               "[--format mp3|wav|flac|m4a|aac|ogg] [--bitrate BITS_PER_S] [--title T] [--artist A] "
               "[--album B] [--seed N]\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags = {
      {"--bpm", "120"}, {"--seconds", "30"}, {"--title", "Demo Beat"}, {"--artist", "beatframe"},
      {"--album", ""},  {"--seed", "1"},     {"--format", ""},          {"--out", ""},
      {"--bitrate", "0"}};
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flags.count(flag) == 0) return Usage(absl::StrCat("unknown flag ", flag).c_str());
    if (i + 1 >= argc) return Usage(absl::StrCat(flag, " needs a value").c_str());
    flags[flag] = argv[++i];
  }
  const std::string& out = flags["--out"];
  if (out.empty()) return Usage("--out is required");

  beatframe::SynthOptions options;
  if (!absl::SimpleAtod(flags["--bpm"], &options.bpm) || options.bpm < 20 || options.bpm > 400) {
    return Usage("--bpm must be a number from 20 to 400");
  }
  if (!absl::SimpleAtod(flags["--seconds"], &options.duration_s) || options.duration_s <= 0 ||
      options.duration_s > 3600) {
    return Usage("--seconds must be a number from 0 to 3600");
  }
  if (!absl::SimpleAtoi(flags["--seed"], &options.seed)) return Usage("--seed must be an integer");
  int64_t bit_rate = 0;
  if (!absl::SimpleAtoi(flags["--bitrate"], &bit_rate) || bit_rate < 0) {
    return Usage("--bitrate must be bits per second, e.g. 320000 (0 = the format's default)");
  }
  std::string format_name = flags["--format"];
  if (format_name.empty()) {
    const size_t dot = out.rfind('.');
    format_name = dot == std::string::npos ? "mp3" : out.substr(dot + 1);
  }
  AudioFileFormat format;
  if (!ParseFormat(format_name, &format)) return Usage(absl::StrCat("unknown format '", format_name, "'").c_str());

  const beatframe::SynthesizedTrack track = beatframe::SynthesizeBeatTrack(options);
  const beatframe::MediaTags tags{flags["--title"], flags["--artist"], flags["--album"]};
  const absl::Status status = beatframe::WriteAudioFile(out, track.audio, format, bit_rate, tags);
  if (!status.ok()) {
    std::fprintf(stderr, "make_sample: %s\n", status.ToString().c_str());
    return 1;
  }
  std::printf("wrote %s: %.1f s at %.1f BPM, %zu beats\n", out.c_str(), options.duration_s, options.bpm,
              track.beat_times_s.size());
  return 0;
}
