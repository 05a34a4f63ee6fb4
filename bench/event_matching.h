// Maximum one-to-one matching of reference and estimated event times within a
// tolerance window (mir_eval.util.match_events). The F-measure counts these
// pairs; a greedy nearest-neighbour pairing can undercount them.
#pragma once

#include <span>
#include <utility>
#include <vector>

namespace beatframe::bench {

// Largest set of pairs (ref index, est index) with |ref[i] - est[j]| <=
// window_s, each index used at most once; sorted by ref index. Inputs need
// not be sorted. Hopcroft-Karp: O(E sqrt(V)), no recursion, so any length is
// safe.
std::vector<std::pair<int, int>> MatchEvents(std::span<const double> reference,
                                             std::span<const double> estimated,
                                             double window);

}  // namespace beatframe::bench
