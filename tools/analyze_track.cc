// analyze_track: analyses an audio file and prints the tempo, meter, beat
// count, sections, loudness and how long it took. By default it streams the
// file through AnalyzeAudioFile (what the service does; memory stays flat
// however long the file); --in-memory decodes the whole file first and times
// decode and analysis apart.
//   analyze_track FILE [--beats] [--in-memory]
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/audio/analysis.h"
#include "engine/audio/decoder.h"
#include "engine/audio/file_analysis.h"

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "analyze_track: %s\n", status.ToString().c_str());
  return 1;
}

void Print(const beatframe::Analysis& analysis, bool print_beats) {
  std::printf("tempo %.2f BPM, %d/4, %zu beats, %zu downbeats, %d feature frames, %.1f LUFS\n",
              analysis.tempo_bpm, analysis.time_signature, analysis.beat_times_s.size(),
              analysis.downbeat_times_s.size(), analysis.feature_frame_count(), analysis.loudness_lufs);
  for (const beatframe::Section& section : analysis.sections) {
    std::printf("section %7.2f - %7.2f s  %s\n", section.start_s, section.end_s, section.label.c_str());
  }
  if (print_beats) {
    for (size_t i = 0; i < analysis.beat_times_s.size(); ++i) {
      std::printf("%.4f %.2f\n", analysis.beat_times_s[i], analysis.beat_strengths[i]);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: analyze_track FILE [--beats] [--in-memory]\n");
    return 2;
  }
  const std::string path = argv[1];
  bool print_beats = false, in_memory = false;
  for (int i = 2; i < argc; ++i) {
    print_beats = print_beats || std::strcmp(argv[i], "--beats") == 0;
    in_memory = in_memory || std::strcmp(argv[i], "--in-memory") == 0;
  }
  if (!in_memory) {
    const absl::Time start = absl::Now();
    const absl::StatusOr<beatframe::Analysis> analysis = beatframe::AnalyzeAudioFile(path);
    const absl::Time end = absl::Now();
    if (!analysis.ok()) return Fail(analysis.status());
    std::printf("%s: %.2f s\n", path.c_str(), analysis->duration_s);
    std::printf("decode + analyse (streamed) %.3f s\n", absl::ToDoubleSeconds(end - start));
    Print(*analysis, print_beats);
    return 0;
  }
  const absl::Time decode_start = absl::Now();
  const absl::StatusOr<beatframe::AudioBuffer> audio = beatframe::DecodeAudioFile(path);
  if (!audio.ok()) return Fail(audio.status());
  const absl::Time analyse_start = absl::Now();
  const absl::StatusOr<beatframe::Analysis> analysis = beatframe::AnalyzeAudio(*audio);
  const absl::Time end = absl::Now();
  if (!analysis.ok()) return Fail(analysis.status());
  std::printf("%s: %.2f s, %d Hz, %d ch\n", path.c_str(), audio->duration_s(), audio->sample_rate_hz,
              audio->channels);
  std::printf("decode %.3f s, analyse %.3f s\n", absl::ToDoubleSeconds(analyse_start - decode_start),
              absl::ToDoubleSeconds(end - analyse_start));
  Print(*analysis, print_beats);
  return 0;
}
