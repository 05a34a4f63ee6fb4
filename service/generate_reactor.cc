#include "service/generate_reactor.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/timeline/user_text.h"
#include "service/id_generator.h"
#include "service/proto_convert.h"
#include "service/status_mapping.h"

namespace beatframe::service {

namespace {

// The request's title, captions and lyrics asset, checked now so a bad one
// fails the call rather than the job.
absl::Status AddTextToSpec(Storage& storage, const v1::GenerateRequest& request, JobSpec& spec) {
  if (request.title().size() > kMaxUserTitleBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the title is ", request.title().size(), " bytes; at most ", kMaxUserTitleBytes, " fit"));
  }
  spec.title = request.title();
  BF_ASSIGN_OR_RETURN(spec.captions, CaptionsFromProto(request.captions()));
  if (!request.lyrics_asset_id().empty()) {
    BF_ASSIGN_OR_RETURN(const AssetRecord lyrics, storage.GetAsset(request.session_id(), request.lyrics_asset_id()));
    if (!IsLyricsFormat(lyrics.format)) {
      return absl::InvalidArgumentError(absl::StrCat("lyrics_asset_id '", lyrics.asset_id, "' ('", lyrics.file_name,
                                                     "') is not a lyrics file; upload a .lrc or .srt file"));
    }
    spec.lyrics_path = lyrics.path;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<JobSpec> BuildJobSpec(Storage& storage, const v1::GenerateRequest& request) {
  BF_RETURN_IF_ERROR(storage.CheckSession(request.session_id()));
  if (request.asset_ids().empty()) {
    return absl::InvalidArgumentError("Generate needs at least one audio asset; upload a track with UploadMedia");
  }
  BF_ASSIGN_OR_RETURN(const std::string aspect, AspectToEngine(request.aspect()));
  // Every named asset must exist; the first audio one is the soundtrack.
  std::string soundtrack_id;
  std::string soundtrack_path;
  for (const std::string& asset_id : request.asset_ids()) {
    BF_ASSIGN_OR_RETURN(const AssetRecord asset, storage.GetAsset(request.session_id(), asset_id));
    if (soundtrack_path.empty() && !IsLyricsFormat(asset.format)) {
      soundtrack_id = asset.asset_id;
      soundtrack_path = asset.path;
    }
  }
  if (soundtrack_path.empty()) {
    return absl::InvalidArgumentError("Generate needs an audio asset, not only lyrics; upload a track with UploadMedia");
  }
  JobSpec spec;
  spec.job_id = NewRandomId();
  spec.session_id = request.session_id();
  spec.asset_id = soundtrack_id;
  spec.output_id = NewRandomId();
  spec.input_path = soundtrack_path;
  spec.output_path = storage.OutputPath(spec.session_id, spec.output_id);
  if (request.contact_sheet()) {
    // A second output beside the MP4, downloadable like it.
    spec.contact_sheet_id = NewRandomId();
    spec.contact_sheet_path =
        std::filesystem::path(storage.OutputPath(spec.session_id, spec.contact_sheet_id)).replace_extension(".png").string();
  }
  spec.prompt = request.prompt();
  spec.aspect = aspect;
  BF_RETURN_IF_ERROR(AddTextToSpec(storage, request, spec));
  return spec;
}

grpc::ServerWriteReactor<v1::JobEvent>* GenerateReactor::Start(Storage& storage, JobManager& jobs,
                                                               const v1::GenerateRequest& request) {
  std::shared_ptr<GenerateReactor> reactor(new GenerateReactor());
  std::lock_guard<std::mutex> lock(reactor->mu_);
  reactor->self_ = reactor;
  absl::StatusOr<JobSpec> spec = BuildJobSpec(storage, request);
  absl::StatusOr<std::shared_ptr<Job>> job = spec.ok() ? jobs.Start(*std::move(spec)) : spec.status();
  if (!job.ok()) {
    reactor->FinishLocked(ToGrpcStatus(job.status()));
    return reactor.get();
  }
  reactor->job_ = *std::move(job);
  // Weak: a job that outlives the stream must not keep a finished reactor alive.
  std::weak_ptr<GenerateReactor> weak = reactor;
  reactor->subscription_ = reactor->job_->Subscribe([weak] {
    if (auto self = weak.lock()) self->OnJobEvent();
  });
  // Events logged before Subscribe (at least QUEUED) are picked up here.
  reactor->WriteNextLocked();
  return reactor.get();
}

void GenerateReactor::OnJobEvent() {
  std::lock_guard<std::mutex> lock(mu_);
  WriteNextLocked();
}

void GenerateReactor::WriteNextLocked() {
  if (done_ || finish_called_ || write_in_flight_) return;
  if (client_gone_) {
    // Client cancelled: stop writing, keep the job.
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream; the job goes on"));
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
    case Job::Poll::kWait:
      break;
  }
}

void GenerateReactor::FinishLocked(const grpc::Status& status) {
  finish_called_ = true;
  Finish(status);
}

void GenerateReactor::OnWriteDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  write_in_flight_ = false;
  if (!ok) client_gone_ = true;
  WriteNextLocked();
}

void GenerateReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  client_gone_ = true;
  // With a write in flight, OnWriteDone(false) follows and finishes the call.
  WriteNextLocked();
}

void GenerateReactor::OnDone() {
  std::shared_ptr<GenerateReactor> keep_alive_until_return;
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
