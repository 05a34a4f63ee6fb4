#include "bench/event_matching.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <numeric>

namespace beatframe::bench {
namespace {

constexpr int kUnmatched = -1;
constexpr int kInfinity = std::numeric_limits<int>::max();

// Hopcroft-Karp on a bipartite graph whose left side is the estimates and
// right side the references (the orientation mir_eval uses).
class HopcroftKarp {
 public:
  HopcroftKarp(std::vector<std::vector<int>> adjacency, int right_count)
      : adjacency_(std::move(adjacency)),
        match_left_(adjacency_.size(), kUnmatched),
        match_right_(right_count, kUnmatched),
        layer_(adjacency_.size(), kInfinity),
        next_edge_(adjacency_.size(), 0) {}

  // Returns match_right: for each right vertex its left partner or -1.
  std::vector<int> Run() {
    // Greedy start, as mir_eval does: most vertices match on the first pass.
    for (size_t u = 0; u < adjacency_.size(); ++u) {
      for (int v : adjacency_[u]) {
        if (match_right_[v] == kUnmatched) {
          match_right_[v] = static_cast<int>(u);
          match_left_[u] = v;
          break;
        }
      }
    }
    while (BuildLayers()) {
      std::fill(next_edge_.begin(), next_edge_.end(), 0);
      for (size_t u = 0; u < adjacency_.size(); ++u) {
        if (match_left_[u] == kUnmatched) Augment(static_cast<int>(u));
      }
    }
    return match_right_;
  }

 private:
  // BFS from every free left vertex; true if some free right vertex is
  // reachable along alternating paths.
  bool BuildLayers() {
    std::deque<int> queue;
    for (size_t u = 0; u < adjacency_.size(); ++u) {
      if (match_left_[u] == kUnmatched) {
        layer_[u] = 0;
        queue.push_back(static_cast<int>(u));
      } else {
        layer_[u] = kInfinity;
      }
    }
    bool found_free = false;
    while (!queue.empty()) {
      const int u = queue.front();
      queue.pop_front();
      for (int v : adjacency_[u]) {
        const int w = match_right_[v];
        if (w == kUnmatched) {
          found_free = true;
        } else if (layer_[w] == kInfinity) {
          layer_[w] = layer_[u] + 1;
          queue.push_back(w);
        }
      }
    }
    return found_free;
  }

  // Iterative DFS along the layers from free left vertex `root`; flips the
  // path if it reaches a free right vertex. An explicit stack, because paths
  // can be as long as the beat list.
  bool Augment(int root) {
    std::vector<int> path = {root};
    while (!path.empty()) {
      const int u = path.back();
      if (next_edge_[u] == adjacency_[u].size()) {
        layer_[u] = kInfinity;  // dead end for the rest of this phase
        path.pop_back();
        if (!path.empty()) ++next_edge_[path.back()];
        continue;
      }
      const int v = adjacency_[u][next_edge_[u]];
      const int w = match_right_[v];
      if (w == kUnmatched) {
        for (int x : path) {
          const int x_v = adjacency_[x][next_edge_[x]];
          match_right_[x_v] = x;
          match_left_[x] = x_v;
        }
        return true;
      }
      if (layer_[w] == layer_[u] + 1) {
        path.push_back(w);
      } else {
        ++next_edge_[u];
      }
    }
    return false;
  }

  std::vector<std::vector<int>> adjacency_;
  std::vector<int> match_left_;
  std::vector<int> match_right_;
  std::vector<int> layer_;
  std::vector<size_t> next_edge_;
};

}  // namespace

std::vector<std::pair<int, int>> MatchEvents(std::span<const double> reference,
                                             std::span<const double> estimated,
                                             double window) {
  // Candidate pairs by binary search over the sorted references (mir_eval's
  // _fast_hit_windows), so building the graph is O((n + m) log n + E).
  std::vector<int> ref_order(reference.size());
  std::iota(ref_order.begin(), ref_order.end(), 0);
  std::stable_sort(ref_order.begin(), ref_order.end(),
                   [&](int a, int b) { return reference[a] < reference[b]; });
  std::vector<double> ref_sorted(reference.size());
  for (size_t i = 0; i < ref_order.size(); ++i) ref_sorted[i] = reference[ref_order[i]];

  std::vector<std::vector<int>> adjacency(estimated.size());
  for (size_t j = 0; j < estimated.size(); ++j) {
    const auto first = std::lower_bound(ref_sorted.begin(), ref_sorted.end(),
                                        estimated[j] - window);
    const auto last = std::upper_bound(ref_sorted.begin(), ref_sorted.end(),
                                       estimated[j] + window);
    for (auto it = first; it < last; ++it) {
      adjacency[j].push_back(ref_order[it - ref_sorted.begin()]);
    }
  }

  const std::vector<int> match_right =
      HopcroftKarp(std::move(adjacency), static_cast<int>(reference.size())).Run();
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < match_right.size(); ++i) {
    if (match_right[i] != kUnmatched) pairs.emplace_back(static_cast<int>(i), match_right[i]);
  }
  return pairs;
}

}  // namespace beatframe::bench
