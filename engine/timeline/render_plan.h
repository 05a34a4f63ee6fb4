// The render plan: what one render will produce (size, rate, style, palette,
// title) decided from the user's prompt, the requested aspect and the music.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"
#include "engine/audio/audio_buffer.h"
#include "engine/timeline/caption.h"

namespace beatframe {

// engine/media/picture.h; only held here, so bf_timeline needs no image code.
struct Picture;

enum class Aspect { k16x9, k9x16, k1x1 };

// "16:9", "9:16", "1:1" (also "landscape", "vertical", "square"); empty means 16:9.
absl::StatusOr<Aspect> ParseAspect(const std::string& text);
const char* AspectName(Aspect aspect);

// Output size class: 1080p (the default) or a 720p preview, which renders and
// encodes about twice as fast. kAuto lets the prompt decide ("720p",
// "preview", "draft" -> 720p; "1080p" -> 1080p), else 1080p.
enum class Resolution { kAuto, k1080p, k720p };
// "1080p", "720p" (also "1080", "720", "preview"); empty means kAuto.
// INVALID_ARGUMENT otherwise.
absl::StatusOr<Resolution> ParseResolution(const std::string& text);
// The frame size for an aspect at a resolution (kAuto counts as 1080p):
// 1920x1080 / 1080x1920 / 1080x1080, or 1280x720 / 720x1280 / 720x720.
void FrameSizeFor(Aspect aspect, Resolution resolution, int* width, int* height);

struct RenderPlan {
  int width = 1920;
  int height = 1080;
  int fps_num = 30;     // frame rate as a rational: fps_num / fps_den
  int fps_den = 1;
  Aspect aspect = Aspect::k16x9;
  std::string style = "pulse";     // renderer style name
  std::string palette = "neon";    // palette name
  std::string title;               // shown at the start; empty for none
  std::string subtitle;            // e.g. the artist
  double title_start_s = 0.0;      // the title shows over [title_start_s, + title_duration_s)
  double title_duration_s = 4.0;
  std::vector<Caption> captions;   // timed text over the video, sorted by start_s
  double duration_s = 0.0;         // output duration (the whole track)
  uint32_t seed = 1;               // fixes every random choice of the style
  // The track's embedded picture (set by the pipeline unless the prompt says
  // "no cover"); styles show it and palette "cover" takes its colours. Null for none.
  std::shared_ptr<const Picture> cover_art;
};

// Builds the plan. Words in `prompt` pick the aspect ("vertical", "square"),
// the palette and the style; a quoted string or "title 'X'" sets the title,
// otherwise the file's tags do. `aspect_override`, when non-empty, wins over
// the prompt. INVALID_ARGUMENT for an unknown aspect string.
//
// Style words (the first one in the prompt wins): "bars", "spectrum",
// "equalizer" -> bars; "waveform", "oscilloscope", "wave" -> waveform;
// "particles", "stars", "starfield", "space" -> particles; "tunnel",
// "kaleidoscope", "geometric" -> tunnel; "gradient", "flow", "ambient",
// "calm" -> gradient; "pulse", "circle", "orb" -> pulse. Without one,
// StyleForMusic picks.
// The style for a track when the prompt names none, from its tempo and its
// mean energy (energy is normalised to 0..1 per track, so its mean says how
// much of the track runs near its loudest):
//   no steady tempo, or mean energy < 0.25 (ambient, sparse) -> "gradient"
//   under 90 BPM:  mean energy < 0.45 -> "gradient", else "waveform"
//   90..125 BPM:   mean energy >= 0.55 -> "bars", else "pulse"
//   125 BPM and up: mean energy >= 0.55 -> "particles", else "tunnel"
// Deterministic: the same analysis always gives the same style.
std::string StyleForMusic(const Analysis& analysis);

// Whether the prompt names a palette ("neon", "warm", ...); without one a
// track's cover art gives the colours.
bool PromptNamesPalette(const std::string& prompt);
// Whether the prompt names a style ("bars", "tunnel", ...); without one a
// track with cover art gets "pulse", whose disc shows the cover.
bool PromptNamesStyle(const std::string& prompt);
// "no cover", "without cover art", "no artwork": the embedded picture is not shown.
bool PromptDisablesCoverArt(const std::string& prompt);

// `resolution_override` ("720p", "1080p"), when non-empty, wins over the
// prompt's words like `aspect_override`; INVALID_ARGUMENT for an unknown one.
absl::StatusOr<RenderPlan> PlanRender(const std::string& prompt, const std::string& aspect_override,
                                      const Analysis& analysis, const MediaTags& tags,
                                      const std::string& resolution_override = "");

}  // namespace beatframe
