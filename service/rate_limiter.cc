#include "service/rate_limiter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "service/error_reasons.h"

namespace beatframe::service {

RateLimiter::RateLimiter(int per_minute)
    : capacity_(std::max(per_minute, 0)), per_second_(std::max(per_minute, 0) / 60.0) {}

absl::Status RateLimiter::Take(const std::string& key, absl::Time now) {
  if (capacity_ <= 0.0) return absl::OkStatus();
  std::lock_guard<std::mutex> lock(mu_);
  if (++takes_since_prune_ >= 1024) PruneLocked(now);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{capacity_, now});
  Bucket& bucket = it->second;
  const double elapsed_s = std::max(0.0, absl::ToDoubleSeconds(now - bucket.updated));
  bucket.tokens = std::min(capacity_, bucket.tokens + elapsed_s * per_second_);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return absl::OkStatus();
  }
  const absl::Duration wait = absl::Seconds((1.0 - bucket.tokens) / per_second_);
  return WithRetryDelay(
      WithReason(absl::ResourceExhaustedError(absl::StrFormat(
                     "too many calls: at most %d a minute per token; retry in %.1f s",
                     static_cast<int>(capacity_), absl::ToDoubleSeconds(wait))),
                 kReasonRateLimited, {{"limit_per_minute", absl::StrCat(static_cast<int>(capacity_))}}),
      wait);
}

void RateLimiter::PruneLocked(absl::Time now) {
  takes_since_prune_ = 0;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double refilled = it->second.tokens + absl::ToDoubleSeconds(now - it->second.updated) * per_second_;
    it = refilled >= capacity_ ? buckets_.erase(it) : std::next(it);
  }
}

}  // namespace beatframe::service
