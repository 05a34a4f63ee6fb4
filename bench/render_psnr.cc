// bench/render_psnr: PSNR of a rendered MP4 against the renderer's own
// lossless frames. Re-runs the same job in-process (same input, prompt and
// aspect: the engine is deterministic, so plan, analysis and frames match
// the server's), then re-renders the first --seconds of frames without
// encoding and compares them with the MP4's decoded frames. Prints figures.
//
//   render_psnr --input TRACK --against OUT.mp4 [--prompt P] [--aspect A] [--seconds 10]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/pipeline/render_job.h"
#include "engine/render/frame.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"
#include "tests/encode/mp4_probe.h"

namespace beatframe {
namespace {

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

int Run(int argc, char** argv) {
  RenderRequest request;
  std::string against;
  double seconds = 10.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--input") request.input_path = value;
    else if (flag == "--against") against = value;
    else if (flag == "--prompt") request.prompt = value;
    else if (flag == "--aspect") request.aspect = value;
    else if (flag == "--seconds") seconds = std::atof(value.c_str());
    else {
      std::fprintf(stderr, "render_psnr: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (request.input_path.empty() || against.empty()) {
    std::fprintf(stderr, "usage: render_psnr --input TRACK --against OUT.mp4 [--prompt P] [--aspect A] [--seconds S]\n");
    return 2;
  }
  const std::string scratch = (std::filesystem::temp_directory_path() / "render_psnr_scratch.mp4").string();
  request.output_path = scratch;
  absl::StatusOr<RenderResult> result = RunRenderJob(request, [](const RenderProgress&) {});
  std::error_code ec;
  std::filesystem::remove(scratch, ec);
  if (!result.ok()) {
    std::fprintf(stderr, "render_psnr: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<Style>> style = CreateStyle(result->plan);
  if (!style.ok()) {
    std::fprintf(stderr, "render_psnr: %s\n", std::string(style.status().message()).c_str());
    return 1;
  }
  FrameContextBuilder contexts(result->analysis, result->plan.fps_num, result->plan.fps_den);
  YuvFrame lossless(result->plan.width, result->plan.height);
  const int64_t max_frames =
      static_cast<int64_t>(std::llround(seconds * result->plan.fps_num / result->plan.fps_den));
  double sse_all = 0, sse_luma = 0, samples_all = 0, samples_luma = 0, worst_db = 1e9;
  int64_t compared = 0;
  absl::Status status = testing::ForEachVideoFrame(against, [&](int64_t index, const testing::DecodedFrame& frame) {
    if (index >= max_frames) return false;
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
  std::printf("psnr_all_db %.2f\npsnr_luma_db %.2f\nworst_frame_db %.2f\nframes %lld\nstyle %s\n",
              Psnr(sse_all, samples_all), Psnr(sse_luma, samples_luma), worst_db,
              static_cast<long long>(compared), result->plan.style.c_str());
  return 0;
}

}  // namespace
}  // namespace beatframe

int main(int argc, char** argv) { return beatframe::Run(argc, argv); }
