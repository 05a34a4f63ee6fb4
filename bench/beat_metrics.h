// Beat-tracking evaluation metrics: a C++ port of mir_eval.beat (F-measure,
// Cemgil, Goto, P-score, continuity CMLc/CMLt/AMLc/AMLt, information gain),
// plus an "any metrical level" F-measure. Used by bench/beats to score our
// tracker and aubio against annotations; checked against mir_eval's own test
// vectors in tests/bench/beat_metrics_test.cc.
//
// Conventions follow mir_eval: beat times in seconds, ascending; callers trim
// beats before 5 s (TrimBeats) before scoring, as EvaluateBeats does. The
// single-metric functions never crash on odd input (empty, one beat,
// duplicates); where mir_eval has a quirk the port keeps it, so the numbers
// are comparable with published mir_eval scores. Each quirk is named at the
// place it is reproduced in beat_metrics.cc.
#pragma once

#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace beatframe::bench {

// mir_eval's defaults.
inline constexpr double kMinBeatTimeS = 5.0;
inline constexpr double kFMeasureWindowS = 0.07;
inline constexpr double kCemgilSigmaS = 0.04;
inline constexpr double kGotoThreshold = 0.35;
inline constexpr double kGotoMu = 0.2;
inline constexpr double kGotoSigma = 0.2;
inline constexpr double kPScoreThreshold = 0.2;
inline constexpr double kContinuityPhaseThreshold = 0.175;
inline constexpr double kContinuityPeriodThreshold = 0.175;
inline constexpr int kInformationGainBins = 41;
// mir_eval.beat.MAX_TIME: larger times are taken as a unit mistake (ms).
inline constexpr double kMaxBeatTimeS = 30000.0;

// Every score mir_eval.beat.evaluate reports, plus the any-level F-measure.
struct BeatScores {
  double f_measure = 0.0;
  double any_level_f_measure = 0.0;
  double cemgil = 0.0;
  double cemgil_best_metric_level = 0.0;
  double goto_score = 0.0;
  double p_score = 0.0;
  double cml_c = 0.0;  // correct metric level, continuous
  double cml_t = 0.0;  // correct metric level, total
  double aml_c = 0.0;  // any metric level, continuous
  double aml_t = 0.0;  // any metric level, total
  double information_gain = 0.0;
};

// The reference at the metrical levels mir_eval accepts (its
// _get_reference_beat_variations).
struct ReferenceVariations {
  std::vector<double> original;
  std::vector<double> off_beat;   // midpoints between consecutive beats
  std::vector<double> double_tempo;  // beats and midpoints, interleaved
  std::vector<double> half_odd;   // beats 0, 2, 4, ... ("odd" counting from 1)
  std::vector<double> half_even;  // beats 1, 3, 5, ...
};

// OK when `beats_s` is ascending (ties allowed), finite and below
// kMaxBeatTimeS; INVALID_ARGUMENT naming the first offending beat otherwise.
absl::Status ValidateBeats(std::span<const double> beats_s);

// Beats at or after `min_beat_time_s`, in order.
std::vector<double> TrimBeats(std::span<const double> beats_s,
                              double min_beat_time_s = kMinBeatTimeS);

ReferenceVariations GetReferenceVariations(std::span<const double> reference_s);

// F-measure of the maximum one-to-one matching with |ref - est| <= window.
// 0 when either list is empty.
double FMeasure(std::span<const double> reference_s,
                std::span<const double> estimated_s,
                double window_s = kFMeasureWindowS);

// Best FMeasure against the reference at its own, double (interpolated
// midpoints) and half (every other beat, both phases) tempo.
double AnyLevelFMeasure(std::span<const double> reference_s,
                        std::span<const double> estimated_s,
                        double window_s = kFMeasureWindowS);

struct CemgilScores {
  double cemgil = 0.0;               // against the reference as annotated
  double best_metric_level = 0.0;    // best over all reference variations
};
CemgilScores Cemgil(std::span<const double> reference_s,
                    std::span<const double> estimated_s,
                    double sigma_s = kCemgilSigmaS);

// 1.0 or 0.0 (Goto and Muraoka's binary criterion).
double Goto(std::span<const double> reference_s,
            std::span<const double> estimated_s,
            double threshold = kGotoThreshold, double mu = kGotoMu,
            double sigma = kGotoSigma);

// McKinney's P-score on 10 ms impulse trains; the window is `threshold`
// times the median reference inter-beat interval. 0 when either list has
// fewer than two beats.
double PScore(std::span<const double> reference_s,
              std::span<const double> estimated_s,
              double threshold = kPScoreThreshold);

struct ContinuityScores {
  double cml_c = 0.0;
  double cml_t = 0.0;
  double aml_c = 0.0;
  double aml_t = 0.0;
};
// All zeros when either list has fewer than two beats.
ContinuityScores Continuity(
    std::span<const double> reference_s, std::span<const double> estimated_s,
    double phase_threshold = kContinuityPhaseThreshold,
    double period_threshold = kContinuityPeriodThreshold);

// Information gain of the beat error histogram, normalised by log2(bins).
// 0 when either list has fewer than two beats.
double InformationGain(std::span<const double> reference_s,
                       std::span<const double> estimated_s,
                       int bins = kInformationGainBins);

// mir_eval.beat.evaluate with default parameters: validates both lists,
// trims beats before kMinBeatTimeS, then computes every metric.
// INVALID_ARGUMENT (from ValidateBeats, naming the list) on invalid input.
absl::StatusOr<BeatScores> EvaluateBeats(std::span<const double> reference_s,
                                         std::span<const double> estimated_s);

}  // namespace beatframe::bench
