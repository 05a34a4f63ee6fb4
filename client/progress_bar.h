// Progress display for long CLI steps (upload, render, download). The text of
// a line is a pure function of the progress so tests can pin it; ProgressBar
// decides when and how to put lines on a stream (redrawn in place on a TTY,
// plain periodic lines otherwise, e.g. in CI logs).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace beatframe::client {

// What a counter counts; decides how "done/total" is printed.
enum class ProgressUnit { kFrames, kBytes };

struct ProgressState {
  // Short lowercase step name: "uploading", "rendering", "encoding", ...
  std::string stage;
  // Fraction of the whole step, 0..1.
  double fraction = 0.0;
  // Counter within the step; omitted from the line when total is 0.
  int64_t done = 0;
  int64_t total = 0;
  ProgressUnit unit = ProgressUnit::kFrames;
  // Seconds until done; negative when unknown (no ETA printed).
  double eta_s = -1.0;
};

// "0:12", "1:05:09"; "--:--" for a negative or non-finite value.
std::string FormatEta(double seconds);

// "1.5 MB", "820 KB", "17 B" (decimal units, as file managers show sizes).
std::string FormatBytes(int64_t bytes);

// The bar text, e.g.
// "[rendering ████████░░░░  63%  1980/3150 frames  ETA 0:12]".
// The percentage is rounded but shows 100% only when fraction >= 1, so a
// step never looks finished before it is.
std::string FormatProgressLine(const ProgressState& state, int bar_width = 12);

// Writes progress lines to `out`. On a TTY every update redraws one line in
// place (at most every 100 ms); otherwise a plain line is printed when the
// stage changes and then at most every `plain_interval`. Not thread-safe.
class ProgressBar {
 public:
  using Clock = std::function<absl::Time()>;

  ProgressBar(
      FILE* out, bool is_tty, absl::Duration plain_interval = absl::Seconds(5),
      Clock clock = [] { return absl::Now(); });
  ~ProgressBar();

  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(const ProgressState& state);

  // Prints the last state (if not yet shown) and ends the line. Idempotent;
  // the destructor calls it so an error path leaves the terminal tidy.
  void Finish();

 private:
  void Emit(const ProgressState& state);

  FILE* out_;
  bool is_tty_;
  absl::Duration plain_interval_;
  Clock clock_;
  absl::Time last_emit_ = absl::InfinitePast();
  std::string last_stage_;
  ProgressState pending_;
  bool has_pending_ = false;
  bool line_open_ = false;
};

// True when `stream` is connected to a terminal.
bool IsTerminal(FILE* stream);

// A byte-count callback (upload, download) that shows its progress on `bar`
// under `stage`; `bar` must outlive it.
std::function<void(int64_t done_bytes, int64_t total_bytes)> BytesTo(ProgressBar& bar, std::string stage);

}  // namespace beatframe::client
