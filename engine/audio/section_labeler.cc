#include "engine/audio/section_labeler.h"

#include <algorithm>
#include <cmath>

namespace beatframe::audio_internal {
namespace {

constexpr double kRepeatDistance = 0.5;

double Distance(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (size_t k = 0; k < a.size() && k < b.size(); ++k) sum += (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(sum);
}

bool IsSilent(const SectionSummary& section) { return section.level_db < kSilenceLevelDb; }

// Per cluster: how often it occurs, its mean level, and whether it is silence.
struct ClusterInfo {
  int count = 0;
  double level_sum_db = 0.0;
  bool silent = true;
  double level_db() const { return count > 0 ? level_sum_db / count : -100.0; }
};

}  // namespace

std::vector<int> ClusterSections(const std::vector<SectionSummary>& sections) {
  // Greedy, in order: a section joins the first cluster whose founding
  // section's mean lies within kRepeatDistance of its own, in units of the
  // two sections' combined spread. Two halves of one section score about
  // 0.1-0.2; a verse against its chorus several times that.
  std::vector<int> cluster(sections.size(), -1);
  std::vector<size_t> founders;
  for (size_t i = 0; i < sections.size(); ++i) {
    for (size_t c = 0; c < founders.size() && cluster[i] < 0; ++c) {
      const SectionSummary& founder = sections[founders[c]];
      if (IsSilent(founder) != IsSilent(sections[i])) continue;
      const double typical = std::sqrt(founder.spread * founder.spread + sections[i].spread * sections[i].spread);
      if (IsSilent(founder) || Distance(founder.mean_feature, sections[i].mean_feature) < kRepeatDistance * typical) {
        cluster[i] = static_cast<int>(c);
      }
    }
    if (cluster[i] < 0) {
      cluster[i] = static_cast<int>(founders.size());
      founders.push_back(i);
    }
  }
  return cluster;
}

std::vector<std::string> LabelSections(const std::vector<SectionSummary>& sections) {
  const size_t n = sections.size();
  std::vector<std::string> labels(n);
  if (n == 0) return labels;
  const std::vector<int> cluster = ClusterSections(sections);
  const int cluster_count = *std::max_element(cluster.begin(), cluster.end()) + 1;
  std::vector<ClusterInfo> info(cluster_count);
  for (size_t i = 0; i < n; ++i) {
    ClusterInfo& c = info[cluster[i]];
    ++c.count;
    c.level_sum_db += sections[i].level_db;
    c.silent = c.silent && IsSilent(sections[i]);
  }
  // The chorus: the loudest material that repeats, else the loudest at all;
  // none when there is only one kind of material.
  int sounding_clusters = 0;
  for (const ClusterInfo& c : info) sounding_clusters += c.silent ? 0 : 1;
  int chorus = -1;
  for (const int min_count : {2, 1}) {
    if (sounding_clusters < 2) break;
    for (int c = 0; c < cluster_count; ++c) {
      if (info[c].silent || info[c].count < min_count) continue;
      if (chorus < 0 || info[c].level_db() > info[chorus].level_db()) chorus = c;
    }
    if (chorus >= 0) break;
  }
  // Non-silent sections in order, to find the first and last.
  size_t first = n, last = n;
  for (size_t i = 0; i < n; ++i) {
    if (IsSilent(sections[i])) continue;
    if (first == n) first = i;
    last = i;
  }
  for (size_t i = 0; i < n; ++i) {
    const ClusterInfo& c = info[cluster[i]];
    const bool once = c.count == 1;
    if (c.silent) {
      labels[i] = "silence";
    } else if (cluster[i] == chorus) {
      labels[i] = "chorus";
    } else if (i == first && once && first != last) {
      labels[i] = "intro";
    } else if (i == last && once && first != last) {
      labels[i] = "outro";
    } else if (once && i != first) {
      labels[i] = "bridge";
    } else {
      labels[i] = "verse";
    }
  }
  return labels;
}

}  // namespace beatframe::audio_internal
