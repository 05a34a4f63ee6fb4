// What rendering costs. One rule, used when a job is started (the credits it
// holds, from the track's length) and when it succeeds (the charge, from the
// video's actual length, never more than was held).
#pragma once

#include <cmath>
#include <cstdint>

namespace beatframe::service {

// Seconds of output video one credit pays for.
inline constexpr double kSecondsPerCredit = 10.0;

// 1 credit per started 10 s of output: 0.5 s → 1, 10 s → 1, 10.1 s → 2,
// 180 s → 18. Never less than 1: every render costs something.
inline int64_t CreditsForDuration(double seconds) {
  if (!(seconds > 0.0)) return 1;
  // A hair of slack so 20.000001 s from a container's rounding costs 2, not 3.
  const double units = std::ceil(seconds / kSecondsPerCredit - 1e-6);
  return units < 1.0 ? 1 : static_cast<int64_t>(units);
}

}  // namespace beatframe::service
