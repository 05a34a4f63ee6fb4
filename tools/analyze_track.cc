// analyze_track: decodes an audio file, analyses it and prints the tempo,
// beat count, first beats and the time each stage took.
//   analyze_track FILE [--beats]
#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/audio/analysis.h"
#include "engine/audio/decoder.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: analyze_track FILE [--beats]\n");
    return 2;
  }
  const std::string path = argv[1];
  const bool print_beats = argc > 2 && std::string(argv[2]) == "--beats";

  const absl::Time decode_start = absl::Now();
  const absl::StatusOr<beatframe::AudioBuffer> audio = beatframe::DecodeAudioFile(path);
  if (!audio.ok()) {
    std::fprintf(stderr, "analyze_track: %s\n", audio.status().ToString().c_str());
    return 1;
  }
  const absl::Time analyse_start = absl::Now();
  const absl::StatusOr<beatframe::Analysis> analysis = beatframe::AnalyzeAudio(*audio);
  const absl::Time end = absl::Now();
  if (!analysis.ok()) {
    std::fprintf(stderr, "analyze_track: %s\n", analysis.status().ToString().c_str());
    return 1;
  }
  std::printf("%s: %.2f s, %d Hz, %d ch\n", path.c_str(), audio->duration_s(), audio->sample_rate_hz,
              audio->channels);
  std::printf("decode %.3f s, analyse %.3f s\n", absl::ToDoubleSeconds(analyse_start - decode_start),
              absl::ToDoubleSeconds(end - analyse_start));
  std::printf("tempo %.2f BPM, %zu beats, %zu downbeats, %d feature frames\n", analysis->tempo_bpm,
              analysis->beat_times_s.size(), analysis->downbeat_times_s.size(), analysis->feature_frame_count());
  if (print_beats) {
    for (size_t i = 0; i < analysis->beat_times_s.size(); ++i) {
      std::printf("%.4f %.2f\n", analysis->beat_times_s[i], analysis->beat_strengths[i]);
    }
  }
  return 0;
}
