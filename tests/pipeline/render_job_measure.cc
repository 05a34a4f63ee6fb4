// Measures whole render jobs (not a test; it never asserts on time): renders
// a synthesized drum track with each x264 configuration given, prints wall
// time, frames/s, output size and bit rate, then decodes the output and
// prints its PSNR against the same frames re-rendered losslessly.
//
//   render_job_measure [seconds=180] [config ...]
//   config = preset[,crf[,tune[,x264-params]]], e.g. "veryfast,20,,rc-lookahead=10",
//            or "default" for RenderRequest's defaults
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "engine/pipeline/render_job.h"
#include "engine/render/frame.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"
#include "tests/encode/mp4_probe.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

struct PsnrFigures {
  double all_db = 0;        // over Y, U and V samples together
  double luma_db = 0;
  double worst_frame_db = 1e9;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// User + system CPU time of this process, all threads.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU seconds all processes on the machine have used (from /proc/stat), to
// tell a clean measurement from one shared with other work.
double MachineCpuSeconds() {
  std::FILE* stat = std::fopen("/proc/stat", "r");
  if (stat == nullptr) return 0;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
  const int got = std::fscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle, &iowait,
                              &irq, &softirq);
  std::fclose(stat);
  if (got != 7) return 0;
  return static_cast<double>(user + nice + system + irq + softirq) / sysconf(_SC_CLK_TCK);
}

double Psnr(double sse, double samples) {
  return sse <= 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 * samples / sse);
}

double PlaneSse(const uint8_t* a, int a_stride, const std::vector<uint8_t>& b, int width, int height) {
  double sse = 0;
  for (int y = 0; y < height; ++y) {
    const uint8_t* row = a + static_cast<ptrdiff_t>(y) * a_stride;
    const uint8_t* other = b.data() + static_cast<size_t>(y) * width;
    int64_t sum = 0;
    for (int x = 0; x < width; ++x) {
      const int d = row[x] - other[x];
      sum += d * d;
    }
    sse += static_cast<double>(sum);
  }
  return sse;
}

// Re-renders every frame in order (styles expect that) and compares it with
// the decoded output frame of the same index.
absl::StatusOr<PsnrFigures> MeasurePsnr(const std::string& path, const RenderResult& result) {
  auto style = CreateStyle(result.plan);
  if (!style.ok()) return style.status();
  FrameContextBuilder contexts(result.analysis, result.plan.fps_num, result.plan.fps_den);
  YuvFrame lossless(result.plan.width, result.plan.height);
  double sse_all = 0, sse_luma = 0, samples_all = 0, samples_luma = 0;
  PsnrFigures figures;
  absl::Status status = testing::ForEachVideoFrame(path, [&](int64_t index, const testing::DecodedFrame& decoded) {
    FrameView view = lossless.view();
    (*style)->Render(contexts.At(index), view);
    const int w = decoded.width, h = decoded.height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    const double y = PlaneSse(view.planes[0], view.strides[0], decoded.y, w, h);
    const double uv = PlaneSse(view.planes[1], view.strides[1], decoded.u, cw, ch) +
                      PlaneSse(view.planes[2], view.strides[2], decoded.v, cw, ch);
    const double n = static_cast<double>(w) * h + 2.0 * cw * ch;
    sse_all += y + uv;
    samples_all += n;
    sse_luma += y;
    samples_luma += static_cast<double>(w) * h;
    figures.worst_frame_db = std::min(figures.worst_frame_db, Psnr(y + uv, n));
    return true;
  });
  if (!status.ok()) return status;
  figures.all_db = Psnr(sse_all, samples_all);
  figures.luma_db = Psnr(sse_luma, samples_luma);
  return figures;
}

int Run(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 180.0;
  std::vector<std::string> configs;
  for (int i = 2; i < argc; ++i) configs.push_back(argv[i]);
  if (configs.empty()) configs = {"default"};

  const fs::path dir = fs::temp_directory_path() / ("bf_measure_" + std::to_string(getpid()));
  fs::create_directories(dir);
  SynthOptions synth;
  synth.duration_s = seconds;
  synth.bpm = 124.0;
  const std::string input = (dir / "track.mp3").string();
  if (absl::Status s = WriteAudioFile(input, SynthesizeBeatTrack(synth).audio, AudioFileFormat::kMp3); !s.ok()) {
    std::fprintf(stderr, "synth: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("track: %.0f s synthesized drums, 1920x1080 30 fps, %d cores\n", seconds,
              static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
  std::printf("%-44s %8s %8s %10s %10s %8s %8s %8s\n", "config (preset,crf,tune,params)", "wall_s", "fps",
              "size_MB", "video_kbps", "psnr_dB", "Y_dB", "min_dB");
  for (const std::string& config : configs) {
    std::vector<std::string> parts = absl::StrSplit(config, absl::MaxSplits(',', 3));
    RenderRequest request;
    request.input_path = input;
    request.output_path = (dir / ("out_" + std::to_string(&config - configs.data()) + ".mp4")).string();
    // "default" keeps RenderRequest's defaults; otherwise unset fields are empty.
    if (config != "default") {
      request.x264_preset = parts[0];
      if (parts.size() > 1 && !parts[1].empty()) request.crf = std::atoi(parts[1].c_str());
      request.x264_tune = parts.size() > 2 ? parts[2] : "";
      request.x264_params = parts.size() > 3 ? parts[3] : "";
    }
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start_s = CpuSeconds();
    const double machine_start_s = MachineCpuSeconds();
    std::vector<std::pair<RenderStage, double>> stage_starts;
    auto on_progress = [&](const RenderProgress& p) {
      if (stage_starts.empty() || stage_starts.back().first != p.stage) {
        stage_starts.emplace_back(p.stage, SecondsSince(start));
      }
    };
    absl::StatusOr<RenderResult> result = RunRenderJob(request, on_progress);
    const double wall_s = SecondsSince(start);
    const double cpu_s = CpuSeconds() - cpu_start_s;
    const double others_cpu_s = std::max(0.0, MachineCpuSeconds() - machine_start_s - cpu_s);
    if (!result.ok()) {
      std::printf("%-44s failed: %s\n", config.c_str(), result.status().ToString().c_str());
      continue;
    }
    const double audio_bytes = 192000.0 / 8 * result->duration_s;
    const double video_kbps = (result->size_bytes - audio_bytes) * 8 / result->duration_s / 1000;
    // BF_MEASURE_NO_PSNR=1 skips the (slow) re-render and decode.
    absl::StatusOr<PsnrFigures> psnr = getenv("BF_MEASURE_NO_PSNR") == nullptr
                                           ? MeasurePsnr(request.output_path, *result)
                                           : absl::StatusOr<PsnrFigures>(absl::UnavailableError("skipped"));
    std::printf("%-44s %8.1f %8.1f %10.1f %10.0f %8.2f %8.2f %8.2f\n", config.c_str(), wall_s,
                result->frames / wall_s, result->size_bytes / 1e6, video_kbps, psnr.ok() ? psnr->all_db : -1,
                psnr.ok() ? psnr->luma_db : -1, psnr.ok() ? psnr->worst_frame_db : -1);
    std::printf("    cpu %.1f s (%.2f cores), other processes %.1f s;", cpu_s, cpu_s / wall_s, others_cpu_s);
    for (size_t i = 0; i < stage_starts.size(); ++i) {
      const double end = i + 1 < stage_starts.size() ? stage_starts[i + 1].second : wall_s;
      std::printf(" %s %.2f s", RenderStageName(stage_starts[i].first), end - stage_starts[i].second);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  // BF_MEASURE_KEEP=1 keeps the outputs (out_<config index>.mp4) to look at.
  if (getenv("BF_MEASURE_KEEP") == nullptr) {
    fs::remove_all(dir);
  } else {
    std::printf("outputs kept in %s\n", dir.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace beatframe

int main(int argc, char** argv) { return beatframe::Run(argc, argv); }
