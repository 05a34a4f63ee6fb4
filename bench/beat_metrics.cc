#include "bench/beat_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "bench/event_matching.h"

namespace beatframe::bench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Python indexing: a negative index counts from the end. mir_eval reads
// beats[i - 1] with i == 0 in two places, which silently means "the last beat".
double PyAt(std::span<const double> v, int64_t i) {
  return v[i < 0 ? static_cast<int64_t>(v.size()) + i : i];
}

// np.argmin of |x - v|: the first index of the smallest distance.
size_t NearestIndex(double x, std::span<const double> v) {
  size_t best = 0;
  double best_distance = std::abs(x - v[0]);
  for (size_t i = 1; i < v.size(); ++i) {
    const double d = std::abs(x - v[i]);
    if (d < best_distance) {
      best_distance = d;
      best = i;
    }
  }
  return best;
}

double Mean(std::span<const double> v) {
  if (v.empty()) return kNaN;  // numpy: mean of nothing is nan
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// np.std(v, ddof=1): nan for fewer than two values, so comparisons fail.
double SampleStdDev(std::span<const double> v) {
  if (v.size() < 2) return kNaN;
  const double mean = Mean(v);
  double sum_sq = 0.0;
  for (double x : v) sum_sq += (x - mean) * (x - mean);
  return std::sqrt(sum_sq / static_cast<double>(v.size() - 1));
}

// np.median of a non-empty list.
double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// np.mod(a, b) for doubles (npy_divmod): the result takes the sign of b.
double NumpyMod(double a, double b) {
  double mod = std::fmod(a, b);
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) mod += b;
  } else {
    mod = std::copysign(0.0, b);
  }
  return mod;
}

double HarmonicMean(double precision, double recall) {
  if (precision == 0.0 && recall == 0.0) return 0.0;
  return 2.0 * precision * recall / (precision + recall);
}

// Longest run of successes, as mir_eval finds it: pad with failures at both
// ends and take the largest gap between failures.
int LongestRun(const std::vector<int>& successes) {
  int longest = 0;
  int run = 0;
  for (int s : successes) {
    run = s ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// One continuity pass against one reference variation; returns
// {continuous, total} accuracy. A line-by-line port of the loop body in
// mir_eval.beat.continuity, including its edge cases for repeated beats.
std::pair<double, double> ContinuityForVariation(std::span<const double> ref,
                                                 std::span<const double> est,
                                                 double phase_threshold,
                                                 double period_threshold) {
  // mir_eval sizes both arrays by the longer list, so unmatched extra
  // references count against the estimate too.
  const size_t n_annotations = std::max(ref.size(), est.size());
  std::vector<int> used(n_annotations, 0);
  std::vector<int> successes(n_annotations, 0);
  for (size_t m = 0; m < est.size(); ++m) {
    const size_t nearest = NearestIndex(est[m], ref);
    const double min_difference = std::abs(est[m] - ref[nearest]);
    if (used[nearest]) continue;
    double phase;
    double period;
    if (m == 0 || nearest == 0) {
      // First beat or first annotation: look forward where possible.
      const double reference_interval =
          nearest + 1 < ref.size()
              ? ref[nearest + 1] - ref[nearest]
              : ref[nearest] - PyAt(ref, static_cast<int64_t>(nearest) - 1);
      const double estimated_interval =
          m + 1 < est.size() ? est[m + 1] - est[m] : est[m] - est[m - 1];
      if (reference_interval == 0) {
        phase = min_difference == 0 ? 1.0 : std::numeric_limits<double>::infinity();
        period = estimated_interval == 0 ? 0.0 : std::numeric_limits<double>::infinity();
      } else {
        phase = std::abs(min_difference / reference_interval);
        period = std::abs(1 - estimated_interval / reference_interval);
      }
    } else {
      // IEEE division: a zero interval gives inf or nan, which fails the
      // thresholds exactly as numpy's warning-and-continue does.
      const double reference_interval = ref[nearest] - ref[nearest - 1];
      const double estimated_interval = est[m] - est[m - 1];
      phase = std::abs(min_difference / reference_interval);
      period = std::abs(1 - estimated_interval / reference_interval);
    }
    if (phase < phase_threshold && period < period_threshold) {
      used[nearest] = 1;
      successes[m] = 1;
    }
  }
  const double n = static_cast<double>(n_annotations);
  int total = 0;
  for (int s : successes) total += s;
  return {LongestRun(successes) / n, total / n};
}

// mir_eval.beat._get_entropy: entropy of the histogram of each estimated
// beat's error relative to the local reference interval.
double BeatErrorEntropy(std::span<const double> ref, std::span<const double> est,
                        int bins) {
  const int64_t last = static_cast<int64_t>(ref.size()) - 1;
  std::vector<double> beat_errors;
  beat_errors.reserve(est.size());
  for (double beat : est) {
    const int64_t closest = static_cast<int64_t>(NearestIndex(beat, ref));
    const double absolute_error = beat - ref[closest];
    double interval;
    // mir_eval quirk, kept for comparable numbers: its "closest == 0" case is
    // overwritten by the following if/else, so for the first annotation with
    // a negative error the interval is (ref[0] - ref[-1]) / 2, i.e. measured
    // to the LAST annotation (negative).
    if (closest == last) {
      interval = 0.5 * (PyAt(ref, -1) - PyAt(ref, -2));
    } else if (absolute_error < 0) {
      interval = 0.5 * (ref[closest] - PyAt(ref, closest - 1));
    } else {
      interval = 0.5 * (ref[closest + 1] - ref[closest]);
    }
    // Wrapped into (-0.5, 0.5] the way np.mod(e + .5, -1) + .5 does.
    beat_errors.push_back(NumpyMod(0.5 * absolute_error / interval + 0.5, -1.0) + 0.5);
  }

  // np.histogram with edges np.linspace(-0.5, 0.5, bins + 1): bins are
  // half-open except the last, which includes 0.5; nan falls outside.
  const double step = 1.0 / bins;
  std::vector<double> edges(bins + 1);
  for (int i = 0; i <= bins; ++i) edges[i] = i * step + -0.5;
  edges[bins] = 0.5;
  std::vector<double> counts(bins, 0.0);
  double total = 0.0;
  for (double e : beat_errors) {
    if (!(e >= edges[0] && e <= edges[bins])) continue;
    int bin = static_cast<int>(std::upper_bound(edges.begin(), edges.end(), e) - edges.begin()) - 1;
    bin = std::min(bin, bins - 1);
    counts[bin] += 1.0;
    total += 1.0;
  }
  double entropy = 0.0;
  for (double c : counts) {
    double p = c / total;
    if (p == 0) p = 1;  // zero bins contribute nothing (1 * log 1)
    entropy -= p * std::log2(p);
  }
  return entropy;
}

}  // namespace

absl::Status ValidateBeats(std::span<const double> beats_s) {
  for (size_t i = 0; i < beats_s.size(); ++i) {
    if (!std::isfinite(beats_s[i])) {
      return absl::InvalidArgumentError(absl::StrCat("beat ", i, " is not a finite time"));
    }
    if (beats_s[i] > kMaxBeatTimeS) {
      return absl::InvalidArgumentError(
          absl::StrCat("beat ", i, " at ", beats_s[i], " s is beyond ", kMaxBeatTimeS,
                       " s (times must be in seconds)"));
    }
    if (i > 0 && beats_s[i] < beats_s[i - 1]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "beats are not in increasing order: beat ", i, " (", beats_s[i],
          " s) comes before beat ", i - 1, " (", beats_s[i - 1], " s)"));
    }
  }
  return absl::OkStatus();
}

std::vector<double> TrimBeats(std::span<const double> beats_s, double min_beat_time_s) {
  std::vector<double> kept;
  for (double t : beats_s) {
    if (t >= min_beat_time_s) kept.push_back(t);
  }
  return kept;
}

ReferenceVariations GetReferenceVariations(std::span<const double> reference_s) {
  ReferenceVariations out;
  out.original.assign(reference_s.begin(), reference_s.end());
  const size_t n = reference_s.size();
  // np.interp at indices 0, 0.5, 1, ... n-1: midpoints are
  // slope * 0.5 + left, with slope over a unit index step.
  for (size_t i = 0; i < n; ++i) {
    out.double_tempo.push_back(reference_s[i]);
    if (i + 1 < n) {
      const double midpoint = (reference_s[i + 1] - reference_s[i]) * 0.5 + reference_s[i];
      out.double_tempo.push_back(midpoint);
      out.off_beat.push_back(midpoint);
    }
  }
  for (size_t i = 0; i < n; ++i) (i % 2 == 0 ? out.half_odd : out.half_even).push_back(reference_s[i]);
  return out;
}

double FMeasure(std::span<const double> reference_s, std::span<const double> estimated_s,
                double window_s) {
  if (reference_s.empty() || estimated_s.empty()) return 0.0;
  const double matched = static_cast<double>(MatchEvents(reference_s, estimated_s, window_s).size());
  return HarmonicMean(matched / estimated_s.size(), matched / reference_s.size());
}

double AnyLevelFMeasure(std::span<const double> reference_s,
                        std::span<const double> estimated_s, double window_s) {
  const ReferenceVariations v = GetReferenceVariations(reference_s);
  double best = 0.0;
  // The off-beat variation is left out on purpose: tapping between the beats
  // is not the same pulse at another metrical level.
  for (const std::vector<double>* ref : {&v.original, &v.double_tempo, &v.half_odd, &v.half_even}) {
    best = std::max(best, FMeasure(*ref, estimated_s, window_s));
  }
  return best;
}

CemgilScores Cemgil(std::span<const double> reference_s, std::span<const double> estimated_s,
                    double sigma_s) {
  if (reference_s.empty() || estimated_s.empty()) return {};
  const ReferenceVariations v = GetReferenceVariations(reference_s);
  CemgilScores scores;
  bool first = true;
  for (const std::vector<double>* ref :
       {&v.original, &v.off_beat, &v.double_tempo, &v.half_odd, &v.half_even}) {
    double accuracy = 0.0;
    for (double beat : *ref) {
      const double diff = std::abs(beat - estimated_s[NearestIndex(beat, estimated_s)]);
      accuracy += std::exp(-(diff * diff) / (2.0 * sigma_s * sigma_s));
    }
    accuracy /= 0.5 * static_cast<double>(estimated_s.size() + ref->size());
    if (first) scores.cemgil = accuracy;
    scores.best_metric_level = first ? accuracy : std::max(scores.best_metric_level, accuracy);
    first = false;
  }
  return scores;
}

double Goto(std::span<const double> reference_s, std::span<const double> estimated_s,
            double threshold, double mu, double sigma) {
  if (reference_s.empty() || estimated_s.empty()) return 0.0;
  const int64_t n = static_cast<int64_t>(reference_s.size());
  std::vector<double> beat_error(n, 1.0);
  for (int64_t k = 1; k < n - 1; ++k) {
    const double previous_interval = 0.5 * (reference_s[k] - reference_s[k - 1]);
    const double window_min = reference_s[k] - previous_interval;
    const double next_interval = 0.5 * (reference_s[k + 1] - reference_s[k]);
    const double window_max = reference_s[k] + next_interval;
    int in_window = 0;
    double paired = 0.0;
    for (double e : estimated_s) {
      if (e >= window_min && e < window_max) {
        ++in_window;
        paired = e;
      }
    }
    if (in_window != 1) continue;  // miss or extra beat: error stays 1
    const double offset = paired - reference_s[k];
    beat_error[k] = offset < 0 ? offset / previous_interval : offset / next_interval;
  }
  std::vector<int64_t> incorrect;
  for (int64_t k = 0; k < n; ++k) {
    if (std::abs(beat_error[k]) > threshold) incorrect.push_back(k);
  }
  // The first and last references are always "incorrect" (never scored), so
  // `incorrect` is never empty.
  std::vector<double> track;
  bool has_track = false;
  if (incorrect.size() < 3) {
    // mir_eval slices beat_error[first + 1 : last - 1], which also drops the
    // second-to-last beat; kept as is. Python slice bounds: a negative stop
    // counts from the end, and the slice is empty when stop <= start.
    const int64_t start = incorrect.front() + 1;
    int64_t stop = incorrect.back() - 1;
    if (stop < 0) stop += n;
    for (int64_t k = start; k < std::min(stop, n); ++k) track.push_back(beat_error[k]);
    has_track = true;
  } else {
    int64_t track_length = 0;
    size_t track_start = 0;
    for (size_t i = 0; i + 1 < incorrect.size(); ++i) {
      const int64_t gap = incorrect[i + 1] - incorrect[i];
      if (gap > track_length) {
        track_length = gap;
        track_start = i;
      }
    }
    if (static_cast<double>(track_length - 1) > 0.25 * static_cast<double>(n - 2)) {
      has_track = true;
      // Inclusive of the incorrect beats at both ends, as in mir_eval.
      for (int64_t k = incorrect[track_start]; k <= incorrect[track_start + 1]; ++k) {
        track.push_back(beat_error[k]);
      }
    }
  }
  if (!has_track) return 0.0;
  std::vector<double> abs_track(track.size());
  std::transform(track.begin(), track.end(), abs_track.begin(), [](double x) { return std::abs(x); });
  return (Mean(abs_track) < mu && SampleStdDev(track) < sigma) ? 1.0 : 0.0;
}

double PScore(std::span<const double> reference_s, std::span<const double> estimated_s,
              double threshold) {
  if (reference_s.size() <= 1 || estimated_s.size() <= 1) return 0.0;
  // Beats become impulses on a 10 ms grid (index = ceil(t * 100) after
  // shifting the earliest beat to 0); coinciding beats merge into one
  // impulse, as writing 1.0 twice into numpy's train does.
  constexpr int kSamplingRateHz = 100;
  const double offset = std::min(*std::min_element(reference_s.begin(), reference_s.end()),
                                 *std::min_element(estimated_s.begin(), estimated_s.end()));
  auto impulses = [&](std::span<const double> beats) {
    std::vector<int64_t> indices;
    for (double t : beats) indices.push_back(static_cast<int64_t>(std::ceil((t - offset) * kSamplingRateHz)));
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    return indices;
  };
  const std::vector<int64_t> ref_train = impulses(reference_s);
  const std::vector<int64_t> est_train = impulses(estimated_s);
  // mir_eval would fail on a median of no intervals; no pulse, no score.
  if (ref_train.size() < 2) return 0.0;
  std::vector<double> intervals;
  for (size_t i = 1; i < ref_train.size(); ++i) intervals.push_back(static_cast<double>(ref_train[i] - ref_train[i - 1]));
  // np.round rounds half to even, as nearbyint does in the default mode.
  const int64_t window = static_cast<int64_t>(std::nearbyint(threshold * Median(intervals)));
  // The sum of the cross-correlation over lags -window..window counts the
  // (reference, estimate) impulse pairs at most `window` samples apart.
  int64_t pairs = 0;
  for (int64_t e : est_train) {
    pairs += std::upper_bound(ref_train.begin(), ref_train.end(), e + window) -
             std::lower_bound(ref_train.begin(), ref_train.end(), e - window);
  }
  return static_cast<double>(pairs) /
         static_cast<double>(std::max(reference_s.size(), estimated_s.size()));
}

ContinuityScores Continuity(std::span<const double> reference_s,
                            std::span<const double> estimated_s, double phase_threshold,
                            double period_threshold) {
  if (reference_s.size() <= 1 || estimated_s.size() <= 1) return {};
  const ReferenceVariations v = GetReferenceVariations(reference_s);
  ContinuityScores scores;
  bool first = true;
  for (const std::vector<double>* ref :
       {&v.original, &v.off_beat, &v.double_tempo, &v.half_odd, &v.half_even}) {
    const auto [continuous, total] =
        ContinuityForVariation(*ref, estimated_s, phase_threshold, period_threshold);
    if (first) {
      scores.cml_c = scores.aml_c = continuous;
      scores.cml_t = scores.aml_t = total;
      first = false;
    } else {
      scores.aml_c = std::max(scores.aml_c, continuous);
      scores.aml_t = std::max(scores.aml_t, total);
    }
  }
  return scores;
}

double InformationGain(std::span<const double> reference_s,
                       std::span<const double> estimated_s, int bins) {
  if (reference_s.size() <= 1 || estimated_s.size() <= 1 || bins < 1) return 0.0;
  const double forward = BeatErrorEntropy(reference_s, estimated_s, bins);
  const double backward = BeatErrorEntropy(estimated_s, reference_s, bins);
  const double norm = std::log2(static_cast<double>(bins));
  // The larger entropy (the worse direction) decides.
  return forward > backward ? (norm - forward) / norm : (norm - backward) / norm;
}

absl::StatusOr<BeatScores> EvaluateBeats(std::span<const double> reference_s,
                                         std::span<const double> estimated_s) {
  if (absl::Status s = ValidateBeats(reference_s); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("reference beats: ", s.message()));
  }
  if (absl::Status s = ValidateBeats(estimated_s); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("estimated beats: ", s.message()));
  }
  const std::vector<double> ref = TrimBeats(reference_s);
  const std::vector<double> est = TrimBeats(estimated_s);
  BeatScores scores;
  scores.f_measure = FMeasure(ref, est);
  scores.any_level_f_measure = AnyLevelFMeasure(ref, est);
  const CemgilScores cemgil = Cemgil(ref, est);
  scores.cemgil = cemgil.cemgil;
  scores.cemgil_best_metric_level = cemgil.best_metric_level;
  scores.goto_score = Goto(ref, est);
  scores.p_score = PScore(ref, est);
  const ContinuityScores continuity = Continuity(ref, est);
  scores.cml_c = continuity.cml_c;
  scores.cml_t = continuity.cml_t;
  scores.aml_c = continuity.aml_c;
  scores.aml_t = continuity.aml_t;
  scores.information_gain = InformationGain(ref, est);
  return scores;
}

}  // namespace beatframe::bench
