#include "service/job_stream_reactor.h"

#include "service/status_mapping.h"

namespace beatframe::service {

std::shared_ptr<JobStreamReactor> JobStreamReactor::Create() {
  std::shared_ptr<JobStreamReactor> reactor(new JobStreamReactor());
  reactor->self_ = reactor;
  return reactor;
}

grpc::ServerWriteReactor<v1::JobEvent>* JobStreamReactor::Follow(std::shared_ptr<Job> job, size_t from,
                                                                 std::optional<v1::JobEvent> first) {
  std::shared_ptr<JobStreamReactor> reactor = Create();
  std::lock_guard<std::mutex> lock(reactor->mu_);
  reactor->job_ = std::move(job);
  reactor->next_index_ = from;
  reactor->first_ = std::move(first);
  // Weak: a job that outlives the stream must not keep a finished reactor alive.
  std::weak_ptr<JobStreamReactor> weak = reactor;
  reactor->subscription_ = reactor->job_->Subscribe([weak] {
    if (auto self = weak.lock()) self->OnJobEvent();
  });
  // Events logged before Subscribe (at least QUEUED) are picked up here.
  reactor->WriteNextLocked();
  return reactor.get();
}

grpc::ServerWriteReactor<v1::JobEvent>* JobStreamReactor::Single(v1::JobEvent event, const grpc::Status& status) {
  std::shared_ptr<JobStreamReactor> reactor = Create();
  std::lock_guard<std::mutex> lock(reactor->mu_);
  reactor->first_ = std::move(event);
  reactor->end_status_ = status;
  reactor->WriteNextLocked();
  return reactor.get();
}

grpc::ServerWriteReactor<v1::JobEvent>* JobStreamReactor::Fail(const grpc::Status& status) {
  std::shared_ptr<JobStreamReactor> reactor = Create();
  std::lock_guard<std::mutex> lock(reactor->mu_);
  reactor->FinishLocked(status);
  return reactor.get();
}

void JobStreamReactor::OnJobEvent() {
  std::lock_guard<std::mutex> lock(mu_);
  WriteNextLocked();
}

void JobStreamReactor::WriteNextLocked() {
  if (done_ || finish_called_ || write_in_flight_) return;
  if (client_gone_) {
    // Client cancelled: stop writing, keep the job.
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream; the job goes on"));
    return;
  }
  if (first_.has_value()) {
    event_ = *std::move(first_);
    first_.reset();
    write_in_flight_ = true;
    StartWrite(&event_);
    return;
  }
  if (job_ == nullptr) {
    FinishLocked(end_status_);
    return;
  }
  switch (job_->EventAt(next_index_, &event_)) {
    case Job::Poll::kEvent:
      ++next_index_;
      write_in_flight_ = true;
      StartWrite(&event_);
      break;
    case Job::Poll::kEnd:
      // Every event is written, the last being the result or the error.
      FinishLocked(ToGrpcStatus(job_->final_status()));
      break;
    case Job::Poll::kInterrupted:
      FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                "the server is shutting down; the job will resume when it restarts: "
                                "follow it with WatchJob"));
      break;
    case Job::Poll::kWait:
      break;
  }
}

void JobStreamReactor::FinishLocked(const grpc::Status& status) {
  finish_called_ = true;
  Finish(status);
}

void JobStreamReactor::OnWriteDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  write_in_flight_ = false;
  if (!ok) client_gone_ = true;
  WriteNextLocked();
}

void JobStreamReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  client_gone_ = true;
  // With a write in flight, OnWriteDone(false) follows and finishes the call.
  WriteNextLocked();
}

void JobStreamReactor::OnDone() {
  std::shared_ptr<JobStreamReactor> keep_alive_until_return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    keep_alive_until_return = std::move(self_);
  }
  if (job_ != nullptr) job_->Unsubscribe(subscription_);
  // `this` is deleted here unless a job callback still holds a reference; that
  // callback sees done_ and returns without touching gRPC.
}

}  // namespace beatframe::service
