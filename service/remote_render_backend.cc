#include "service/remote_render_backend.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <functional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"
#include "engine/media/media_probe.h"

namespace beatframe::service {
namespace {

// Where each phase of a remote job sits on the 0..1 progress scale.
constexpr double kUploadEnd = 0.10;
constexpr double kMessageEnd = 0.40;
constexpr double kExportEnd = 0.90;
constexpr double kDownloadEnd = 0.98;

// Keeps the reported fraction monotonic and inside the current phase: a
// heartbeat or a poll without a figure closes a tenth of the gap left, so the
// bar moves while the service works but never reaches the phase's end early.
class RemoteProgress {
 public:
  explicit RemoteProgress(const ProgressCallback& sink) : sink_(sink) {}

  void Enter(RenderStage stage, double from, double to) {
    progress_.stage = stage;
    phase_from_ = std::max(from, progress_.fraction);
    phase_to_ = to;
    Set(phase_from_);
  }
  void Nudge() { Set(progress_.fraction + (phase_to_ - progress_.fraction) * 0.1); }
  // `share` of the current phase done (0..1), as the service reported it.
  void Share(double share) { Set(phase_from_ + (phase_to_ - phase_from_) * std::clamp(share, 0.0, 1.0)); }

 private:
  void Set(double fraction) {
    fraction = std::min(fraction, phase_to_);
    if (fraction < progress_.fraction) fraction = progress_.fraction;
    progress_.fraction = fraction;
    if (sink_) sink_(progress_);
  }

  const ProgressCallback& sink_;
  RenderProgress progress_;
  double phase_from_ = 0.0;
  double phase_to_ = 0.0;
};

std::string FormatSeconds(double s) { return absl::StrFormat("%.1f s", s); }

std::string AspectWords(const std::string& aspect) {
  if (aspect == "9:16") return "vertical 9:16 (1080x1920)";
  if (aspect == "1:1") return "square 1:1 (1080x1080)";
  if (aspect == "16:9") return "landscape 16:9 (1920x1080)";
  return "";
}

// An MP4 starts with a box whose type, at byte 4, is "ftyp".
bool HasFtypBox(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  return in.read(head, sizeof head) && std::string(head + 4, 4) == "ftyp";
}

// Checks the downloaded file and reads the facts the service records.
absl::StatusOr<BackendRender> CheckMp4(const std::string& path) {
  const absl::Status not_video = absl::UnavailableError(
      "the remote video service returned a file that is not an MP4 video; try again later");
  if (!HasFtypBox(path)) return not_video;
  absl::StatusOr<MediaInfo> info = ProbeMediaFile(path);
  if (!info.ok() || info->kind != MediaKind::kVideo || (info->format != "mp4" && info->format != "mov")) {
    return not_video;
  }
  BackendRender result;
  result.width = info->width;
  result.height = info->height;
  result.duration_s = info->duration_s;
  result.style = "remote";
  return result;
}

// The extension the service's accepted list uses for the file's content
// (the stored name may say ".audio" or ".jpeg"); "" when none fits, and the
// service's own refusal (4001) then says so.
std::string RemoteExtensionFor(const std::string& path) {
  const absl::StatusOr<MediaInfo> info = ProbeMediaFile(path);
  if (!info.ok()) return "";
  const std::string& format = info->format;
  if (info->kind == MediaKind::kImage) return format == "jpeg" ? "jpg" : format;
  if (info->kind == MediaKind::kVideo) return format;
  // Audio: libavformat demuxer names ("mp3", "wav", "flac", "aac",
  // "mov,mp4,m4a,3gp,3g2,mj2").
  for (const char* known : {"mp3", "wav", "flac", "aac"}) {
    if (format == known) return known;
  }
  if (absl::StrContains(format, "m4a")) return "m4a";
  return "";
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

}  // namespace

absl::StatusOr<std::shared_ptr<RemoteRenderBackend>> RemoteRenderBackend::Create(RemoteBackendOptions options) {
  if (options.work_dir.empty()) return absl::InvalidArgumentError("the remote backend needs a work directory");
  std::error_code ec;
  std::filesystem::create_directories(options.work_dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create the remote backend's work directory ", options.work_dir, ": ", ec.message()));
  }
  BF_ASSIGN_OR_RETURN(std::unique_ptr<remote::RemoteClient> client, remote::RemoteClient::Create(options.client));
  return std::shared_ptr<RemoteRenderBackend>(new RemoteRenderBackend(std::move(client), std::move(options)));
}

std::string RemoteRenderBackend::MessageFor(const JobSpec& spec) {
  std::vector<std::string> parts;
  parts.push_back(absl::StrCat("Make a music video for the uploaded track \"",
                               std::filesystem::path(spec.input_path).filename().string(),
                               "\", cut to its beats."));
  if (!spec.prompt.empty()) parts.push_back(absl::StrCat("What I want: ", spec.prompt));
  if (!spec.media_paths.empty()) {
    std::vector<std::string> names;
    for (const std::string& path : spec.media_paths) names.push_back(std::filesystem::path(path).filename().string());
    parts.push_back(absl::StrCat("Use the uploaded photos and clips as a montage, in this order: ",
                                 absl::StrJoin(names, ", "), "."));
  }
  if (!spec.title.empty()) parts.push_back(absl::StrCat("Title: \"", spec.title, "\"."));
  if (const std::string aspect = AspectWords(spec.aspect); !aspect.empty()) {
    parts.push_back(absl::StrCat("Format: ", aspect, "."));
  }
  if (spec.resolution == "720p") parts.push_back("Resolution: 720p.");
  for (const Caption& caption : spec.captions) {
    parts.push_back(absl::StrCat("Caption \"", caption.text, "\" from ", FormatSeconds(caption.start_s), " to ",
                                 FormatSeconds(caption.end_s), "."));
  }
  const JobSpec::DraftEdits& e = spec.edits;
  if (e.start_s > 0 || e.end_s >= 0) {
    parts.push_back(absl::StrCat("Use the music from ", FormatSeconds(e.start_s), " to ",
                                 e.end_s >= 0 ? FormatSeconds(e.end_s) : std::string("the end"), "."));
  }
  if (e.fade_in_s > 0) parts.push_back(absl::StrCat("Fade in over ", FormatSeconds(e.fade_in_s), "."));
  if (e.fade_out_s > 0) parts.push_back(absl::StrCat("Fade out over ", FormatSeconds(e.fade_out_s), "."));
  if (e.music_volume != 1.0) parts.push_back(absl::StrFormat("Music volume %.0f%%.", e.music_volume * 100));
  if (!e.style.empty()) parts.push_back(absl::StrCat("Visual style: ", e.style, "."));
  if (!e.palette.empty()) parts.push_back(absl::StrCat("Colour palette: ", e.palette, "."));
  return absl::StrJoin(parts, " ");
}

std::shared_ptr<RemoteRenderBackend::Conversation> RemoteRenderBackend::ConversationFor(
    const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::shared_ptr<Conversation>& conversation = conversations_[session_id];
  if (conversation == nullptr) conversation = std::make_shared<Conversation>();
  return conversation;
}

absl::Status RemoteRenderBackend::UploadAs(remote::RemoteSession& session, const std::string& path,
                                          const remote::CancelCheck& cancel) {
  const std::filesystem::path original(path);
  const std::string extension = RemoteExtensionFor(path);
  if (extension.empty() || original.extension() == "." + extension) return session.Upload(path, cancel).status();
  // The service tells types by the name: upload a link named as it expects.
  const std::string alias =
      (std::filesystem::path(options_.work_dir) / absl::StrCat(original.stem().string(), ".", extension)).string();
  std::error_code ec;
  std::filesystem::remove(alias, ec);
  std::filesystem::create_hard_link(path, alias, ec);
  if (ec) std::filesystem::copy_file(path, alias, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot prepare the upload of ", original.filename().string()));
  const absl::Status uploaded = session.Upload(alias, cancel).status();
  RemoveQuietly(alias);
  return uploaded;
}

absl::Status RemoteRenderBackend::PrepareLocked(Conversation& conversation, const std::vector<std::string>& files,
                                                const remote::CancelCheck& cancel,
                                                const std::function<void(double share)>& on_file) {
  if (conversation.session == nullptr) {
    remote::RemoteSessionOptions session_options;
    session_options.export_dir = options_.work_dir;
    BF_ASSIGN_OR_RETURN(conversation.session,
                        remote::RemoteSession::Create(client_.get(), std::move(session_options), cancel));
  }
  for (size_t i = 0; i < files.size(); ++i) {
    // A new remote session (the old one was forgotten) has none of the files.
    if (conversation.remote_session_id != conversation.session->session_id()) {
      conversation.uploaded.clear();
      conversation.remote_session_id = conversation.session->session_id();
    }
    if (conversation.uploaded.count(files[i]) == 0) {
      BF_RETURN_IF_ERROR(UploadAs(*conversation.session, files[i], cancel));
      conversation.uploaded.insert(files[i]);
    }
    if (on_file) on_file(static_cast<double>(i + 1) / static_cast<double>(files.size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<remote::Reply> RemoteRenderBackend::Converse(const std::string& session_id,
                                                            const std::vector<std::string>& files,
                                                            const std::string& message,
                                                            const remote::ReplyCallbacks& callbacks,
                                                            const remote::CancelCheck& cancel, bool render_follows) {
  std::shared_ptr<Conversation> conversation = ConversationFor(session_id);
  std::lock_guard<std::mutex> turn(conversation->mu);
  BF_RETURN_IF_ERROR(PrepareLocked(*conversation, files, cancel, nullptr));
  BF_ASSIGN_OR_RETURN(remote::Reply reply, conversation->session->Send(message, callbacks, cancel));
  if (!conversation->pending_export.empty()) RemoveQuietly(conversation->pending_export);
  conversation->pending_export = reply.exported.has_value() ? reply.exported->path : "";
  conversation->next_job_exports_only = render_follows;
  if (!render_follows && !conversation->pending_export.empty()) {
    // Nobody will collect it.
    RemoveQuietly(conversation->pending_export);
    conversation->pending_export.clear();
  }
  return reply;
}

void RemoteRenderBackend::ForgetPendingRender(const std::string& session_id) {
  std::shared_ptr<Conversation> conversation = ConversationFor(session_id);
  std::lock_guard<std::mutex> turn(conversation->mu);
  conversation->next_job_exports_only = false;
  if (!conversation->pending_export.empty()) RemoveQuietly(conversation->pending_export);
  conversation->pending_export.clear();
}

absl::StatusOr<BackendRender> RemoteRenderBackend::Render(const JobSpec& spec, const ProgressCallback& on_progress,
                                                          const std::atomic<bool>* cancel_flag) {
  const remote::CancelCheck cancel = [cancel_flag] { return cancel_flag != nullptr && cancel_flag->load(); };
  RemoteProgress progress(on_progress);
  const std::string partial = spec.output_path + ".partial";
  // Whatever happens, no half-written file is left next to the output.
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      RemoveQuietly(path);
      RemoveQuietly(path + ".part");
    }
  } cleanup{partial};

  std::shared_ptr<Conversation> conversation = ConversationFor(spec.session_id);
  std::lock_guard<std::mutex> turn(conversation->mu);
  if (cancel()) return absl::CancelledError("cancelled");
  // A Send turn already told the service what to make (Converse).
  const bool exports_only = std::exchange(conversation->next_job_exports_only, false);
  std::string already_exported = exports_only ? std::exchange(conversation->pending_export, "") : "";

  progress.Enter(RenderStage::kDecoding, 0.0, kUploadEnd);
  std::vector<std::string> files = {spec.input_path};
  files.insert(files.end(), spec.media_paths.begin(), spec.media_paths.end());
  BF_RETURN_IF_ERROR(PrepareLocked(*conversation, files, cancel, [&progress](double share) { progress.Share(share); }));
  remote::RemoteSession& session = *conversation->session;

  progress.Enter(RenderStage::kPlanning, kUploadEnd, kMessageEnd);
  if (!exports_only) {
    remote::ReplyCallbacks callbacks;
    callbacks.on_heartbeat = [&progress] { progress.Nudge(); };
    callbacks.on_text = [&progress](absl::string_view) { progress.Nudge(); };
    callbacks.on_notice = [&progress](absl::string_view) { progress.Nudge(); };
    BF_ASSIGN_OR_RETURN(remote::Reply reply, session.Send(MessageFor(spec), callbacks, cancel));
    if (reply.exported.has_value()) already_exported = reply.exported->path;
  }

  progress.Enter(RenderStage::kRendering, kMessageEnd, kExportEnd);
  if (!already_exported.empty()) {
    // The reply asked for the export itself ("click Export") and it is done.
    std::error_code ec;
    std::filesystem::rename(already_exported, partial, ec);
    if (ec) return absl::InternalError(absl::StrCat("cannot move the remote export into place: ", ec.message()));
  } else {
    const auto on_poll = [&progress](const remote::ExportStatus& status) {
      if (status.progress > 0) {
        progress.Share(status.progress / 100.0);
      } else {
        progress.Nudge();
      }
    };
    BF_RETURN_IF_ERROR(session.Export(partial, cancel, on_poll).status());
  }
  progress.Enter(RenderStage::kEncoding, kExportEnd, kDownloadEnd);
  if (cancel()) return absl::CancelledError("cancelled");
  BF_ASSIGN_OR_RETURN(BackendRender result, CheckMp4(partial));
  std::error_code ec;
  std::filesystem::rename(partial, spec.output_path, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot move the remote video into place: ", ec.message()));
  progress.Share(1.0);
  return result;
}

}  // namespace beatframe::service
