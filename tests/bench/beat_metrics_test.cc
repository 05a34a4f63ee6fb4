// The mir_eval port against mir_eval's own regression vectors (every metric
// to 1e-6), plus hand-made cases whose answers follow from the definitions.
#include "bench/beat_metrics.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bench/annotation_io.h"
#include "bench/event_matching.h"
#include "bench/tempo_metrics.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace beatframe::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kTolerance = 1e-6;

const fs::path& VectorsDir() {
  static const fs::path dir = BF_METRIC_VECTORS_DIR;
  return dir;
}

// Skips the calling test when mir_eval's vectors are not beside the repo.
#define SKIP_WITHOUT_VECTORS(subdir)                                              \
  if (!fs::is_directory(VectorsDir() / subdir)) {                                 \
    GTEST_SKIP() << "mir_eval test vectors not found at " << (VectorsDir() / subdir) \
                 << " (shared data folder absent; CI has it)";                    \
  }

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

std::vector<double> Arange(double start, double stop, double step) {
  std::vector<double> v;
  for (int i = 0; start + i * step < stop; ++i) v.push_back(start + i * step);
  return v;
}

// ---------------------------------------------------------------------------
// mir_eval's beat vectors: beat/refNN.txt, estNN.txt -> outputNN.json.

class MirEvalBeatVectors : public ::testing::TestWithParam<int> {};

TEST_P(MirEvalBeatVectors, EveryMetricMatches) {
  SKIP_WITHOUT_VECTORS("beat");
  const std::string id = absl::StrFormat("%02d", GetParam());
  const fs::path dir = VectorsDir() / "beat";
  absl::StatusOr<std::vector<double>> ref = LoadEventTimes(dir / ("ref" + id + ".txt"));
  absl::StatusOr<std::vector<double>> est = LoadEventTimes(dir / ("est" + id + ".txt"));
  ASSERT_TRUE(ref.ok()) << ref.status();
  ASSERT_TRUE(est.ok()) << est.status();
  const nlohmann::json expected = ReadJson(dir / ("output" + id + ".json"));
  ASSERT_TRUE(expected.is_object()) << "unreadable output" << id << ".json";

  absl::StatusOr<BeatScores> scores = EvaluateBeats(*ref, *est);
  ASSERT_TRUE(scores.ok()) << scores.status();
  const std::map<std::string, double> ours = {
      {"F-measure", scores->f_measure},
      {"Cemgil", scores->cemgil},
      {"Cemgil Best Metric Level", scores->cemgil_best_metric_level},
      {"Goto", scores->goto_score},
      {"P-score", scores->p_score},
      {"Correct Metric Level Continuous", scores->cml_c},
      {"Correct Metric Level Total", scores->cml_t},
      {"Any Metric Level Continuous", scores->aml_c},
      {"Any Metric Level Total", scores->aml_t},
      {"Information gain", scores->information_gain},
  };
  // Every metric in the file is checked: none may go unported.
  std::set<std::string> seen;
  for (const auto& [name, value] : expected.items()) {
    ASSERT_TRUE(ours.count(name)) << "metric '" << name << "' has no port";
    EXPECT_NEAR(ours.at(name), value.get<double>(), kTolerance) << name << " on vector " << id;
    seen.insert(name);
  }
  EXPECT_EQ(seen.size(), ours.size());
}

INSTANTIATE_TEST_SUITE_P(Vectors, MirEvalBeatVectors, ::testing::Range(0, 10),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return absl::StrFormat("Vector%02d", info.param);
                         });

// mir_eval's tempo vectors: tempo/refNN.lab, estNN.lab -> outputNN.json.
class MirEvalTempoVectors : public ::testing::TestWithParam<int> {};

TEST_P(MirEvalTempoVectors, DetectionMatches) {
  SKIP_WITHOUT_VECTORS("tempo");
  const std::string id = absl::StrFormat("%02d", GetParam());
  const fs::path dir = VectorsDir() / "tempo";
  absl::StatusOr<MirexTempoLabel> ref = LoadMirexTempoLabel(dir / ("ref" + id + ".lab"));
  absl::StatusOr<MirexTempoLabel> est = LoadMirexTempoLabel(dir / ("est" + id + ".lab"));
  ASSERT_TRUE(ref.ok()) << ref.status();
  ASSERT_TRUE(est.ok()) << est.status();
  const nlohmann::json expected = ReadJson(dir / ("output" + id + ".json"));
  ASSERT_TRUE(expected.is_object());

  absl::StatusOr<MirexTempoScores> scores =
      MirexTempoDetection(ref->tempi_bpm, ref->weight, est->tempi_bpm);
  ASSERT_TRUE(scores.ok()) << scores.status();
  EXPECT_NEAR(scores->p_score, expected.at("P-score").get<double>(), kTolerance);
  EXPECT_EQ(scores->one_correct, expected.at("One-correct").get<bool>());
  EXPECT_EQ(scores->both_correct, expected.at("Both-correct").get<bool>());
}

INSTANTIATE_TEST_SUITE_P(Vectors, MirEvalTempoVectors, ::testing::Range(0, 4),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return absl::StrFormat("Vector%02d", info.param);
                         });

TEST(MirEvalTempoVectors, BadLabelsAreRejected) {
  SKIP_WITHOUT_VECTORS("tempo");
  // Two lines; a negative weight; a negative tempo.
  for (const char* name : {"bad00.lab", "bad01.lab", "bad02.lab"}) {
    absl::StatusOr<MirexTempoLabel> label = LoadMirexTempoLabel(VectorsDir() / "tempo" / name);
    EXPECT_EQ(label.status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
}

// ---------------------------------------------------------------------------
// Hand-made lists.

TEST(TrimBeats, DropsBeatsBeforeFiveSeconds) {
  EXPECT_EQ(TrimBeats(Arange(0, 10, 1)), Arange(5, 10, 1));
}

TEST(BeatMetrics, PerfectEstimateScoresOneOnEveryMetric) {
  // mir_eval's own "perfect" check: untrimmed 0..9 against itself.
  const std::vector<double> beats = Arange(0, 10, 1);
  EXPECT_DOUBLE_EQ(FMeasure(beats, beats), 1.0);
  EXPECT_DOUBLE_EQ(Cemgil(beats, beats).cemgil, 1.0);
  EXPECT_DOUBLE_EQ(Cemgil(beats, beats).best_metric_level, 1.0);
  EXPECT_DOUBLE_EQ(Goto(beats, beats), 1.0);
  EXPECT_DOUBLE_EQ(PScore(beats, beats), 1.0);
  const ContinuityScores c = Continuity(beats, beats);
  EXPECT_DOUBLE_EQ(c.cml_c, 1.0);
  EXPECT_DOUBLE_EQ(c.cml_t, 1.0);
  EXPECT_DOUBLE_EQ(c.aml_c, 1.0);
  EXPECT_DOUBLE_EQ(c.aml_t, 1.0);
  EXPECT_DOUBLE_EQ(InformationGain(beats, beats), 1.0);

  // And through EvaluateBeats on a realistic 120 BPM track.
  const std::vector<double> track = Arange(0.25, 30, 0.5);
  absl::StatusOr<BeatScores> s = EvaluateBeats(track, track);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_DOUBLE_EQ(s->f_measure, 1.0);
  EXPECT_DOUBLE_EQ(s->any_level_f_measure, 1.0);
  EXPECT_DOUBLE_EQ(s->p_score, 1.0);
  EXPECT_DOUBLE_EQ(s->cml_t, 1.0);
  EXPECT_DOUBLE_EQ(s->aml_t, 1.0);
  EXPECT_DOUBLE_EQ(s->information_gain, 1.0);
}

TEST(BeatMetrics, ShiftedBy100MsIsOutsideTheFMeasureWindow) {
  const std::vector<double> ref = Arange(5, 30, 0.5);
  std::vector<double> est = ref;
  for (double& t : est) t += 0.100;
  EXPECT_DOUBLE_EQ(FMeasure(ref, est), 0.0);
  EXPECT_DOUBLE_EQ(AnyLevelFMeasure(ref, est), 0.0);
  // 60 ms is inside the +/-70 ms window.
  for (double& t : est) t -= 0.040;
  EXPECT_DOUBLE_EQ(FMeasure(ref, est), 1.0);
}

TEST(BeatMetrics, DoubleTempoEstimateIsRightOnlyAtAnotherLevel) {
  const std::vector<double> ref = Arange(5, 30, 0.5);    // 120 BPM
  const std::vector<double> est = Arange(5, 30, 0.25);   // 240 BPM, same phase
  const ContinuityScores c = Continuity(ref, est);
  EXPECT_LT(c.cml_t, 0.1);
  EXPECT_LT(c.cml_c, 0.1);
  EXPECT_GT(c.aml_t, 0.95);
  EXPECT_GT(c.aml_c, 0.95);
  // Every reference beat is found but half the estimates are extra.
  EXPECT_NEAR(FMeasure(ref, est), 2.0 / 3.0, 0.01);
  // The interpolated double-tempo reference stops at the last beat, so the
  // final estimate has no partner.
  EXPECT_GT(AnyLevelFMeasure(ref, est), 0.99);
}

TEST(BeatMetrics, HalfTempoEstimateMatchesEitherPhaseAtAnyLevel) {
  const std::vector<double> ref = Arange(5, 30, 0.5);
  for (double phase : {0.0, 0.5}) {
    const std::vector<double> est = Arange(5 + phase, 30, 1.0);
    EXPECT_NEAR(FMeasure(ref, est), 2.0 / 3.0, 0.01) << phase;
    EXPECT_DOUBLE_EQ(AnyLevelFMeasure(ref, est), 1.0) << phase;
    EXPECT_GT(Continuity(ref, est).aml_t, 0.95) << phase;
  }
}

TEST(BeatMetrics, OffBeatEstimateIsNotAnAnyLevelFMeasureHit) {
  const std::vector<double> ref = Arange(5, 30, 0.5);
  const std::vector<double> est = Arange(5.25, 30, 0.5);
  EXPECT_DOUBLE_EQ(FMeasure(ref, est), 0.0);
  // Double tempo contains the off-beats, so any level finds them at 2/3.
  EXPECT_NEAR(AnyLevelFMeasure(ref, est), 2.0 / 3.0, 0.01);
  // The continuity metrics do accept the off-beat level.
  EXPECT_GT(Continuity(ref, est).aml_t, 0.95);
}

TEST(BeatMetrics, EmptyOrSingleBeatListsScoreZeroWithoutCrashing) {
  const std::vector<double> beats = Arange(5, 30, 0.5);
  const std::vector<double> none;
  const std::vector<double> one = {10.0};
  for (const auto* est : {&none, &one}) {
    for (const auto& [ref_list, est_list] :
         {std::pair{&beats, est}, std::pair{est, &beats}, std::pair{est, est}}) {
      absl::StatusOr<BeatScores> s = EvaluateBeats(*ref_list, *est_list);
      ASSERT_TRUE(s.ok()) << s.status();
      EXPECT_DOUBLE_EQ(s->p_score, 0.0);
      EXPECT_DOUBLE_EQ(s->cml_t, 0.0);
      EXPECT_DOUBLE_EQ(s->aml_t, 0.0);
      EXPECT_DOUBLE_EQ(s->information_gain, 0.0);
      if (est == &none) {
        EXPECT_DOUBLE_EQ(s->f_measure, 0.0);
        EXPECT_DOUBLE_EQ(s->any_level_f_measure, 0.0);
        EXPECT_DOUBLE_EQ(s->cemgil, 0.0);
        EXPECT_DOUBLE_EQ(s->goto_score, 0.0);
      }
    }
  }
}

TEST(BeatMetrics, EverythingBeforeFiveSecondsIsIgnored) {
  absl::StatusOr<BeatScores> s = EvaluateBeats(Arange(0.5, 4.9, 0.5), Arange(0.5, 4.9, 0.5));
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->f_measure, 0.0);
}

// mir_eval's unit tests for behaviour the vectors do not reach.
TEST(BeatMetrics, GotoAcceptsSeventyFivePercentCorrect) {
  std::vector<double> est = Arange(0, 80, 1);
  for (double t : Arange(80, 100, 1)) est.push_back(t + 0.2);
  EXPECT_DOUBLE_EQ(Goto(Arange(0, 100, 1), est), 1.0);
}

TEST(BeatMetrics, ContinuityEdgeCasesWithRepeatedBeats) {
  const ContinuityScores a = Continuity(std::vector<double>{6, 6}, std::vector<double>{6, 7});
  const ContinuityScores b = Continuity(std::vector<double>{6, 6}, std::vector<double>{6.5, 7});
  for (const ContinuityScores& c : {a, b}) {
    EXPECT_DOUBLE_EQ(c.cml_c, 0.0);
    EXPECT_DOUBLE_EQ(c.cml_t, 0.0);
    EXPECT_DOUBLE_EQ(c.aml_c, 0.0);
    EXPECT_DOUBLE_EQ(c.aml_t, 0.0);
  }
}

TEST(BeatMetrics, InvalidListsAreRejected) {
  EXPECT_EQ(EvaluateBeats(std::vector<double>{2, 1}, std::vector<double>{1, 2}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EvaluateBeats(std::vector<double>{1, 2}, std::vector<double>{1e10, 1e11})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EvaluateBeats(std::vector<double>{1, NAN}, std::vector<double>{1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------
// The matching behind the F-measure.

TEST(MatchEvents, FindsTheMaximumWhereNearestNeighbourPairingFails) {
  // The first estimate is nearest to the second reference; taking that pair
  // would leave the second estimate unmatched.
  const std::vector<double> ref = {1.00, 1.10};
  const std::vector<double> est = {1.06, 1.15};
  EXPECT_EQ(MatchEvents(ref, est, 0.07).size(), 2u);
  EXPECT_DOUBLE_EQ(FMeasure(ref, est), 1.0);
}

// Kuhn's augmenting paths, small and obviously right, to cross-check.
size_t BruteForceMatchingSize(const std::vector<double>& ref, const std::vector<double>& est,
                              double window) {
  std::vector<int> match_ref(ref.size(), -1);
  size_t size = 0;
  for (size_t j = 0; j < est.size(); ++j) {
    std::vector<bool> seen(ref.size(), false);
    std::function<bool(size_t)> augment = [&](size_t e) {
      for (size_t i = 0; i < ref.size(); ++i) {
        if (seen[i] || std::abs(ref[i] - est[e]) > window) continue;
        seen[i] = true;
        if (match_ref[i] < 0 || augment(match_ref[i])) {
          match_ref[i] = static_cast<int>(e);
          return true;
        }
      }
      return false;
    };
    if (augment(j)) ++size;
  }
  return size;
}

TEST(MatchEvents, AgreesWithBruteForceOnRandomLists) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> time(0.0, 3.0);
  std::uniform_int_distribution<int> count(0, 40);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<double> ref(count(rng)), est(count(rng));
    for (double& t : ref) t = time(rng);
    for (double& t : est) t = time(rng);
    const auto pairs = MatchEvents(ref, est, 0.07);
    ASSERT_EQ(pairs.size(), BruteForceMatchingSize(ref, est, 0.07)) << "trial " << trial;
    std::set<int> used_ref, used_est;
    for (const auto& [i, j] : pairs) {
      EXPECT_LE(std::abs(ref[i] - est[j]), 0.07);
      EXPECT_TRUE(used_ref.insert(i).second);
      EXPECT_TRUE(used_est.insert(j).second);
    }
  }
}

// ---------------------------------------------------------------------------
// Tempo.

TEST(TempoAccuracy, Acc1IsFourPercentOfTheReference) {
  EXPECT_TRUE(TempoAccuracy1(102.0, 100.0));
  EXPECT_TRUE(TempoAccuracy1(96.0, 100.0));
  EXPECT_FALSE(TempoAccuracy1(105.0, 100.0));
  EXPECT_FALSE(TempoAccuracy1(200.0, 100.0));
  EXPECT_FALSE(TempoAccuracy1(0.0, 100.0));
}

TEST(TempoAccuracy, Acc2ForgivesOctaveAndThirdErrors) {
  for (double est : {100.0, 200.0, 50.0, 300.0, 33.4, 207.0}) {
    EXPECT_TRUE(TempoAccuracy2(est, 100.0)) << est;
  }
  for (double est : {150.0, 66.7, 120.0, 0.0}) EXPECT_FALSE(TempoAccuracy2(est, 100.0)) << est;
}

TEST(MirexTempo, HitsAndInvalidInput) {
  absl::StatusOr<MirexTempoScores> s = MirexTempoDetection({60, 120}, 0.25, {120, 180});
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->p_score, 0.75);
  EXPECT_TRUE(s->one_correct);
  EXPECT_FALSE(s->both_correct);
  EXPECT_EQ(MirexTempoDetection({-1, 50}, 0.5, {120, 180}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MirexTempoDetection({60, 120}, 1.5, {120, 180}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MirexTempoDetection({60, 120}, 0.5, {120, 180}, -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe::bench
