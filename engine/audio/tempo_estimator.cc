#include "engine/audio/tempo_estimator.h"

#include <algorithm>
#include <cmath>

namespace beatframe::audio_internal {
namespace {

// The envelope made comparable across lags: square-rooted so a loud kick
// does not outweigh the snare between (which would favour half time),
// smoothed so fractional periods still line up, and mean-removed so only
// periodic structure correlates.
std::vector<double> Prepare(const std::vector<float>& onset) {
  const size_t n = onset.size();
  std::vector<double> root(n);
  for (size_t t = 0; t < n; ++t) root[t] = std::sqrt(std::max(0.0f, onset[t]));
  std::vector<double> smoothed(n);
  for (size_t t = 0; t < n; ++t) {
    const double before = t > 0 ? root[t - 1] : root[t];
    const double after = t + 1 < n ? root[t + 1] : root[t];
    smoothed[t] = 0.25 * before + 0.5 * root[t] + 0.25 * after;
  }
  double mean = 0.0;
  for (double v : smoothed) mean += v;
  mean /= static_cast<double>(std::max<size_t>(n, 1));
  for (double& v : smoothed) v -= mean;
  return smoothed;
}

// Unbiased autocorrelation for lags 0 .. max_lag.
std::vector<double> Autocorrelate(const std::vector<double>& x, int max_lag) {
  const int n = static_cast<int>(x.size());
  std::vector<double> ac(max_lag + 1, 0.0);
  for (int lag = 0; lag <= max_lag && lag < n; ++lag) {
    double sum = 0.0;
    for (int t = 0; t + lag < n; ++t) sum += x[t] * x[t + lag];
    ac[lag] = sum / (n - lag);
  }
  return ac;
}

double PriorWeight(double bpm, const TempoOptions& options) {
  const double octaves = std::log2(bpm / options.prior_center_bpm) / options.prior_width_octaves;
  return std::exp(-0.5 * octaves * octaves);
}

// The autocorrelation at a fractional lag: the best of the two nearest lags.
double AcNear(const std::vector<double>& ac, double lag) {
  const int low = static_cast<int>(std::floor(lag));
  double best = -1e300;
  for (int l = low; l <= low + 1; ++l) {
    if (l >= 1 && l < static_cast<int>(ac.size())) best = std::max(best, ac[l]);
  }
  return best;
}

// Sub-frame peak position by a parabola through the peak and its neighbours.
double RefinePeak(const std::vector<double>& ac, int lag) {
  if (lag <= 1 || lag + 1 >= static_cast<int>(ac.size())) return lag;
  const double left = ac[lag - 1], centre = ac[lag], right = ac[lag + 1];
  const double curvature = left - 2.0 * centre + right;
  if (curvature >= 0.0) return lag;
  return lag + std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
}

// The autocorrelation peak between the lags with the best score: its
// correlation plus metrical support (Ellis 2007, TPS2: a beat period's double,
// the half note, repeats too; a 3:4 cross-rhythm's double does not), times the
// tempo prior. 0 when no lag in range is a positive peak.
int BestLag(const std::vector<double>& ac, int min_lag, int max_lag, double onset_rate_hz,
            const TempoOptions& options) {
  int best_lag = 0;
  double best_score = 0.0;
  for (int lag = min_lag; lag <= max_lag; ++lag) {
    const bool is_peak = ac[lag] >= ac[lag - 1] && ac[lag] >= ac[lag + 1];
    const double support =
        2 * lag + 1 < static_cast<int>(ac.size()) ? std::max(0.0, AcNear(ac, 2.0 * lag)) : 0.0;
    const double score =
        (ac[lag] + options.metrical_weight * support) * PriorWeight(60.0 * onset_rate_hz / lag, options);
    if (is_peak && score > best_score) {
      best_score = score;
      best_lag = lag;
    }
  }
  return best_lag;
}

// How well the first four multiples of `period` (beat, half bar, dotted
// half, bar in 4/4) all recur: the comb sum of their positive correlations,
// each read at its best lag within 2%.
double CombSupport(const std::vector<double>& ac, double period) {
  double sum = 0.0;
  for (int k = 1; k <= 4; ++k) {
    const double lag = k * period;
    const int low = static_cast<int>(std::floor(lag * 0.98));
    const int high = static_cast<int>(std::ceil(lag * 1.02));
    double best = 0.0;
    for (int l = std::max(1, low); l <= high && l < static_cast<int>(ac.size()); ++l) best = std::max(best, ac[l]);
    sum += best;
  }
  return sum;
}

// The local autocorrelation peak nearest `lag` (within one lag either side).
int PeakNear(const std::vector<double>& ac, double lag) {
  int peak = static_cast<int>(std::lround(lag));
  const int centre = peak;
  for (int l = centre - 1; l <= centre + 1; ++l) {
    if (l >= 1 && l + 1 < static_cast<int>(ac.size()) && ac[l] > ac[peak]) peak = l;
  }
  return peak;
}

// A 3:4 cross-rhythm (the dotted eighth of 3+3+2 figures, or quarter-note
// triplets) can correlate better than the beat itself. The beat's multiples
// recur up to the bar; the cross-rhythm's do not. So among the period and its
// 4:3 and 3:4 relatives, keep the one with the strongest comb support.
double ResolveThreeFour(const std::vector<double>& ac, double period, int min_lag, int max_lag) {
  double best_period = period;
  double best_support = CombSupport(ac, period);
  for (const double ratio : {4.0 / 3.0, 3.0 / 4.0}) {
    const double candidate = period * ratio;
    if (candidate < min_lag || candidate > max_lag || 4.0 * candidate * 1.02 + 1 >= ac.size()) continue;
    const double support = CombSupport(ac, candidate);
    if (support > best_support) {
      best_support = support;
      best_period = RefinePeak(ac, PeakNear(ac, candidate));
    }
  }
  return best_period;
}

}  // namespace

TempoEstimate EstimateTempo(const std::vector<float>& onset, double onset_rate_hz,
                            const TempoOptions& options) {
  TempoEstimate estimate;
  const int min_lag = std::max(2, static_cast<int>(std::floor(60.0 * onset_rate_hz / options.max_bpm)));
  // A short clip limits the slowest tempo: at least two periods must fit.
  const int max_lag = std::min(static_cast<int>(std::ceil(60.0 * onset_rate_hz / options.min_bpm)),
                               static_cast<int>(onset.size()) / 2 - 1);
  if (max_lag <= min_lag) return estimate;
  // Lags up to four times the slowest period: the 3:4 check reads up to the bar.
  const int ac_lags = std::min(4 * max_lag + 8, static_cast<int>(onset.size()) - 1);
  const std::vector<double> ac = Autocorrelate(Prepare(onset), ac_lags);
  if (ac[0] <= 0.0) return estimate;

  const int best_lag = BestLag(ac, min_lag, max_lag, onset_rate_hz, options);
  if (best_lag == 0) return estimate;

  double period = RefinePeak(ac, best_lag);
  const double half = period / 2.0;
  const double bpm = 60.0 * onset_rate_hz / period;
  if (bpm < options.double_time_below_bpm && half >= min_lag &&
      AcNear(ac, half) >= options.double_time_ratio * ac[best_lag]) {
    int half_lag = static_cast<int>(std::lround(half));
    for (int l = half_lag - 1; l <= half_lag + 1; ++l) {
      if (ac[l] > ac[half_lag]) half_lag = l;
    }
    period = RefinePeak(ac, half_lag);
  }
  period = ResolveThreeFour(ac, period, min_lag, max_lag);
  const int period_lag = static_cast<int>(std::lround(period));
  estimate.period_frames = period;
  estimate.bpm = 60.0 * onset_rate_hz / period;
  estimate.pulse_clarity = std::clamp(ac[period_lag] / ac[0], 0.0, 1.0);
  return estimate;
}

}  // namespace beatframe::audio_internal
