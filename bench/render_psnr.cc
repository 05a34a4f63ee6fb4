// bench/render_psnr: PSNR of a rendered MP4 against the renderer's own
// lossless frames. Runs the job in-process (the engine is deterministic, so
// with the same input, prompt, aspect and resolution its plan, analysis and
// frames match the server's), then re-renders the first --seconds of frames
// without encoding and compares them with the MP4's decoded frames.
//
// With --against the MP4 compared is that file (e.g. the server's); without
// it, the in-process render itself is measured: its wall and CPU time, frame
// rate and video bit rate are printed too, so encoder settings (--preset,
// --crf, --x264-params) and style changes can be judged per second of
// encode time. --keep PATH keeps that render. --media FILE (repeatable) adds
// photos and clips for a montage, as `beatframe render --media` does.
// Prints figures, asserts nothing.
//
//   render_psnr --input TRACK [--against OUT.mp4 | --keep OUT.mp4] [--prompt P] [--aspect A] [--media FILE]...
//               [--resolution 1080p|720p] [--seconds 10] [--preset P] [--crf N] [--x264-params K=V:...]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/pipeline/montage_setup.h"
#include "engine/pipeline/render_job.h"
#include "engine/render/frame.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"
#include "tests/encode/mp4_probe.h"

namespace beatframe {
namespace {

constexpr char kUsage[] =
    "usage: render_psnr --input TRACK [--against OUT.mp4 | --keep OUT.mp4] [--prompt P] [--aspect A] [--media FILE]...\n"
    "                   [--resolution 1080p|720p] [--seconds S] [--preset P] [--crf N] [--x264-params K=V:...]\n";

double PlaneSse(const uint8_t* a, int a_stride, const uint8_t* b, int width, int height) {
  double sse = 0;
  for (int y = 0; y < height; ++y) {
    const uint8_t* row_a = a + static_cast<size_t>(y) * a_stride;
    const uint8_t* row_b = b + static_cast<size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      const double d = static_cast<double>(row_a[x]) - row_b[x];
      sse += d * d;
    }
  }
  return sse;
}

double Psnr(double sse, double samples) {
  if (sse <= 0) return 99.0;
  return 10.0 * std::log10(255.0 * 255.0 * samples / sse);
}

// User + system CPU seconds of this process, all threads.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Flags {
  RenderRequest request;
  std::string against;
  std::string keep;
  double seconds = 10.0;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  if (argc % 2 != 1) return false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    RenderRequest& request = flags->request;
    if (flag == "--input") request.input_path = value;
    else if (flag == "--against") flags->against = value;
    else if (flag == "--keep") flags->keep = value;
    else if (flag == "--prompt") request.prompt = value;
    else if (flag == "--aspect") request.aspect = value;
    else if (flag == "--resolution") request.resolution = value;
    else if (flag == "--media") request.media_paths.push_back(value);
    else if (flag == "--seconds") flags->seconds = std::atof(value.c_str());
    else if (flag == "--preset") request.x264_preset = value;
    else if (flag == "--crf") request.crf = std::atoi(value.c_str());
    else if (flag == "--x264-params") request.x264_params = value;
    else {
      std::fprintf(stderr, "render_psnr: unknown flag %s\n", flag.c_str());
      return false;
    }
  }
  return !flags->request.input_path.empty() && (flags->against.empty() || flags->keep.empty());
}

int Run(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  RenderRequest& request = flags.request;
  // A name of our own, so two runs side by side do not share a scratch file.
  const std::string scratch =
      (std::filesystem::temp_directory_path() / ("render_psnr_" + std::to_string(getpid()) + ".mp4")).string();
  request.output_path = flags.keep.empty() ? scratch : flags.keep;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start_s = CpuSeconds();
  absl::StatusOr<RenderResult> result = RunRenderJob(request, [](const RenderProgress&) {});
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_s = CpuSeconds() - cpu_start_s;
  const std::string measured = !flags.against.empty() ? flags.against : request.output_path;
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } cleanup{scratch};
  if (!result.ok()) {
    std::fprintf(stderr, "render_psnr: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  if (flags.against.empty()) {
    // The video's share of the file: the audio is AAC at RenderRequest's 192 kbps.
    const double audio_bytes = 192000.0 / 8 * result->duration_s;
    std::printf("size %dx%d\nrender_wall_s %.2f\nrender_cpu_s %.2f\nrender_fps %.1f\nrealtime_x %.2f\nvideo_kbps %.0f\n",
                result->plan.width, result->plan.height, wall_s, cpu_s, result->frames / wall_s,
                result->duration_s / wall_s, (result->size_bytes - audio_bytes) * 8 / result->duration_s / 1000);
  }
  absl::StatusOr<std::unique_ptr<Style>> style = CreateStyle(result->plan);
  if (style.ok() && !request.media_paths.empty()) {
    style = pipeline_internal::AddMontage(request.media_paths, request.prompt, result->analysis, result->plan,
                                          std::move(*style));
  }
  if (!style.ok()) {
    std::fprintf(stderr, "render_psnr: %s\n", std::string(style.status().message()).c_str());
    return 1;
  }
  FrameContextBuilder contexts(result->analysis, result->plan.fps_num, result->plan.fps_den);
  YuvFrame lossless(result->plan.width, result->plan.height);
  const int64_t max_frames =
      static_cast<int64_t>(std::llround(flags.seconds * result->plan.fps_num / result->plan.fps_den));
  double sse_all = 0, sse_luma = 0, samples_all = 0, samples_luma = 0, worst_db = 1e9;
  int64_t compared = 0;
  absl::Status status = testing::ForEachVideoFrame(measured, [&](int64_t index, const testing::DecodedFrame& frame) {
    if (index >= max_frames) return false;
    if (frame.width != result->plan.width || frame.height != result->plan.height) {
      std::fprintf(stderr, "render_psnr: %s is %dx%d, the plan %dx%d (same --aspect and --resolution?)\n",
                   measured.c_str(), frame.width, frame.height, result->plan.width, result->plan.height);
      compared = -1;
      return false;
    }
    FrameView view = lossless.view();
    (*style)->Render(contexts.At(index), view);   // styles expect frames in order from 0
    const int w = frame.width, h = frame.height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    const double y = PlaneSse(view.planes[0], view.strides[0], frame.y.data(), w, h);
    const double uv = PlaneSse(view.planes[1], view.strides[1], frame.u.data(), cw, ch) +
                      PlaneSse(view.planes[2], view.strides[2], frame.v.data(), cw, ch);
    const double n = static_cast<double>(w) * h + 2.0 * cw * ch;
    sse_all += y + uv;
    samples_all += n;
    sse_luma += y;
    samples_luma += static_cast<double>(w) * h;
    worst_db = std::min(worst_db, Psnr(y + uv, n));
    ++compared;
    return true;
  });
  if (!status.ok()) {
    std::fprintf(stderr, "render_psnr: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  if (compared < 0) return 1;
  std::printf("psnr_all_db %.2f\npsnr_luma_db %.2f\nworst_frame_db %.2f\nframes %lld\nstyle %s\n",
              Psnr(sse_all, samples_all), Psnr(sse_luma, samples_luma), worst_db,
              static_cast<long long>(compared), result->plan.style.c_str());
  return 0;
}

}  // namespace
}  // namespace beatframe

int main(int argc, char** argv) { return beatframe::Run(argc, argv); }
