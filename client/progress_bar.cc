#include "client/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace beatframe::client {
namespace {

// A terminal redraw faster than this only costs CPU; nobody reads it.
constexpr absl::Duration kTtyRedrawInterval = absl::Milliseconds(100);

std::string FormatCounter(const ProgressState& state) {
  if (state.unit == ProgressUnit::kBytes) {
    return absl::StrCat(FormatBytes(state.done), "/", FormatBytes(state.total));
  }
  return absl::StrCat(state.done, "/", state.total, " frames");
}

}  // namespace

std::string FormatEta(double seconds) {
  // Beyond 100 hours the estimate is noise; show it as unknown.
  if (!std::isfinite(seconds) || seconds < 0 || seconds >= 100 * 3600) return "--:--";
  const int64_t total = static_cast<int64_t>(std::llround(seconds));
  const int64_t hours = total / 3600, minutes = (total / 60) % 60, secs = total % 60;
  if (hours > 0) return absl::StrFormat("%d:%02d:%02d", hours, minutes, secs);
  return absl::StrFormat("%d:%02d", minutes, secs);
}

std::string FormatBytes(int64_t bytes) {
  if (bytes < 1000) return absl::StrCat(std::max<int64_t>(bytes, 0), " B");
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes) / 1000.0;
  int unit = 0;
  while (value >= 999.95 && unit < 3) {
    value /= 1000.0;
    ++unit;
  }
  if (value < 9.95) return absl::StrFormat("%.1f %s", value, kUnits[unit]);
  return absl::StrFormat("%.0f %s", value, kUnits[unit]);
}

std::string FormatProgressLine(const ProgressState& state, int bar_width) {
  double fraction = std::isfinite(state.fraction) ? std::clamp(state.fraction, 0.0, 1.0) : 0.0;
  int percent = static_cast<int>(std::lround(fraction * 100));
  if (fraction < 1.0) percent = std::min(percent, 99);
  int filled = static_cast<int>(std::lround(fraction * bar_width));
  if (fraction < 1.0) filled = std::min(filled, bar_width - 1);

  std::string line = absl::StrCat("[", state.stage, " ");
  for (int i = 0; i < bar_width; ++i) line += (i < filled) ? "█" : "░";
  absl::StrAppendFormat(&line, " %3d%%", percent);
  if (state.total > 0) absl::StrAppend(&line, "  ", FormatCounter(state));
  if (state.eta_s >= 0 && std::isfinite(state.eta_s))
    absl::StrAppend(&line, "  ETA ", FormatEta(state.eta_s));
  line += "]";
  return line;
}

bool IsTerminal(FILE* stream) { return isatty(fileno(stream)) == 1; }

ProgressBar::ProgressBar(FILE* out, bool is_tty, absl::Duration plain_interval, Clock clock)
    : out_(out), is_tty_(is_tty), plain_interval_(plain_interval), clock_(std::move(clock)) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(const ProgressState& state) {
  const absl::Time now = clock_();
  const bool stage_changed = state.stage != last_stage_;
  const absl::Duration interval = is_tty_ ? kTtyRedrawInterval : plain_interval_;
  if (stage_changed || now - last_emit_ >= interval) {
    last_emit_ = now;
    Emit(state);
  } else {
    // Remember it so Finish() can show where the step really ended.
    pending_ = state;
    has_pending_ = true;
  }
}

void ProgressBar::Finish() {
  if (has_pending_) Emit(pending_);
  if (line_open_) {
    std::fputs("\n", out_);
    std::fflush(out_);
    line_open_ = false;
  }
}

void ProgressBar::Emit(const ProgressState& state) {
  has_pending_ = false;
  last_stage_ = state.stage;
  const std::string line = FormatProgressLine(state);
  if (is_tty_) {
    // Return to column 0, draw, clear what a longer previous line left behind.
    std::fprintf(out_, "\r%s\x1b[K", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

std::function<void(int64_t done_bytes, int64_t total_bytes)> BytesTo(ProgressBar& bar, std::string stage) {
  return [&bar, stage = std::move(stage)](int64_t done, int64_t total) {
    ProgressState state;
    state.stage = stage;
    state.fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    state.done = done;
    state.total = total;
    state.unit = ProgressUnit::kBytes;
    bar.Update(state);
  };
}

}  // namespace beatframe::client
