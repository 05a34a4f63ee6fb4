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
  std::string resolution;  // "1080p", "720p", "" for prompt/default
  std::string title;   // "" keeps the prompt's or the tags'
  std::vector<Caption> captions;
  std::string lyrics_path;  // a stored .lrc/.srt asset, "" for none
  std::vector<std::string> media_paths;  // stored image and clip assets for the montage, in order
  // The contact sheet's output id and PNG path; both "" when none was asked for.
  std::string contact_sheet_id;
  std::string contact_sheet_path;
  // Draft renders (Send, RenderDraft): RenderRequest's draft-edit fields
  // (engine/pipeline/render_job.h), same meanings and defaults, so a Generate
  // job leaves them as they are. Captions and the title range in output time.
  struct DraftEdits {
    double start_s = 0.0;
    double end_s = -1.0;
    double fade_in_s = 0.0;
    double fade_out_s = 0.0;
    double music_volume = 1.0;
    std::string background_music_path;  // a stored audio asset, "" for none
    double background_volume = 0.3;
    double title_start_s = 0.0;
    double title_duration_s = -1.0;
    std::string style;
    std::string palette;
    double intensity = 0.0;
  };
  DraftEdits edits;
  // Credits held while the job is queued or running (credits.h); a success
  // is charged at most this. Every field is stored (job_spec_codec.h) so that
  // a restarted server can resume the job: add new fields there too.
  int64_t credits = 0;
};

class Job {
 public:
  // `progress_interval` is the least time between two `progressed` events.
  Job(JobSpec spec, absl::Duration progress_interval);
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  const JobSpec& spec() const { return spec_; }
  const std::string& id() const { return spec_.job_id; }

  // Why a job is stopped: CancelJob ends it CANCELLED; a server shutdown only
  // interrupts it (it stays queued in the database and resumes on restart).
  enum class CancelReason { kNone, kUser, kShutdown };

  // The flag RunRenderJob polls; set by Cancel(). The first reason given wins.
  const std::atomic<bool>* cancel_flag() const { return &cancel_; }
  void Cancel(CancelReason reason);
  bool cancelled() const { return cancel_.load(); }
  CancelReason cancel_reason() const { return cancel_reason_.load(); }

  // Driving the job (JobManager only). Each may append one event and then
  // notifies subscribers on the calling thread, outside the job's lock.
  void Queued(int queue_position = 0);             // stage_changed QUEUED, the first event
  void OnProgress(const RenderProgress& progress);  // stage_changed or throttled progressed
  void MaybeHeartbeat(absl::Duration interval);    // heartbeat if `interval` passed quietly
  void Succeed(const v1::RenderResult& result);    // final event; fraction becomes 1
  void Fail(const absl::Status& status);           // final event with the error; stage CANCELLED for
                                                   // a CANCELLED status, else FAILED
  // Ends the log without a final event: the server is stopping and the job
  // will run again after a restart. Readers then see kInterrupted.
  void Interrupt();
  // While queued: the place in the wait queue (1 = next); a change appends a
  // `progressed` event. 0 when the job leaves the queue (no event).
  void SetQueuePosition(int position);

  // Reading the log. kEvent fills `event` with the event at 0-based `index`;
  // kWait means it does not exist yet; kEnd means the job has finished and
  // every event has been read. One atomic look, so a reader cannot miss the
  // final event.
  // kInterrupted: every event is read and the job was interrupted (Interrupt).
  enum class Poll { kEvent, kWait, kEnd, kInterrupted };
  Poll EventAt(size_t index, v1::JobEvent* event) const;

  // For re-attaching (WatchJob): fills `event` with the job's current state,
  // the final event itself once it has ended, else a stage_changed event
  // restating the current stage with the latest sequence number. Returns the
  // index of the first event to read after it with EventAt.
  size_t Snapshot(v1::JobEvent* event) const;

  // OK for a successful job, the error for a failed one; OK while running.
  absl::Status final_status() const;
  bool finished() const;
  bool interrupted() const;
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
  std::atomic<CancelReason> cancel_reason_{CancelReason::kNone};

  mutable std::mutex mu_;
  v1::JobProgress progress_;            // guarded by mu_
  std::vector<v1::JobEvent> events_;    // guarded by mu_
  bool finished_ = false;               // guarded by mu_
  bool interrupted_ = false;            // guarded by mu_
  absl::Status final_status_;           // guarded by mu_
  v1::RenderResult result_;             // guarded by mu_; valid when finished_ and ok
  absl::Time last_event_time_;          // guarded by mu_
  absl::Time last_progressed_time_ = absl::InfinitePast();  // guarded by mu_
  std::map<int, std::function<void()>> subscribers_;       // guarded by mu_
  int next_subscriber_id_ = 1;          // guarded by mu_
};

}  // namespace beatframe::service
