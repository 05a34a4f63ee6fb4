// Names the sections the segmenter found, by the heuristic documented in
// section_segmenter.h: cluster sections whose material repeats, then map the
// clusters to intro / verse / chorus / bridge / outro by position, repetition
// and loudness. Separate from the segmenter so the rules can be tested on
// hand-made summaries.
#pragma once

#include <string>
#include <vector>

namespace beatframe::audio_internal {

struct SectionSummary {
  double start_s = 0.0;
  double end_s = 0.0;
  std::vector<double> mean_feature;  // mean of the section's unit features
  double spread = 0.0;               // RMS distance of its units to that mean
  double level_db = -100.0;          // mean level
};

// Below this mean level a section is "silence".
inline constexpr double kSilenceLevelDb = -60.0;

// Cluster index per section (0, 1, 2... in order of first appearance).
std::vector<int> ClusterSections(const std::vector<SectionSummary>& sections);

// One label per section.
std::vector<std::string> LabelSections(const std::vector<SectionSummary>& sections);

}  // namespace beatframe::audio_internal
