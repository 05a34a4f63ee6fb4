#include "engine/audio/section_segmenter.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "engine/audio/section_labeler.h"

namespace beatframe::audio_internal {
namespace {

// Free-time music (no beats) is cut into units of this length.
constexpr double kFreeUnitS = 0.5;
// Feature layout per unit: chroma, timbre, level.
constexpr int kTimbreCoefficients = 12;
constexpr int kDims = kChromaBins + kTimbreCoefficients + 1;
// Relative weights of the three feature groups in the unit distance.
constexpr double kChromaWeight = 1.0;
constexpr double kTimbreWeight = 1.0;
constexpr double kLevelWeight = 0.5;
// Units either side compared when placing a boundary precisely: two bars.
constexpr int kLocaliseWindowUnits = 8;
// Units (beats) the wide kernel's features are read over: one bar of 4/4.
constexpr int kContextUnits = 4;

struct Units {
  std::vector<double> edges_s;                // size n + 1, ascending, from 0 to the duration
  std::vector<std::vector<double>> features;  // n vectors of kDims
  std::vector<double> level_db;               // n
  int count() const { return static_cast<int>(level_db.size()); }
};

// Unit boundaries: the beats, with the stretches before the first and after
// the last beat cut into pieces no longer than a beat; half seconds when
// there are too few beats to follow.
std::vector<double> UnitEdges(const std::vector<double>& beats_s, double duration_s, int min_beats) {
  std::vector<double> edges;
  double step_s = kFreeUnitS;
  if (static_cast<int>(beats_s.size()) >= min_beats) {
    std::vector<double> periods;
    for (size_t i = 1; i < beats_s.size(); ++i) periods.push_back(beats_s[i] - beats_s[i - 1]);
    std::nth_element(periods.begin(), periods.begin() + periods.size() / 2, periods.end());
    step_s = std::max(0.1, periods[periods.size() / 2]);
  }
  auto fill = [&edges, step_s](double from_s, double to_s) {
    const int pieces = std::max(1, static_cast<int>(std::ceil((to_s - from_s) / step_s - 1e-9)));
    for (int k = 0; k < pieces; ++k) edges.push_back(from_s + (to_s - from_s) * k / pieces);
  };
  if (static_cast<int>(beats_s.size()) < min_beats) {
    fill(0.0, duration_s);
  } else {
    if (beats_s.front() > 0.0) fill(0.0, beats_s.front());
    for (size_t i = 0; i + 1 < beats_s.size(); ++i) edges.push_back(beats_s[i]);
    if (beats_s.back() < duration_s) fill(beats_s.back(), duration_s);
  }
  edges.push_back(duration_s);
  return edges;
}

// Features of each unit, read from the harmonic frames centred within
// `context` units around it (the unit itself when 1; a bar when 4, which
// cancels what repeats every bar: chords, drum patterns, accents). Chroma is
// the summed chroma scaled to unit length; timbre is the cepstrum (c1..c12)
// of the mean band spectrum; level the mean power in dB. Timbre and level
// are then z-scored over the track, so each group weighs about alike.
std::vector<std::vector<double>> UnitFeatures(const std::vector<double>& edges_s, const HarmonicFrames& harmonic,
                                              int context, std::vector<double>* level_db) {
  const int n = static_cast<int>(edges_s.size()) - 1;
  const int frames = harmonic.frame_count();
  std::vector<std::vector<double>> features(n, std::vector<double>(kDims, 0.0));
  if (level_db != nullptr) level_db->assign(n, -100.0);
  for (int u = 0; u < n && frames > 0; ++u) {
    const double from_s = edges_s[std::max(0, u - (context - 1) / 2)];
    const double to_s = edges_s[std::min(n, u - (context - 1) / 2 + context)];
    int first = std::max(0, static_cast<int>(std::ceil(from_s * harmonic.rate_hz)));
    int end = std::min(frames, static_cast<int>(std::ceil(to_s * harmonic.rate_hz)));
    if (end <= first) {
      first = std::clamp(static_cast<int>(std::lround(0.5 * (from_s + to_s) * harmonic.rate_hz)), 0, frames - 1);
      end = first + 1;
    }
    std::vector<double>& f = features[u];
    double bands[kSpectrumBands] = {};
    double power = 0.0;
    for (int t = first; t < end; ++t) {
      for (int k = 0; k < kChromaBins; ++k) f[k] += harmonic.chroma[static_cast<size_t>(t) * kChromaBins + k];
      for (int b = 0; b < kSpectrumBands; ++b) bands[b] += harmonic.band_power[static_cast<size_t>(t) * kSpectrumBands + b];
      power += std::pow(10.0, harmonic.level_db[t] / 10.0);
    }
    double norm = 0.0;
    for (int k = 0; k < kChromaBins; ++k) norm += f[k] * f[k];
    norm = std::sqrt(norm);
    for (int k = 0; k < kChromaBins; ++k) f[k] = norm > 0.0 ? kChromaWeight * f[k] / norm : 0.0;
    for (double& b : bands) b = 10.0 * std::log10(b / (end - first) + 1e-10);
    for (int m = 1; m <= kTimbreCoefficients; ++m) {
      double sum = 0.0;
      for (int b = 0; b < kSpectrumBands; ++b) sum += bands[b] * std::cos(std::numbers::pi * m * (b + 0.5) / kSpectrumBands);
      f[kChromaBins + m - 1] = sum / kSpectrumBands;
    }
    f[kDims - 1] = 10.0 * std::log10(power / (end - first) + 1e-10);
    if (level_db != nullptr) (*level_db)[u] = f[kDims - 1];
  }
  for (int k = kChromaBins; k < kDims; ++k) {
    double mean = 0.0, square = 0.0;
    for (int u = 0; u < n; ++u) mean += features[u][k] / n;
    for (int u = 0; u < n; ++u) square += (features[u][k] - mean) * (features[u][k] - mean) / n;
    const double deviation = std::sqrt(square);
    // Timbre's 12 dimensions share one weight.
    const double weight = k == kDims - 1 ? kLevelWeight : kTimbreWeight / std::sqrt(double{kTimbreCoefficients});
    for (int u = 0; u < n; ++u) features[u][k] = deviation > 1e-9 ? weight * (features[u][k] - mean) / deviation : 0.0;
  }
  return features;
}

double SquaredDistance(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (int k = 0; k < kDims; ++k) sum += (a[k] - b[k]) * (a[k] - b[k]);
  return sum;
}

// Foote novelty at each boundary i (between units i - 1 and i): the mean
// distance across the boundary minus the mean distance within either side,
// over a Gaussian-tapered checkerboard of half-width `half` units.
std::vector<double> Novelty(const std::vector<std::vector<double>>& features, int half) {
  const int n = static_cast<int>(features.size());
  // Distances within the kernel's reach: band[i][k] = d(i, i + k), k < 2 * half.
  std::vector<std::vector<double>> band(n, std::vector<double>(2 * half, 0.0));
  for (int i = 0; i < n; ++i) {
    for (int k = 1; k < 2 * half && i + k < n; ++k) band[i][k] = SquaredDistance(features[i], features[i + k]);
  }
  std::vector<double> taper(2 * half);
  for (int a = -half; a < half; ++a) {
    const double x = (a + 0.5) / (0.5 * half);
    taper[a + half] = std::exp(-0.5 * x * x);
  }
  std::vector<double> novelty(n + 1, 0.0);
  for (int i = 1; i < n; ++i) {
    double cross = 0.0, cross_weight = 0.0, same = 0.0, same_weight = 0.0;
    for (int a = -half; a < half; ++a) {
      for (int b = a + 1; b < half; ++b) {
        const int p = i + a, q = i + b;
        if (p < 0 || q >= n) continue;
        const double weight = taper[a + half] * taper[b + half];
        const double distance = band[p][q - p];
        if ((a < 0) != (b < 0)) {
          cross += weight * distance;
          cross_weight += weight;
        } else {
          same += weight * distance;
          same_weight += weight;
        }
      }
    }
    if (cross_weight > 0.0 && same_weight > 0.0) novelty[i] = cross / cross_weight - same / same_weight;
  }
  return novelty;
}

// Boundaries (unit indices) at the strongest novelty peaks that keep every
// section at least `min_units` long and `min_s` seconds.
std::vector<int> PickBoundaries(const std::vector<double>& novelty, const Units& units, int min_units, double min_s,
                                double threshold_sd) {
  const int n = units.count();
  // Robust centre and spread (median, MAD): one huge change (music stopping)
  // must not hide every other boundary.
  // Only boundaries that could be chosen (a whole section from either end)
  // count: near the ends the kernel is cut off and its novelty unreliable.
  if (n < 2 * min_units) return {0, n};
  std::vector<double> values(novelty.begin() + min_units, novelty.begin() + (n - min_units) + 1);
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  const double median = values[values.size() / 2];
  for (double& v : values) v = std::abs(v - median);
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  const double spread = 1.4826 * values[values.size() / 2];
  const double threshold = median + threshold_sd * spread;
  std::vector<int> candidates;
  for (int i = min_units; i <= n - min_units; ++i) {
    if (novelty[i] <= threshold || novelty[i] <= 0.0) continue;
    bool is_peak = true;
    for (int j = std::max(1, i - min_units / 2); j <= std::min(n - 1, i + min_units / 2) && is_peak; ++j) {
      is_peak = novelty[j] < novelty[i] || (novelty[j] == novelty[i] && j >= i);
    }
    if (is_peak) candidates.push_back(i);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](int a, int b) { return novelty[a] > novelty[b]; });
  std::vector<int> chosen = {0, n};
  for (int i : candidates) {
    const auto next = std::upper_bound(chosen.begin(), chosen.end(), i);
    const int after = *next, before = *(next - 1);
    const double t = units.edges_s[i];
    if (i - before < min_units || after - i < min_units) continue;
    if (t - units.edges_s[before] < min_s || units.edges_s[after] - t < min_s) continue;
    chosen.insert(next, i);
  }
  return chosen;
}

// The wide kernel finds that the music changes but blurs where: each
// boundary moves, within `reach` units, to where the mean features of the
// `window` units before and the `window` after differ most. A window of
// whole bars cancels what repeats every bar, so the step between sections
// is what stands out.
void Localise(std::vector<int>& boundaries, const std::vector<std::vector<double>>& features, int reach,
              int window) {
  const int n = static_cast<int>(features.size());
  auto contrast = [&](int at) {
    std::vector<double> before(kDims, 0.0), after(kDims, 0.0);
    const int first = std::max(0, at - window), end = std::min(n, at + window);
    for (int u = first; u < at; ++u) {
      for (int k = 0; k < kDims; ++k) before[k] += features[u][k] / (at - first);
    }
    for (int u = at; u < end; ++u) {
      for (int k = 0; k < kDims; ++k) after[k] += features[u][k] / (end - at);
    }
    return SquaredDistance(before, after);
  };
  for (size_t b = 1; b + 1 < boundaries.size(); ++b) {
    const int low = std::max(boundaries[b - 1] + 1, boundaries[b] - reach);
    const int high = std::min(boundaries[b + 1] - 1, boundaries[b] + reach);
    int best = boundaries[b];
    double best_contrast = contrast(best);
    for (int i = low; i <= high; ++i) {
      const double c = contrast(i);
      if (c > best_contrast) {
        best_contrast = c;
        best = i;
      }
    }
    boundaries[b] = best;
  }
}

// A boundary moves to a downbeat at most a beat away, so cuts land where a
// listener feels a new bar start.
double SnapToDownbeat(double time_s, const std::vector<double>& downbeats_s, double beat_s) {
  double best = time_s;
  for (double d : downbeats_s) {
    if (std::abs(d - time_s) <= beat_s * 1.01 && std::abs(d - time_s) < std::abs(best - time_s) + 1e-12) best = d;
  }
  return best;
}

// Per section between consecutive `boundaries` (unit indices): its time
// span, mean features, their RMS spread and its level.
std::vector<SectionSummary> Summarise(const Units& units, const std::vector<int>& boundaries) {
  std::vector<SectionSummary> summaries;
  for (size_t s = 0; s + 1 < boundaries.size(); ++s) {
    const int first = boundaries[s], end = boundaries[s + 1];
    SectionSummary summary;
    summary.start_s = units.edges_s[first];
    summary.end_s = units.edges_s[end];
    summary.mean_feature.assign(kDims, 0.0);
    double power = 0.0;
    for (int u = first; u < end; ++u) {
      for (int k = 0; k < kDims; ++k) summary.mean_feature[k] += units.features[u][k] / (end - first);
      power += std::pow(10.0, units.level_db[u] / 10.0) / (end - first);
    }
    for (int u = first; u < end; ++u) summary.spread += SquaredDistance(units.features[u], summary.mean_feature);
    summary.spread = std::sqrt(summary.spread / (end - first));
    summary.level_db = 10.0 * std::log10(power + 1e-10);
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

// Neighbouring sections that turn out to be the same material become one; a
// merged section's wider spread may join it to its next neighbour too, so
// this repeats until nothing changes. Returns the final sections' summaries.
std::vector<SectionSummary> MergeRepeats(const Units& units, std::vector<int> boundaries) {
  std::vector<SectionSummary> summaries = Summarise(units, boundaries);
  for (size_t before = 0; boundaries.size() != before;) {
    before = boundaries.size();
    const std::vector<int> cluster = ClusterSections(summaries);
    std::vector<int> merged = {boundaries.front()};
    for (size_t b = 1; b + 1 < boundaries.size(); ++b) {
      if (cluster[b] != cluster[b - 1]) merged.push_back(boundaries[b]);
    }
    merged.push_back(boundaries.back());
    boundaries = std::move(merged);
    if (boundaries.size() != before) summaries = Summarise(units, boundaries);
  }
  return summaries;
}

}  // namespace

std::vector<Section> SegmentSections(const std::vector<double>& beat_times_s,
                                     const std::vector<double>& downbeat_times_s, const HarmonicFrames& harmonic,
                                     double duration_s, const SectionOptions& options) {
  if (duration_s <= 0.0) return {};
  Units units;
  units.edges_s = UnitEdges(beat_times_s, duration_s, options.min_section_beats);
  units.features = UnitFeatures(units.edges_s, harmonic, 1, &units.level_db);
  const int n = units.count();
  const int half = std::min(options.kernel_beats, n / 4);
  std::vector<int> boundaries = {0, n};
  if (half >= 2) {
    const std::vector<std::vector<double>> smoothed =
        UnitFeatures(units.edges_s, harmonic, kContextUnits, /*level_db=*/nullptr);
    boundaries = PickBoundaries(Novelty(smoothed, half), units, options.min_section_beats, options.min_section_s,
                                options.novelty_threshold_sd);
    Localise(boundaries, units.features, std::max(1, half / 4), kLocaliseWindowUnits);
  }
  const std::vector<SectionSummary> summaries = MergeRepeats(units, boundaries);
  const std::vector<std::string> labels = LabelSections(summaries);

  const double beat_s = n > 0 ? duration_s / n : duration_s;
  std::vector<Section> sections;
  for (size_t s = 0; s < summaries.size(); ++s) {
    const double start_s = sections.empty() ? 0.0 : sections.back().end_s;
    const double end_s =
        s + 1 == summaries.size() ? duration_s : SnapToDownbeat(summaries[s].end_s, downbeat_times_s, beat_s);
    if (end_s <= start_s) continue;  // snapping swallowed it; the next section starts here
    sections.push_back(Section{start_s, end_s, labels[s]});
  }
  if (sections.empty()) sections.push_back(Section{0.0, duration_s, labels.empty() ? "verse" : labels.back()});
  sections.back().end_s = duration_s;
  return sections;
}

}  // namespace beatframe::audio_internal
