#include "bench/beat_report.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/tempo_metrics.h"

namespace beatframe::bench {
namespace {

constexpr absl::string_view kOurName = "ours";

std::optional<double> Speed(double duration_s, std::optional<double> seconds) {
  if (!seconds.has_value() || *seconds <= 0) return std::nullopt;
  return duration_s / *seconds;
}

std::optional<double> Median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// Means over all tracks of one system; failed runs count as zeros.
struct Summary {
  int tracks = 0;
  double f = 0, any_f = 0, p = 0, cml_t = 0, aml_t = 0;
  int tempo_tracks = 0;
  double acc1 = 0, acc2 = 0;
  std::vector<double> analysis_speeds, total_speeds;

  void Add(const TrackRun& track, const SystemRun& run) {
    ++tracks;
    if (track.reference_bpm.has_value()) ++tempo_tracks;
    if (!run.ok) return;
    f += run.scores.f_measure;
    any_f += run.scores.any_level_f_measure;
    p += run.scores.p_score;
    cml_t += run.scores.cml_t;
    aml_t += run.scores.aml_t;
    if (track.reference_bpm.has_value()) {
      acc1 += TempoAccuracy1(run.tempo_bpm, *track.reference_bpm);
      acc2 += TempoAccuracy2(run.tempo_bpm, *track.reference_bpm);
    }
    if (auto s = Speed(track.duration_s, run.analysis_s)) analysis_speeds.push_back(*s);
    if (auto s = Speed(track.duration_s, run.total_s)) total_speeds.push_back(*s);
  }
  double Mean(double sum) const { return tracks > 0 ? sum / tracks : 0.0; }
  std::optional<double> TempoMean(double sum) const {
    if (tempo_tracks == 0) return std::nullopt;
    return sum / tempo_tracks;
  }
};

class Table {
 public:
  explicit Table(size_t name_width) : name_width_(static_cast<int>(name_width)) {}

  void Header(std::string& out) const {
    absl::StrAppend(&out, HeaderText(), "\n");
    Rule(out);
  }

  // A line under the header and above the means, as wide as the header.
  void Rule(std::string& out) const { out += std::string(HeaderText().size(), '-') + "\n"; }

  void TrackRow(std::string& out, const TrackRun& track, absl::string_view system,
                const SystemRun& run, bool first_row) const {
    const std::string name = first_row ? track.name : "";
    const std::string duration = first_row ? absl::StrFormat("%.1f", track.duration_s) : "";
    const std::string ref_bpm =
        first_row ? (track.reference_bpm ? absl::StrFormat("%.1f", *track.reference_bpm) : "-")
                  : "";
    absl::StrAppendFormat(&out, "%-*s %6s %7s  %-6s ", name_width_, name, duration, ref_bpm,
                          system);
    if (!run.ok) {
      absl::StrAppendFormat(&out, "failed (see below)\n");
      return;
    }
    const BeatScores& s = run.scores;
    auto acc = [&](bool (*metric)(double, double, double)) -> std::string {
      if (!track.reference_bpm.has_value()) return "-";
      return metric(run.tempo_bpm, *track.reference_bpm, kTempoAccuracyTolerance) ? "yes" : "no";
    };
    absl::StrAppendFormat(&out, "%6.3f %6.3f %6.3f %6.3f %6.3f  %7.1f %4s %4s  %8s %8s\n",
                          s.f_measure, s.any_level_f_measure, s.p_score, s.cml_t, s.aml_t,
                          run.tempo_bpm, acc(&TempoAccuracy1), acc(&TempoAccuracy2),
                          SpeedText(Speed(track.duration_s, run.analysis_s)),
                          SpeedText(Speed(track.duration_s, run.total_s)));
  }

  void MeanRow(std::string& out, absl::string_view label, absl::string_view system,
               const Summary& m) const {
    auto fraction = [](std::optional<double> v) {
      return v ? absl::StrFormat("%.2f", *v) : std::string("-");
    };
    absl::StrAppendFormat(&out, "%-*s %6s %7s  %-6s %6.3f %6.3f %6.3f %6.3f %6.3f  %7s %4s %4s\n",
                          name_width_, label, "", "", system, m.Mean(m.f), m.Mean(m.any_f),
                          m.Mean(m.p), m.Mean(m.cml_t), m.Mean(m.aml_t), "",
                          fraction(m.TempoMean(m.acc1)), fraction(m.TempoMean(m.acc2)));
  }

  void MedianSpeedRow(std::string& out, absl::string_view label, absl::string_view system,
                      const Summary& m) const {
    absl::StrAppendFormat(&out, "%-*s %6s %7s  %-6s %6s %6s %6s %6s %6s  %7s %4s %4s  %8s %8s\n",
                          name_width_, label, "", "", system, "", "", "", "", "", "", "", "",
                          SpeedText(Median(m.analysis_speeds)), SpeedText(Median(m.total_speeds)));
  }

 private:
  std::string HeaderText() const {
    return absl::StrFormat("%-*s %6s %7s  %-6s %6s %6s %6s %6s %6s  %7s %4s %4s  %8s %8s",
                           name_width_, "track", "dur_s", "ref_bpm", "system", "F", "anyF", "P",
                           "CMLt", "AMLt", "bpm", "Acc1", "Acc2", "ana_xRT", "all_xRT");
  }

  static std::string SpeedText(std::optional<double> speed) {
    return speed ? absl::StrFormat("%.1fx", *speed) : std::string("-");
  }

  int name_width_;
};

}  // namespace

std::string FormatBeatReport(std::span<const TrackRun> tracks, absl::string_view peer_name) {
  size_t name_width = 20;
  bool any_peer = false;
  for (const TrackRun& t : tracks) {
    name_width = std::max(name_width, t.name.size());
    any_peer = any_peer || t.peer.has_value();
  }
  const Table table(name_width);
  std::string out;
  table.Header(out);

  Summary ours;
  Summary peer;
  std::vector<std::string> failures;
  for (const TrackRun& track : tracks) {
    table.TrackRow(out, track, kOurName, track.ours, true);
    ours.Add(track, track.ours);
    if (!track.ours.ok) failures.push_back(absl::StrCat(track.name, " (ours): ", track.ours.error));
    if (track.peer.has_value()) {
      table.TrackRow(out, track, peer_name, *track.peer, false);
      peer.Add(track, *track.peer);
      if (!track.peer->ok) {
        failures.push_back(absl::StrCat(track.name, " (", peer_name, "): ", track.peer->error));
      }
    }
  }
  table.Rule(out);
  const std::string mean_label = absl::StrCat("mean (", tracks.size(), " tracks)");
  table.MeanRow(out, mean_label, kOurName, ours);
  if (any_peer) table.MeanRow(out, "", peer_name, peer);
  table.MedianSpeedRow(out, "median speed", kOurName, ours);
  if (any_peer) table.MedianSpeedRow(out, "", peer_name, peer);

  if (any_peer) {
    absl::StrAppendFormat(&out, "\nmean F-measure, ours - %s: %+.3f   (any-level F: %+.3f)\n",
                          peer_name, ours.Mean(ours.f) - peer.Mean(peer.f),
                          ours.Mean(ours.any_f) - peer.Mean(peer.any_f));
    const std::optional<double> our_speed = Median(ours.total_speeds);
    const std::optional<double> peer_speed = Median(peer.total_speeds);
    if (our_speed && peer_speed) {
      absl::StrAppendFormat(&out, "median decode+analysis speed, ours / %s: %.2f\n", peer_name,
                            *our_speed / *peer_speed);
    }
  }
  if (!failures.empty()) {
    out += "\nfailed runs (scored 0 in the means):\n";
    for (const std::string& f : failures) absl::StrAppend(&out, "  ", f, "\n");
  }
  return out;
}

}  // namespace beatframe::bench
