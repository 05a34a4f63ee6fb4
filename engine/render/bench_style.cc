// Times the styles on one thread: renders a synthetic 120 BPM track with
// every style (or only --style=NAME) and prints the median and mean ms per
// frame of each. With --dump=DIR it also writes the frames listed in
// --dump_frames as raw yuv420p files for inspection, e.g.
//   bench_style --style=bars --aspect=9:16 --dump=/tmp/frames --dump_frames=45,52
//   ffmpeg -f rawvideo -pix_fmt yuv420p -s 1080x1920 -i f.yuv f.png
// --resolution=720p renders the preview size; --cover=FILE.rgba:WxH gives the
// styles cover art (raw RGBA, e.g. from
//   ffmpeg -i cover.jpg -f rawvideo -pix_fmt rgba cover.rgba).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/media/picture.h"
#include "engine/render/style.h"
#include "engine/render/synthetic_analysis.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"

namespace {

// Every style CreateStyle knows, in the order the benchmark runs them.
const char* const kStyleNames[] = {"pulse", "bars", "waveform", "particles", "tunnel", "gradient"};

struct Flags {
  std::string style = "all";
  std::string aspect = "16:9";
  std::string resolution;
  std::string cover;  // FILE.rgba:WxH, "" for none
  std::string palette = "neon";
  std::string title = "Midnight Drive";
  std::string subtitle = "The Night Owls";
  int frames = 300;
  std::string dump_dir;
  std::vector<int> dump_frames = {45, 52, 60, 67};
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string key = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (key == "--style") {
      flags->style = value;
    } else if (key == "--aspect") {
      flags->aspect = value;
    } else if (key == "--resolution") {
      flags->resolution = value;
    } else if (key == "--cover") {
      flags->cover = value;
    } else if (key == "--palette") {
      flags->palette = value;
    } else if (key == "--title") {
      flags->title = value;
    } else if (key == "--subtitle") {
      flags->subtitle = value;
    } else if (key == "--frames") {
      if (!absl::SimpleAtoi(value, &flags->frames) || flags->frames <= 0) return false;
    } else if (key == "--dump") {
      flags->dump_dir = value;
    } else if (key == "--dump_frames") {
      flags->dump_frames.clear();
      for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        int frame = 0;
        if (!absl::SimpleAtoi(part, &frame)) return false;
        flags->dump_frames.push_back(frame);
      }
    } else {
      return false;
    }
  }
  return true;
}

// CPU time of this thread: what the frame costs on one core, whatever else
// (an encoder, other jobs) is running on the machine.
double ThreadCpuMs() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

bool WriteRaw(const beatframe::FrameView& view, const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  const int widths[3] = {view.width, (view.width + 1) / 2, (view.width + 1) / 2};
  const int heights[3] = {view.height, (view.height + 1) / 2, (view.height + 1) / 2};
  for (int p = 0; p < 3; ++p) {
    for (int y = 0; y < heights[p]; ++y) {
      std::fwrite(view.planes[p] + static_cast<size_t>(y) * view.strides[p], 1, widths[p], file);
    }
  }
  return std::fclose(file) == 0;
}

// Reads "FILE.rgba:WxH" (raw 8-bit RGBA); null when it cannot.
std::shared_ptr<const beatframe::Picture> ReadRawCover(const std::string& spec) {
  const size_t colon = spec.rfind(':'), x = spec.rfind('x');
  int width = 0, height = 0;
  if (colon == std::string::npos || x == std::string::npos || x < colon ||
      !absl::SimpleAtoi(spec.substr(colon + 1, x - colon - 1), &width) ||
      !absl::SimpleAtoi(spec.substr(x + 1), &height) || width <= 0 || height <= 0) {
    return nullptr;
  }
  auto picture = std::make_shared<beatframe::Picture>(width, height);
  FILE* file = std::fopen(spec.substr(0, colon).c_str(), "rb");
  if (file == nullptr) return nullptr;
  const size_t read = std::fread(picture->pixels.data(), 1, picture->pixels.size(), file);
  std::fclose(file);
  return read == picture->pixels.size() ? picture : nullptr;
}

// Renders flags.frames frames of `style_name` and prints its timings.
// Returns false when the style cannot be created.
bool RunStyle(const std::string& style_name, const Flags& flags, const beatframe::Analysis& analysis) {
  using namespace beatframe;
  absl::StatusOr<RenderPlan> plan = PlanRender(flags.palette, flags.aspect, analysis, MediaTags{}, flags.resolution);
  if (!plan.ok()) {
    std::fprintf(stderr, "plan: %s\n", plan.status().ToString().c_str());
    return false;
  }
  if (!flags.cover.empty()) {
    plan->cover_art = ReadRawCover(flags.cover);
    if (plan->cover_art == nullptr) {
      std::fprintf(stderr, "cannot read the cover '%s' (FILE.rgba:WxH)\n", flags.cover.c_str());
      return false;
    }
  }
  plan->style = style_name;
  plan->title = flags.title;
  plan->subtitle = flags.subtitle;
  absl::StatusOr<std::unique_ptr<Style>> style = CreateStyle(*plan);
  if (!style.ok()) {
    std::fprintf(stderr, "style: %s\n", style.status().ToString().c_str());
    return false;
  }
  FrameContextBuilder builder(analysis, plan->fps_num, plan->fps_den);
  YuvFrame frame(plan->width, plan->height);
  FrameView view = frame.view();
  std::vector<double> ms, cpu_ms;
  ms.reserve(flags.frames);
  cpu_ms.reserve(flags.frames);
  for (int f = 0; f < flags.frames; ++f) {
    const FrameContext context = builder.At(f);
    const double cpu_start = ThreadCpuMs();
    const auto start = std::chrono::steady_clock::now();
    (*style)->Render(context, view);
    const auto end = std::chrono::steady_clock::now();
    cpu_ms.push_back(ThreadCpuMs() - cpu_start);
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    if (!flags.dump_dir.empty() &&
        std::find(flags.dump_frames.begin(), flags.dump_frames.end(), f) != flags.dump_frames.end()) {
      const std::string path = absl::StrCat(flags.dump_dir, "/", style_name, "_", plan->width, "x",
                                            plan->height, "_", plan->palette, "_", f, ".yuv");
      if (!WriteRaw(view, path)) std::fprintf(stderr, "cannot write %s\n", path.c_str());
      std::printf("wrote %s (t=%.3f s, pulse %.2f, on_beat %d, strong %d)\n", path.c_str(), context.time_s,
                  context.beat_pulse, context.on_beat ? 1 : 0, context.strong_beat ? 1 : 0);
    }
  }
  double total = 0.0, cpu_total = 0.0;
  for (double v : ms) total += v;
  for (double v : cpu_ms) cpu_total += v;
  // Frames 15..frames-15 leave out the fades, which touch every pixel.
  const size_t skip = std::min<size_t>(15, cpu_ms.size() / 3);
  const std::vector<double> body(cpu_ms.begin() + skip, cpu_ms.end() - skip);
  std::printf("%-9s %s %dx%d palette=%s frames=%d\n", style_name.c_str(), AspectName(plan->aspect),
              plan->width, plan->height, plan->palette.c_str(), flags.frames);
  std::vector<double> sorted = body;
  std::sort(sorted.begin(), sorted.end());
  const double p95 = sorted.empty() ? 0.0 : sorted[sorted.size() * 95 / 100];
  std::printf("  cpu  ms/frame: median %.3f  mean %.3f  median without fades %.3f  p95 without fades %.3f\n",
              Median(cpu_ms), cpu_total / cpu_ms.size(), Median(body), p95);
  std::printf("  wall ms/frame: median %.3f  mean %.3f\n", Median(ms), total / ms.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace beatframe;
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr,
                 "usage: bench_style [--style=all|pulse|bars|waveform|particles|tunnel|gradient]\n"
                 "                   [--aspect=16:9|9:16|1:1] [--resolution=1080p|720p] [--cover=FILE.rgba:WxH]\n"
                 "                   [--palette=neon] [--frames=N] [--title=T]\n"
                 "                   [--subtitle=S] [--dump=DIR] [--dump_frames=a,b,c]\n");
    return 2;
  }
  SyntheticMusic music;
  music.duration_s = flags.frames / 30.0 + 1.0;
  const Analysis analysis = MakeSyntheticAnalysis(music);
  bool ok = true;
  for (const char* name : kStyleNames) {
    if (flags.style != "all" && flags.style != name) continue;
    ok = RunStyle(name, flags, analysis) && ok;
  }
  if (flags.style != "all" && std::find(std::begin(kStyleNames), std::end(kStyleNames), flags.style) ==
                                  std::end(kStyleNames)) {
    // Not in the list: let the factory say why (and time it if it exists).
    ok = RunStyle(flags.style, flags, analysis);
  }
  return ok ? 0 : 1;
}
