// bench/beats [DIR]: scores our beat tracker (DecodeAudioFile + AnalyzeAudio)
// and aubio's (`aubio beat`, `aubio tempo`) on every audio file in DIR that
// has a NAME.beats annotation beside it, in the same run, and prints the
// table from beat_report.h. DIR defaults to ../shared/data/beats next to the
// repository. Prints figures only: nothing here asserts on time. With --long
// it instead times a whole 3-minute MP3 and measures memory on a 20-minute WAV
// (bench/long_run.h).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/annotation_io.h"
#include "bench/beat_metrics.h"
#include "bench/beat_report.h"
#include "bench/long_run.h"
#include "bench/peer_aubio.h"
#include "engine/audio/analysis.h"
#include "engine/audio/decoder.h"

namespace beatframe::bench {
namespace {

namespace fs = std::filesystem;

// Timed repetitions per measurement; the median is reported.
constexpr int kRuns = 3;

struct Track {
  std::string name;  // file stem
  fs::path audio;
  fs::path beats;
  std::optional<fs::path> tempo;
  std::optional<fs::path> downbeats;
};

// What our analysis says beyond beats, for the lines after the table.
struct BarReport {
  std::string name;
  std::optional<double> downbeat_f;  // against NAME.downbeats, when present
  int time_signature = 0;
  double loudness_lufs = 0.0;
};

std::vector<Track> FindTracks(const fs::path& dir) {
  static const std::set<std::string> kAudioExtensions = {".flac", ".wav", ".mp3", ".ogg",
                                                         ".m4a",  ".aac", ".opus"};
  std::vector<Track> tracks;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& path = entry.path();
    if (!kAudioExtensions.count(absl::AsciiStrToLower(path.extension().string()))) continue;
    fs::path beats = path;
    beats.replace_extension(".beats");
    if (!fs::exists(beats)) continue;
    fs::path tempo = path;
    tempo.replace_extension(".tempo");
    fs::path downbeats = path;
    downbeats.replace_extension(".downbeats");
    tracks.push_back({path.stem().string(), path, beats,
                      fs::exists(tempo) ? std::optional<fs::path>(tempo) : std::nullopt,
                      fs::exists(downbeats) ? std::optional<fs::path>(downbeats) : std::nullopt});
  }
  std::sort(tracks.begin(), tracks.end(),
            [](const Track& a, const Track& b) { return a.name < b.name; });
  return tracks;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

SystemRun Failed(std::string error) {
  SystemRun run;
  run.error = std::move(error);
  return run;
}

// Decode and analysis, each kRuns times. Mono at the source rate, as the
// service's Analyze call decodes.
SystemRun RunOurs(const Track& track, const std::vector<double>& reference_s,
                  double& duration_s, BarReport& bars) {
  DecodeOptions decode_options;
  decode_options.channels = 1;
  std::vector<double> decode_s;
  absl::StatusOr<AudioBuffer> audio;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = std::chrono::steady_clock::now();
    audio = DecodeAudioFile(track.audio.string(), decode_options);
    decode_s.push_back(SecondsSince(start));
    if (!audio.ok()) return Failed(std::string(audio.status().message()));
  }
  duration_s = audio->duration_s();

  std::vector<double> analysis_s;
  std::optional<Analysis> first;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<Analysis> analysis = AnalyzeAudio(*audio);
    analysis_s.push_back(SecondsSince(start));
    if (!analysis.ok()) return Failed(std::string(analysis.status().message()));
    if (!first) {
      first = *std::move(analysis);
    } else if (analysis->beat_times_s != first->beat_times_s) {
      // Analysis is meant to be a pure function; say so loudly if it is not.
      std::fprintf(stderr, "warning: %s: beats differ between analysis runs\n",
                   track.name.c_str());
    }
  }
  absl::StatusOr<BeatScores> scores = EvaluateBeats(reference_s, first->beat_times_s);
  if (!scores.ok()) return Failed(absl::StrCat("scoring: ", scores.status().message()));
  bars.time_signature = first->time_signature;
  bars.loudness_lufs = first->loudness_lufs;
  if (track.downbeats) {
    if (absl::StatusOr<std::vector<double>> downbeats = LoadEventTimes(track.downbeats->string()); downbeats.ok()) {
      bars.downbeat_f = FMeasure(TrimBeats(*downbeats), TrimBeats(first->downbeat_times_s));
    }
  }

  SystemRun run;
  run.ok = true;
  run.scores = *scores;
  run.tempo_bpm = first->tempo_bpm;
  run.analysis_s = Median(analysis_s);
  run.total_s = Median(decode_s) + Median(analysis_s);
  return run;
}

// `aubio beat` kRuns times (timed; it decodes the file itself, so its time is
// decode + analysis), `aubio tempo` once for the tempo.
SystemRun RunPeer(const AubioPeer& aubio, const Track& track,
                  const std::vector<double>& reference_s) {
  std::vector<double> wall_s;
  std::vector<double> beats;
  for (int i = 0; i < kRuns; ++i) {
    absl::StatusOr<AubioPeer::BeatRun> run = aubio.Beats(track.audio.string());
    if (!run.ok()) return Failed(std::string(run.status().message()));
    wall_s.push_back(run->wall_s);
    if (i == 0) beats = std::move(run->beat_times_s);
  }
  absl::StatusOr<AubioPeer::TempoRun> tempo = aubio.Tempo(track.audio.string());
  if (!tempo.ok()) return Failed(std::string(tempo.status().message()));
  absl::StatusOr<BeatScores> scores = EvaluateBeats(reference_s, beats);
  if (!scores.ok()) return Failed(absl::StrCat("scoring: ", scores.status().message()));

  SystemRun run;
  run.ok = true;
  run.scores = *scores;
  run.tempo_bpm = tempo->tempo_bpm;
  run.total_s = Median(wall_s);
  return run;
}

// aubio's speed with its interpreter start-up taken out, for readers who
// want the tracker alone; a rough figure, since start-up time varies too.
void PrintPeerSpeedWithoutStartup(const std::vector<TrackRun>& results, double startup_s) {
  std::vector<double> ours, peer;
  for (const TrackRun& r : results) {
    if (!r.ours.ok || !r.peer || !r.peer->ok || !r.ours.total_s || !r.peer->total_s) continue;
    if (*r.peer->total_s <= startup_s) continue;
    ours.push_back(r.duration_s / *r.ours.total_s);
    peer.push_back(r.duration_s / (*r.peer->total_s - startup_s));
  }
  if (peer.empty()) return;
  std::printf("aubio without its %.0f ms start-up: median all_xRT %.1fx; ours / aubio: %.2f\n",
              1000.0 * startup_s, Median(peer), Median(ours) / Median(peer));
}

// Ours only (aubio has no downbeats): downbeat F-measure per track against
// NAME.downbeats, the meter and the integrated loudness, then the mean F.
void PrintBarReport(const std::vector<BarReport>& reports) {
  std::printf("\nours beyond beats: downbeat F (mir_eval, +/-70 ms, from 5 s), meter, loudness\n");
  double sum = 0.0;
  int count = 0;
  for (const BarReport& r : reports) {
    const std::string f = r.downbeat_f ? absl::StrFormat("%.3f", *r.downbeat_f) : std::string("  -  ");
    std::printf("  %-24s downbeat F %s  %d/4  %6.1f LUFS\n", r.name.c_str(), f.c_str(), r.time_signature,
                r.loudness_lufs);
    if (r.downbeat_f) {
      sum += *r.downbeat_f;
      ++count;
    }
  }
  if (count > 0) std::printf("mean downbeat F-measure (%d tracks): %.3f\n", count, sum / count);
}

// Prints what is compared and how; returns aubio's median start-up time.
std::optional<double> PrintPreamble(const fs::path& dir, size_t track_count,
                                    const absl::StatusOr<AubioPeer>& aubio) {
  std::printf("beat tracking benchmark: %zu tracks in %s\n", track_count, dir.c_str());
  std::printf("ours: DecodeAudioFile (mono, source rate) + AnalyzeAudio, median of %d runs\n",
              kRuns);
  if (!aubio.ok()) {
    std::printf("peer: aubio is not installed (%s); its rows are skipped\n\n",
                std::string(aubio.status().message()).c_str());
    return std::nullopt;
  }
  std::printf("peer: %s (%s): `aubio beat` timed, median of %d runs; `aubio tempo` for bpm\n",
              aubio->version().c_str(), aubio->path().c_str(), kRuns);
  std::vector<double> startup_s;
  for (int i = 0; i < kRuns; ++i) {
    if (absl::StatusOr<double> s = aubio->StartupSeconds(); s.ok()) startup_s.push_back(*s);
  }
  if (startup_s.empty()) {
    std::printf("\n");
    return std::nullopt;
  }
  std::printf("      its process start-up alone (`aubio -V`) takes %.0f ms, included in its speed\n\n",
              1000.0 * Median(startup_s));
  return Median(startup_s);
}

// Both systems on one track. INVALID_ARGUMENT / NOT_FOUND when the
// annotation is unusable: that is the data's fault, not either tracker's, so
// the caller skips the track instead of scoring it 0.
absl::StatusOr<TrackRun> RunTrack(const Track& track, const absl::StatusOr<AubioPeer>& aubio,
                                  BarReport& bars) {
  absl::StatusOr<std::vector<double>> reference = LoadEventTimes(track.beats.string());
  if (!reference.ok()) return reference.status();
  if (absl::Status valid = ValidateBeats(*reference); !valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", track.beats.string(), "': ", valid.message()));
  }
  TrackRun result;
  result.name = track.name;
  if (track.tempo) {
    absl::StatusOr<double> bpm = LoadReferenceTempo(track.tempo->string());
    if (bpm.ok()) {
      result.reference_bpm = *bpm;
    } else {
      std::fprintf(stderr, "warning: %s\n", std::string(bpm.status().message()).c_str());
    }
  }
  bars.name = track.name;
  result.ours = RunOurs(track, *reference, result.duration_s, bars);
  if (result.duration_s <= 0.0) {
    // Our decode failed; take the length from the container for aubio's speed.
    if (absl::StatusOr<AudioFileInfo> info = ProbeAudioFile(track.audio.string()); info.ok()) {
      result.duration_s = info->duration_s;
    }
  }
  if (aubio.ok()) result.peer = RunPeer(*aubio, track, *reference);
  return result;
}

int Main(int argc, char** argv) {
  fs::path dir = fs::path(BEATFRAME_SOURCE_DIR) / ".." / "shared" / "data" / "beats";
  const fs::path default_song =
      fs::path(BEATFRAME_SOURCE_DIR) / ".." / "shared" / "data" / "songs" / "Karissa_Hobbs_-_Lets_Go_Fishin.hq.ogg";
  if (argc >= 2 && std::string(argv[1]) == "--long" && argc <= 3) {
    return RunLongBenchmark(argc == 3 ? argv[2] : default_song.lexically_normal().string(), kRuns);
  }
  const bool help = argc == 2 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help");
  if (help || argc > 2) {
    std::fprintf(help ? stdout : stderr,
                 "usage: %s [DIR]\n  DIR: audio files with NAME.beats (and NAME.tempo) beside "
                 "them; default %s\n"
                 "       %s --long [SONG]\n  speed on a 3-minute MP3 and memory on a 20-minute WAV "
                 "made from SONG (looped; default %s), beside aubio's\n",
                 argv[0], dir.lexically_normal().c_str(), argv[0], default_song.lexically_normal().c_str());
    return help ? 0 : 2;
  }
  if (argc == 2) dir = argv[1];
  dir = dir.lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "beats: '%s' is not a directory\n", dir.c_str());
    return 1;
  }
  const std::vector<Track> tracks = FindTracks(dir);
  if (tracks.empty()) {
    std::fprintf(stderr, "beats: no audio file with a .beats annotation in '%s'\n", dir.c_str());
    return 1;
  }
  const absl::StatusOr<AubioPeer> aubio = AubioPeer::Create();
  const std::optional<double> aubio_startup_s = PrintPreamble(dir, tracks.size(), aubio);

  std::vector<TrackRun> results;
  std::vector<BarReport> bar_reports;
  std::vector<std::string> skipped;
  for (size_t i = 0; i < tracks.size(); ++i) {
    std::fprintf(stderr, "[%zu/%zu] %s\n", i + 1, tracks.size(), tracks[i].name.c_str());
    BarReport bars;
    absl::StatusOr<TrackRun> result = RunTrack(tracks[i], aubio, bars);
    if (result.ok()) {
      results.push_back(*std::move(result));
      bar_reports.push_back(std::move(bars));
    } else {
      skipped.push_back(std::string(result.status().message()));
    }
  }

  std::fputs(FormatBeatReport(results, "aubio").c_str(), stdout);
  if (aubio_startup_s) PrintPeerSpeedWithoutStartup(results, *aubio_startup_s);
  PrintBarReport(bar_reports);
  if (!skipped.empty()) {
    std::printf("\nskipped (unusable annotation), not in the means:\n");
    for (const std::string& why : skipped) std::printf("  %s\n", why.c_str());
  }
  std::printf(
      "\nF: F-measure (+/-70 ms); anyF: best F against the reference at its own, double and half\n"
      "tempo; P: P-score; CMLt/AMLt: continuity totals (correct / any metrical level); all\n"
      "mir_eval definitions, beats before 5 s ignored. bpm: the system's tempo; Acc1: within 4%%\n"
      "of the reference; Acc2: also at x2, x1/2, x3, x1/3. ana_xRT: audio duration / analysis\n"
      "time; all_xRT: / (decode + analysis) -- for aubio the whole `aubio beat` process.\n");
  return 0;
}

}  // namespace
}  // namespace beatframe::bench

int main(int argc, char** argv) { return beatframe::bench::Main(argc, argv); }
