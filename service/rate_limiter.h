// A token bucket per key (a token's hash, or a peer address for CreateToken):
// each key may make `per_minute` calls in a burst and then one every
// 60/per_minute seconds. Time is passed in, so tests need no sleeping.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace beatframe::service {

class RateLimiter {
 public:
  // `per_minute` <= 0 means no limit.
  explicit RateLimiter(int per_minute);

  // Takes one call from `key`'s bucket at time `now`: OK, or
  // RESOURCE_EXHAUSTED with reason RATE_LIMITED and a RetryInfo delay (the
  // time until the next call is allowed).
  absl::Status Take(const std::string& key, absl::Time now);

 private:
  struct Bucket {
    double tokens = 0.0;
    absl::Time updated;
  };
  // Drops buckets that have refilled completely: they are the same as new ones.
  void PruneLocked(absl::Time now);

  const double capacity_;
  const double per_second_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;  // guarded by mu_
  int64_t takes_since_prune_ = 0;          // guarded by mu_
};

}  // namespace beatframe::service
