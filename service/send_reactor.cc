#include "service/send_reactor.h"

#include "absl/strings/str_cat.h"
#include "service/draft_convert.h"
#include "service/draft_job.h"
#include "service/remote_render_backend.h"
#include "service/status_mapping.h"

namespace beatframe::service {
namespace {

v1::SendEvent ReplyEvent(const TurnResult& turn) {
  v1::SendEvent event;
  event.set_asset_id(turn.asset_id);
  v1::Reply* reply = event.mutable_reply();
  reply->set_text(turn.reply);
  reply->set_language(LanguageCode(turn.language));
  reply->set_intent(IntentName(turn.intent));
  return event;
}

std::string CreditsText(const CreditBalance& balance, ReplyLanguage language) {
  return InLanguage(language,
                    absl::StrCat("You have ", balance.available(), " credits available (", balance.frozen,
                                 " held by running renders, ", balance.total,
                                 " in all). A render costs 1 credit per started 10 s of video; exports of "
                                 "finished videos and downloads are free."),
                    absl::StrCat("可用积分 ", balance.available(), "（进行中的渲染占用 ", balance.frozen, "，共 ",
                                 balance.total, "）。每渲染 10 秒视频（不足 10 秒按 10 秒计）消耗 1 积分；下载免费。"));
}

// With `--backend remote` the remote service holds the conversation: what
// changes or makes the video goes to it; credits, status and help stay here.
bool ForwardsToRemote(Intent intent) {
  return intent == Intent::kGenerate || intent == Intent::kEdit || intent == Intent::kExport ||
         intent == Intent::kUndo;
}

}  // namespace

std::shared_ptr<SendReactor> SendReactor::Create() {
  std::shared_ptr<SendReactor> reactor(new SendReactor());
  reactor->self_ = reactor;
  return reactor;
}

grpc::ServerWriteReactor<v1::SendEvent>* SendReactor::Fail(const grpc::Status& status) {
  std::shared_ptr<SendReactor> reactor = Create();
  std::lock_guard<std::mutex> lock(reactor->mu_);
  reactor->FinishLocked(status);
  return reactor.get();
}

grpc::ServerWriteReactor<v1::SendEvent>* SendReactor::Start(const SendDependencies& deps, v1::SendRequest request,
                                                            std::string owner) {
  std::shared_ptr<SendReactor> reactor = Create();
  // The task holds the reactor: it may finish after the client has gone.
  const bool queued = deps.pool.Submit([reactor, deps, request = std::move(request), owner = std::move(owner)] {
    reactor->RunTurn(deps, request, owner);
  });
  if (!queued) {
    std::lock_guard<std::mutex> lock(reactor->mu_);
    reactor->FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down; try again later"));
  }
  return reactor.get();
}

void SendReactor::RunTurn(const SendDependencies& deps, const v1::SendRequest& request, const std::string& owner) {
  absl::StatusOr<TurnResult> turn = deps.drafts.Send(request.session_id(), request.asset_id(), request.message());
  std::deque<v1::SendEvent> events;
  std::shared_ptr<Job> job;
  grpc::Status end_status;
  if (!turn.ok()) {
    end_status = ToGrpcStatus(turn.status());
  } else {
    std::optional<v1::Credits> credits;
    if (turn->intent == Intent::kCredits) {
      absl::StatusOr<CreditBalance> balance = deps.storage.GetCredits(owner);
      if (balance.ok()) {
        turn->reply = CreditsText(*balance, turn->language);
        credits.emplace();
        credits->set_available(balance->available());
        credits->set_frozen(balance->frozen);
        credits->set_total(balance->total);
      } else {
        turn->reply = InLanguage(turn->language, "I could not read your credits right now; try again.",
                                 "暂时无法读取积分，请稍后再试。");
      }
    }
    auto* remote = dynamic_cast<RemoteRenderBackend*>(&deps.jobs.backend());
    if (remote != nullptr && ForwardsToRemote(turn->intent)) {
      // The reply is the remote service's (tool calls stay internal); the
      // render a generate or export asks for is the remote export.
      std::vector<std::string> files;
      if (!turn->asset_id.empty()) files.push_back(turn->track.path);
      const remote::CancelCheck client_gone = [this] {
        std::lock_guard<std::mutex> lock(mu_);
        return client_gone_ && job_stream_ == nullptr;
      };
      absl::StatusOr<remote::Reply> reply = remote->Converse(request.session_id(), files, request.message(),
                                                             LiveCallbacks(turn->asset_id), client_gone,
                                                             turn->render.has_value());
      if (!reply.ok()) {
        turn->reply = InLanguage(turn->language, "The video service could not answer: ", "视频服务无法回答：");
        absl::StrAppend(&turn->reply, reply.status().message());
        turn->render.reset();
        end_status = ToGrpcStatus(reply.status());
      } else if (!reply->text.empty()) {
        turn->reply = reply->text;
      }
    }
    if (turn->render.has_value()) {
      absl::StatusOr<JobSpec> spec = BuildDraftJobSpec(deps.storage, turn->track, *turn->render);
      absl::StatusOr<std::shared_ptr<Job>> started = spec.ok() ? deps.jobs.Start(*std::move(spec)) : spec.status();
      if (started.ok()) {
        job = *std::move(started);
      } else {
        if (remote != nullptr) remote->ForgetPendingRender(request.session_id());
        // The draft kept the change; only the render did not start.
        absl::StrAppend(&turn->reply, " ",
                        InLanguage(turn->language, "The render could not start: ", "无法开始渲染："),
                        started.status().message());
        end_status = ToGrpcStatus(started.status());
      }
    }
    events.push_back(ReplyEvent(*turn));
    if (turn->draft.has_value()) {
      v1::SendEvent& event = events.emplace_back();
      event.set_asset_id(turn->asset_id);
      *event.mutable_draft() = *turn->draft;
    }
    if (credits.has_value()) {
      v1::SendEvent& event = events.emplace_back();
      event.set_asset_id(turn->asset_id);
      *event.mutable_credits() = *credits;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (v1::SendEvent& event : events) pending_.push_back(std::move(event));
  end_status_ = end_status;
  turn_done_ = true;
  if (turn.ok()) asset_id_ = turn->asset_id;
  if (job != nullptr && !done_) {
    std::weak_ptr<SendReactor> weak = shared_from_this();
    job_stream_ = std::make_unique<JobEventStream>(std::move(job), 0, [weak] {
      if (auto self = weak.lock()) self->OnJobEvent();
    });
  }
  WriteNextLocked();
}

remote::ReplyCallbacks SendReactor::LiveCallbacks(const std::string& asset_id) {
  // Heartbeats and notices go out while the remote turn runs; the reply and
  // everything after it wait for the turn's end (WriteNextLocked).
  remote::ReplyCallbacks callbacks;
  callbacks.on_heartbeat = [this, asset_id] {
    std::lock_guard<std::mutex> lock(mu_);
    const absl::Time now = absl::Now();
    if (now - last_heartbeat_ < kHeartbeatInterval) return;
    last_heartbeat_ = now;
    v1::SendEvent& event = pending_.emplace_back();
    event.set_asset_id(asset_id);
    event.set_heartbeat(true);
    WriteNextLocked();
  };
  callbacks.on_notice = [this, asset_id](absl::string_view notice) {
    std::lock_guard<std::mutex> lock(mu_);
    v1::SendEvent& event = pending_.emplace_back();
    event.set_asset_id(asset_id);
    event.set_notice(std::string(notice));
    WriteNextLocked();
  };
  return callbacks;
}

void SendReactor::OnJobEvent() {
  std::lock_guard<std::mutex> lock(mu_);
  WriteNextLocked();
}

void SendReactor::WriteNextLocked() {
  if (done_ || finish_called_ || write_in_flight_) return;
  if (client_gone_) {
    // Client cancelled: stop writing, keep the job.
    FinishLocked(JobEventStream::ClientGoneStatus());
    return;
  }
  if (!pending_.empty()) {
    event_ = std::move(pending_.front());
    pending_.pop_front();
    write_in_flight_ = true;
    StartWrite(&event_);
    return;
  }
  if (!turn_done_) return;
  if (job_stream_ == nullptr) {
    FinishLocked(end_status_);
    return;
  }
  v1::JobEvent job_event;
  grpc::Status end;
  const JobEventStream::Next next = job_stream_->Read(&job_event, &end);
  if (next == JobEventStream::Next::kEvent) {
    event_.Clear();
    event_.set_asset_id(asset_id_);
    *event_.mutable_job_event() = std::move(job_event);
    write_in_flight_ = true;
    StartWrite(&event_);
  } else if (next == JobEventStream::Next::kEnd) {
    FinishLocked(end);
  }
}

void SendReactor::FinishLocked(const grpc::Status& status) {
  finish_called_ = true;
  Finish(status);
}

void SendReactor::OnWriteDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  write_in_flight_ = false;
  if (!ok) client_gone_ = true;
  WriteNextLocked();
}

void SendReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  client_gone_ = true;
  // With a write in flight, OnWriteDone(false) follows and finishes the call.
  WriteNextLocked();
}

void SendReactor::OnDone() {
  std::shared_ptr<SendReactor> keep_alive_until_return;
  std::unique_ptr<JobEventStream> job_stream;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    keep_alive_until_return = std::move(self_);
    job_stream = std::move(job_stream_);
  }
  // `job_stream` unsubscribes from the job here, outside mu_.
}

}  // namespace beatframe::service
