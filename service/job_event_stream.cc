#include "service/job_event_stream.h"

#include "service/status_mapping.h"

namespace beatframe::service {

JobEventStream::JobEventStream(std::shared_ptr<Job> job, size_t from, std::function<void()> on_event)
    : job_(std::move(job)), subscription_(job_->Subscribe(std::move(on_event))), next_index_(from) {}

JobEventStream::~JobEventStream() { job_->Unsubscribe(subscription_); }

JobEventStream::Next JobEventStream::Read(v1::JobEvent* event, grpc::Status* end) {
  switch (job_->EventAt(next_index_, event)) {
    case Job::Poll::kEvent:
      ++next_index_;
      return Next::kEvent;
    case Job::Poll::kEnd:
      // Every event is read, the last being the result or the error.
      *end = ToGrpcStatus(job_->final_status());
      return Next::kEnd;
    case Job::Poll::kInterrupted:
      *end = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the server is shutting down; the job will resume when it restarts: "
                          "follow it with WatchJob");
      return Next::kEnd;
    case Job::Poll::kWait:
      break;
  }
  return Next::kWait;
}

grpc::Status JobEventStream::ClientGoneStatus() {
  return grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream; the job goes on");
}

}  // namespace beatframe::service
