#include "service/job_stream_reactor.h"

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
  reactor->first_ = std::move(first);
  // Weak: a job that outlives the stream must not keep a finished reactor alive.
  std::weak_ptr<JobStreamReactor> weak = reactor;
  reactor->stream_ = std::make_unique<JobEventStream>(std::move(job), from, [weak] {
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
    FinishLocked(JobEventStream::ClientGoneStatus());
    return;
  }
  if (first_.has_value()) {
    event_ = *std::move(first_);
    first_.reset();
    write_in_flight_ = true;
    StartWrite(&event_);
    return;
  }
  if (stream_ == nullptr) {
    FinishLocked(end_status_);
    return;
  }
  grpc::Status end;
  const JobEventStream::Next next = stream_->Read(&event_, &end);
  if (next == JobEventStream::Next::kEvent) {
    write_in_flight_ = true;
    StartWrite(&event_);
  } else if (next == JobEventStream::Next::kEnd) {
    FinishLocked(end);
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
  std::unique_ptr<JobEventStream> stream;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    keep_alive_until_return = std::move(self_);
    stream = std::move(stream_);
  }
  // `stream` unsubscribes from the job here, outside mu_; then `this` is
  // deleted unless a job callback still holds a reference; that callback sees
  // done_ and returns without touching gRPC.
}

}  // namespace beatframe::service
