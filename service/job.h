// One render job as the service sees it: its latest progress, the log of
// JobEvents it has produced (sequence numbers from 1, shared by every
// subscriber) and the people listening. The JobManager drives it; Generate
// streams read its log; GetJob reads its status. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "beatframe/v1/beatframe.pb.h"
#include "engine/pipeline/render_job.h"
#include "engine/timeline/caption.h"

namespace beatframe::service {

// What to render and where; fixed when the job is created.
struct JobSpec {
  std::string job_id;
  std::string session_id;
  std::string asset_id;
  std::string output_id;
  std::string input_path;
  std::string output_path;
  std::string prompt;
  std::string aspect;  // engine aspect string, "" for prompt/default
  std::string title;   // "" keeps the prompt's or the tags'
  std::vector<Caption> captions;
  std::string lyrics_path;  // a stored .lrc/.srt asset, "" for none
  // The contact sheet's output id and PNG path; both "" when none was asked for.
  std::string contact_sheet_id;
  std::string contact_sheet_path;
};

class Job {
 public:
  // `progress_interval` is the least time between two `progressed` events.
  Job(JobSpec spec, absl::Duration progress_interval);
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  const JobSpec& spec() const { return spec_; }
  const std::string& id() const { return spec_.job_id; }

  // The flag RunRenderJob polls; set by Cancel().
  const std::atomic<bool>* cancel_flag() const { return &cancel_; }
  void Cancel() { cancel_.store(true); }
  bool cancelled() const { return cancel_.load(); }

  // Driving the job (JobManager only). Each may append one event and then
  // notifies subscribers on the calling thread, outside the job's lock.
  void Queued();                                   // stage_changed QUEUED, the first event
  void OnProgress(const RenderProgress& progress);  // stage_changed or throttled progressed
  void MaybeHeartbeat(absl::Duration interval);    // heartbeat if `interval` passed quietly
  void Succeed(const v1::RenderResult& result);    // final event; fraction becomes 1
  void Fail(const absl::Status& status);           // final event with the error

  // Reading the log. kEvent fills `event` with the event at 0-based `index`;
  // kWait means it does not exist yet; kEnd means the job has finished and
  // every event has been read. One atomic look, so a reader cannot miss the
  // final event.
  enum class Poll { kEvent, kWait, kEnd };
  Poll EventAt(size_t index, v1::JobEvent* event) const;

  // OK for a successful job, the error for a failed one; OK while running.
  absl::Status final_status() const;
  bool finished() const;
  // Latest progress plus the outcome once finished.
  v1::JobStatus Status() const;

  // `on_event` runs (on the job's or the heartbeat thread) after every new
  // event. It may run once more after Unsubscribe returns; it must hold only
  // weak references to its owner. Returns an id for Unsubscribe.
  int Subscribe(std::function<void()> on_event);
  void Unsubscribe(int id);

 private:
  // Appends an event carrying the current progress; requires mu_.
  v1::JobEvent& AppendLocked(absl::Time now);
  void NotifySubscribers();

  const JobSpec spec_;
  const absl::Duration progress_interval_;
  std::atomic<bool> cancel_{false};

  mutable std::mutex mu_;
  v1::JobProgress progress_;            // guarded by mu_
  std::vector<v1::JobEvent> events_;    // guarded by mu_
  bool finished_ = false;               // guarded by mu_
  absl::Status final_status_;           // guarded by mu_
  v1::RenderResult result_;             // guarded by mu_; valid when finished_ and ok
  absl::Time last_event_time_;          // guarded by mu_
  absl::Time last_progressed_time_ = absl::InfinitePast();  // guarded by mu_
  std::map<int, std::function<void()>> subscribers_;       // guarded by mu_
  int next_subscriber_id_ = 1;          // guarded by mu_
};

}  // namespace beatframe::service
