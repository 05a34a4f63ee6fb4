#include "bench/long_run.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "bench/peer_aubio.h"
#include "engine/audio/file_analysis.h"

namespace beatframe::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kShortSeconds = 180.0;   // "a 3-minute track"
constexpr double kLongSeconds = 1200.0;   // the 20-minute memory case

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// Loops `song` to `seconds` and encodes it with ffmpeg's own encoders:
// "mp3" gives a 320 kbps MP3, "wav" 16-bit stereo 44.1 kHz PCM.
absl::Status MakeInput(const std::string& ffmpeg, const std::string& song, double seconds,
                       const std::string& kind, const std::string& out) {
  std::vector<std::string> argv = {ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-stream_loop", "-1",
                                   "-i", song, "-t", absl::StrCat(seconds), "-ac", "2", "-ar", "44100"};
  if (kind == "mp3") {
    argv.insert(argv.end(), {"-c:a", "libmp3lame", "-b:a", "320k"});
  } else {
    argv.insert(argv.end(), {"-c:a", "pcm_s16le"});
  }
  argv.push_back(out);
  absl::StatusOr<CommandResult> run = RunCommand(argv);
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) {
    return absl::InternalError(absl::StrCat("ffmpeg could not make ", out, ": ", run->stderr_text));
  }
  return absl::OkStatus();
}

struct ChildRun {
  bool ok = false;
  double wall_s = 0.0;
  long peak_rss_kib = 0;  // the child's own maximum resident set
};

// Runs `work` in a forked child so its peak memory is its own, not the
// benchmark's (ru_maxrss of one process over its whole life).
template <typename Work>
ChildRun RunInChild(Work work) {
  // Anything still buffered would otherwise be written twice, once by the child.
  std::fflush(stdout);
  std::fflush(stderr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) _exit(work() ? 0 : 1);
  ChildRun result;
  if (pid < 0) return result;
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return result;
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  result.peak_rss_kib = usage.ru_maxrss;
  return result;
}

ChildRun AnalyzeInChild(const std::string& path) {
  return RunInChild([&] {
    const absl::StatusOr<Analysis> analysis = AnalyzeAudioFile(path);
    if (!analysis.ok()) std::fprintf(stderr, "analysis failed: %s\n", analysis.status().ToString().c_str());
    return analysis.ok();
  });
}

ChildRun AubioInChild(const std::string& aubio, const std::string& path) {
  return RunInChild([&] {
    // Silence its beat list; only its time and memory matter here.
    std::freopen("/dev/null", "w", stdout);
    execl(aubio.c_str(), aubio.c_str(), "beat", path.c_str(), static_cast<char*>(nullptr));
    return false;
  });
}

struct Figures {
  double median_wall_s = 0.0;
  long peak_rss_kib = 0;  // the largest over the runs
  bool ok = true;
};

template <typename RunOnce>
Figures Measure(int runs, RunOnce run_once) {
  Figures figures;
  std::vector<double> walls;
  for (int i = 0; i < runs; ++i) {
    const ChildRun run = run_once();
    figures.ok = figures.ok && run.ok;
    walls.push_back(run.wall_s);
    figures.peak_rss_kib = std::max(figures.peak_rss_kib, run.peak_rss_kib);
  }
  figures.median_wall_s = Median(walls);
  return figures;
}

void PrintRow(const char* who, const Figures& f, double audio_s) {
  if (!f.ok) {
    std::printf("  %-28s failed\n", who);
    return;
  }
  std::printf("  %-28s %8.2f s  %7.0fx real time  %7.1f MiB peak\n", who, f.median_wall_s,
              audio_s / f.median_wall_s, f.peak_rss_kib / 1024.0);
}

}  // namespace

int RunLongBenchmark(const std::string& song, int runs) {
  const absl::StatusOr<std::string> ffmpeg = FindExecutableOnPath("ffmpeg");
  if (!ffmpeg.ok()) {
    std::fprintf(stderr, "beats --long: needs the ffmpeg command-line tool to make its inputs\n");
    return 1;
  }
  std::error_code ec;
  if (!fs::is_regular_file(song, ec)) {
    std::fprintf(stderr, "beats --long: no song at '%s'\n", song.c_str());
    return 1;
  }
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("beatframe-bench-long-", getpid());
  fs::create_directories(dir);
  const std::string mp3 = (dir / "3min-320k.mp3").string();
  const std::string wav = (dir / "20min.wav").string();
  std::fprintf(stderr, "making a 3-minute MP3 and a 20-minute WAV from %s ...\n", song.c_str());
  for (const absl::Status& made : {MakeInput(*ffmpeg, song, kShortSeconds, "mp3", mp3),
                                   MakeInput(*ffmpeg, song, kLongSeconds, "wav", wav)}) {
    if (!made.ok()) {
      std::fprintf(stderr, "beats --long: %s\n", made.ToString().c_str());
      fs::remove_all(dir, ec);
      return 1;
    }
  }
  const absl::StatusOr<AubioPeer> aubio = AubioPeer::Create();

  std::printf("Long inputs from %s (looped), %d runs each, medians; each run in its own process\n",
              fs::path(song).filename().c_str(), runs);
  std::printf("\n3-minute 320 kbps MP3 (decode + streamed analysis, as the service runs it):\n");
  PrintRow("beatframe", Measure(runs, [&] { return AnalyzeInChild(mp3); }), kShortSeconds);
  if (aubio.ok()) {
    PrintRow("aubio beat (whole process)", Measure(runs, [&] { return AubioInChild(aubio->path(), mp3); }),
             kShortSeconds);
  }
  std::printf("\n20-minute 16-bit stereo WAV (%.0f MiB on disk):\n",
              static_cast<double>(fs::file_size(wav, ec)) / (1024.0 * 1024.0));
  PrintRow("beatframe", Measure(1, [&] { return AnalyzeInChild(wav); }), kLongSeconds);
  if (aubio.ok()) {
    PrintRow("aubio beat (whole process)", Measure(1, [&] { return AubioInChild(aubio->path(), wav); }),
             kLongSeconds);
  } else {
    std::printf("  aubio not installed: no peer figures\n");
  }
  fs::remove_all(dir, ec);
  return 0;
}

}  // namespace beatframe::bench
