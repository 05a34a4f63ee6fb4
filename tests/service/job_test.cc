// Job's event log on its own (no server, no render): sequence numbers, stage
// order, progress throttling, the fraction rule, heartbeats and the final event.
#include "service/job.h"

#include <thread>

#include "gtest/gtest.h"

namespace beatframe::service {
namespace {

std::vector<v1::JobEvent> AllEvents(const Job& job) {
  std::vector<v1::JobEvent> events;
  v1::JobEvent event;
  while (job.EventAt(events.size(), &event) == Job::Poll::kEvent) events.push_back(event);
  return events;
}

RenderProgress Progress(RenderStage stage, double fraction, int64_t frames_done = 0) {
  RenderProgress progress;
  progress.stage = stage;
  progress.fraction = fraction;
  progress.frames_done = frames_done;
  progress.frames_total = 100;
  return progress;
}

TEST(JobTest, LogsStagesInOrderAndThrottlesProgress) {
  Job job(JobSpec{"job1"}, absl::Hours(1));
  job.Queued();
  job.OnProgress(Progress(RenderStage::kDecoding, 0.01));
  job.OnProgress(Progress(RenderStage::kRendering, 0.2, 1));
  job.OnProgress(Progress(RenderStage::kRendering, 0.3, 2));   // throttled: no event
  job.OnProgress(Progress(RenderStage::kDecoding, 0.1, 3));    // stale stage and fraction: ignored
  job.OnProgress(Progress(RenderStage::kDone, 1.0, 100));      // DONE waits for Succeed
  const auto events = AllEvents(job);
  ASSERT_EQ(events.size(), 4u);  // QUEUED, DECODING, RENDERING, one progressed
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(i) + 1);
    EXPECT_EQ(events[i].job_id(), "job1");
  }
  EXPECT_EQ(events[0].stage_changed(), v1::JOB_STAGE_QUEUED);
  EXPECT_EQ(events[1].stage_changed(), v1::JOB_STAGE_DECODING);
  EXPECT_EQ(events[2].stage_changed(), v1::JOB_STAGE_RENDERING);
  EXPECT_TRUE(events[3].progressed());
  EXPECT_EQ(events[3].progress().fraction(), 0.3);  // first progress event is never throttled
  const v1::JobStatus status = job.Status();
  EXPECT_EQ(status.progress().stage(), v1::JOB_STAGE_RENDERING);
  EXPECT_LT(status.progress().fraction(), 1.0);
  EXPECT_EQ(status.outcome_case(), v1::JobStatus::OUTCOME_NOT_SET);
  v1::JobEvent event;
  EXPECT_EQ(job.EventAt(events.size(), &event), Job::Poll::kWait);
}

TEST(JobTest, SucceedIsTheFinalEventWithFractionOne) {
  Job job(JobSpec{"job2"}, absl::ZeroDuration());
  int notified = 0;
  const int id = job.Subscribe([&] { ++notified; });
  job.Queued();
  job.OnProgress(Progress(RenderStage::kEncoding, 0.9));
  v1::RenderResult result;
  result.set_output_id("out");
  job.Succeed(result);
  job.Fail(absl::InternalError("late"));  // ignored: the job already ended
  job.Unsubscribe(id);
  job.MaybeHeartbeat(absl::ZeroDuration());  // ended jobs are silent
  const auto events = AllEvents(job);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(notified, 3);
  EXPECT_EQ(events.back().result().output_id(), "out");
  EXPECT_EQ(events.back().progress().stage(), v1::JOB_STAGE_DONE);
  EXPECT_EQ(events.back().progress().fraction(), 1.0);
  v1::JobEvent event;
  EXPECT_EQ(job.EventAt(events.size(), &event), Job::Poll::kEnd);
  EXPECT_TRUE(job.final_status().ok());
  EXPECT_EQ(job.Status().result().output_id(), "out");
}

TEST(JobTest, FailCarriesTheCodeAndMessage) {
  Job job(JobSpec{"job3"}, absl::ZeroDuration());
  job.Queued();
  job.Fail(absl::InvalidArgumentError("no audio"));
  const auto events = AllEvents(job);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].error().code(), 3);
  EXPECT_EQ(events[1].error().message(), "no audio");
  EXPECT_EQ(events[1].progress().stage(), v1::JOB_STAGE_FAILED);
  EXPECT_EQ(job.final_status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(job.Status().error().code(), 3);
}

TEST(JobTest, HeartbeatOnlyAfterSilence) {
  Job job(JobSpec{"job4"}, absl::ZeroDuration());
  job.Queued();
  job.MaybeHeartbeat(absl::Seconds(10));
  EXPECT_EQ(AllEvents(job).size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  job.MaybeHeartbeat(absl::Milliseconds(20));
  const auto events = AllEvents(job);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[1].heartbeat());
  EXPECT_EQ(events[1].progress().stage(), v1::JOB_STAGE_QUEUED);
}

}  // namespace
}  // namespace beatframe::service
