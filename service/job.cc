#include "service/job.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "service/proto_convert.h"

namespace beatframe::service {
namespace {

// Progress reaches 1 only in the final event of a successful job; the engine
// reports 1 before the service has hashed and recorded the output.
constexpr double kMaxRunningFraction = 0.999;

}  // namespace

Job::Job(JobSpec spec, absl::Duration progress_interval)
    : spec_(std::move(spec)), progress_interval_(progress_interval), last_event_time_(absl::Now()) {
  progress_.set_stage(v1::JOB_STAGE_QUEUED);
  progress_.set_eta_s(-1.0);
}

v1::JobEvent& Job::AppendLocked(absl::Time now) {
  v1::JobEvent& event = events_.emplace_back();
  event.set_job_id(spec_.job_id);
  event.set_sequence(static_cast<int64_t>(events_.size()));
  event.set_time_unix_ms(absl::ToUnixMillis(now));
  *event.mutable_progress() = progress_;
  last_event_time_ = now;
  return event;
}

void Job::NotifySubscribers() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    callbacks.reserve(subscribers_.size());
    for (const auto& [id, callback] : subscribers_) callbacks.push_back(callback);
  }
  // Outside the lock: a subscriber reads the log back through EventAt.
  for (const auto& callback : callbacks) callback();
}

void Job::Queued(int queue_position) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    progress_.set_queue_position(queue_position);
    AppendLocked(absl::Now()).set_stage_changed(v1::JOB_STAGE_QUEUED);
  }
  NotifySubscribers();
}

void Job::OnProgress(const RenderProgress& engine) {
  const absl::Time now = absl::Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    const v1::JobStage stage = StageToProto(engine.stage);
    // DONE belongs to the final event, which comes once the output is recorded.
    const bool stage_moved = stage != v1::JOB_STAGE_DONE && stage > progress_.stage();
    const double fraction = std::min(std::max(progress_.fraction(), engine.fraction), kMaxRunningFraction);
    const bool changed = fraction != progress_.fraction() || engine.frames_done != progress_.frames_done();
    if (stage_moved) progress_.set_stage(stage);
    progress_.set_fraction(fraction);
    progress_.set_frames_done(engine.frames_done);
    progress_.set_frames_total(engine.frames_total);
    progress_.set_eta_s(engine.eta_s);
    if (stage_moved) {
      AppendLocked(now).set_stage_changed(stage);
    } else if (changed && now - last_progressed_time_ >= progress_interval_) {
      // Throttled: the engine may report every frame; clients need a few a second.
      AppendLocked(now).set_progressed(true);
      last_progressed_time_ = now;
    } else {
      return;
    }
  }
  NotifySubscribers();
}

void Job::MaybeHeartbeat(absl::Duration interval) {
  const absl::Time now = absl::Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_ || now - last_event_time_ < interval) return;
    AppendLocked(now).set_heartbeat(true);
  }
  NotifySubscribers();
}

void Job::Succeed(const v1::RenderResult& result) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    finished_ = true;
    result_ = result;
    progress_.set_queue_position(0);
    progress_.set_stage(v1::JOB_STAGE_DONE);
    progress_.set_fraction(1.0);
    progress_.set_frames_done(progress_.frames_total());
    progress_.set_eta_s(0.0);
    *AppendLocked(absl::Now()).mutable_result() = result;
  }
  NotifySubscribers();
}

void Job::Fail(const absl::Status& status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    finished_ = true;
    final_status_ = status.ok() ? absl::InternalError("job ended without a result") : status;
    progress_.set_stage(final_status_.code() == absl::StatusCode::kCancelled ? v1::JOB_STAGE_CANCELLED
                                                                              : v1::JOB_STAGE_FAILED);
    progress_.set_eta_s(-1.0);
    progress_.set_queue_position(0);
    *AppendLocked(absl::Now()).mutable_error() = ErrorToProto(final_status_);
  }
  NotifySubscribers();
}

void Job::Cancel(CancelReason reason) {
  CancelReason none = CancelReason::kNone;
  cancel_reason_.compare_exchange_strong(none, reason);
  cancel_.store(true);
}

void Job::Interrupt() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_ || interrupted_) return;
    interrupted_ = true;
  }
  NotifySubscribers();
}

void Job::SetQueuePosition(int position) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_ || position == progress_.queue_position()) return;
    progress_.set_queue_position(position);
    if (position == 0) return;
    AppendLocked(absl::Now()).set_progressed(true);
  }
  NotifySubscribers();
}

Job::Poll Job::EventAt(size_t index, v1::JobEvent* event) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (index < events_.size()) {
    *event = events_[index];
    return Poll::kEvent;
  }
  if (finished_) return Poll::kEnd;
  return interrupted_ ? Poll::kInterrupted : Poll::kWait;
}

size_t Job::Snapshot(v1::JobEvent* event) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_ && !events_.empty()) {
    *event = events_.back();
    return events_.size();
  }
  event->Clear();
  event->set_job_id(spec_.job_id);
  event->set_sequence(static_cast<int64_t>(events_.size()));
  event->set_time_unix_ms(absl::ToUnixMillis(absl::Now()));
  *event->mutable_progress() = progress_;
  event->set_stage_changed(progress_.stage());
  return events_.size();
}

absl::Status Job::final_status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return final_status_;
}

bool Job::finished() const {
  std::lock_guard<std::mutex> lock(mu_);
  return finished_;
}

bool Job::interrupted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return interrupted_;
}

v1::JobStatus Job::Status() const {
  std::lock_guard<std::mutex> lock(mu_);
  v1::JobStatus status;
  status.set_job_id(spec_.job_id);
  *status.mutable_progress() = progress_;
  if (finished_ && final_status_.ok()) *status.mutable_result() = result_;
  if (finished_ && !final_status_.ok()) *status.mutable_error() = ErrorToProto(final_status_);
  return status;
}

int Job::Subscribe(std::function<void()> on_event) {
  std::lock_guard<std::mutex> lock(mu_);
  const int id = next_subscriber_id_++;
  subscribers_.emplace(id, std::move(on_event));
  return id;
}

void Job::Unsubscribe(int id) {
  std::lock_guard<std::mutex> lock(mu_);
  subscribers_.erase(id);
}

}  // namespace beatframe::service
