#include "client/session_commands.h"

#include <filesystem>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/display.h"
#include "client/job_index.h"
#include "client/progress_bar.h"

namespace beatframe::client {
namespace {

namespace fs = std::filesystem;
namespace v1 = beatframe::v1;

void PrintLine(FILE* out, absl::string_view text) {
  std::fprintf(out, "%.*s\n", static_cast<int>(text.size()), text.data());
  std::fflush(out);
}

std::string KindName(v1::AssetKind kind) {
  switch (kind) {
    case v1::ASSET_KIND_AUDIO:
      return "track";
    case v1::ASSET_KIND_LYRICS:
      return "lyrics";
    case v1::ASSET_KIND_IMAGE:
      return "photo";
    case v1::ASSET_KIND_VIDEO:
      return "clip";
    default:
      return "file";
  }
}

absl::StatusOr<v1::Asset> UploadWithBar(BeatframeClient& client, const std::string& session_id,
                                        const std::string& path, const CommandIo& io) {
  if (absl::Status input = CheckInputFile(path); !input.ok()) return input;
  ProgressBar bar(io.err, io.err_is_tty);
  absl::StatusOr<v1::Asset> asset = client.UploadFile(session_id, path, BytesTo(bar, "uploading"));
  bar.Finish();
  if (!asset.ok()) return WithContext(asset.status(), absl::StrCat("upload '", path, "'"));
  std::string facts = absl::StrCat("uploaded ", fs::path(path).filename().string(), ": ", KindName(asset->kind()), ", ",
                                   asset->format());
  if (asset->duration_s() > 0) absl::StrAppend(&facts, absl::StrFormat(", %.1f s", asset->duration_s()));
  PrintLine(io.out, facts);
  return asset;
}

absl::Status DownloadWithBar(BeatframeClient& client, const std::string& session_id, const v1::RenderResult& result,
                             const std::string& output, const CommandIo& io) {
  ProgressBar bar(io.err, io.err_is_tty);
  absl::Status downloaded = client.Download(session_id, result.output_id(), output, BytesTo(bar, "downloading"));
  bar.Finish();
  if (!downloaded.ok()) return WithContext(downloaded, absl::StrCat("download to '", output, "'"));
  std::fputs(FormatRenderSummary(output, result).c_str(), io.out);
  std::fflush(io.out);
  return absl::OkStatus();
}

absl::Status RunStatus(BeatframeClient& client, const std::string& session_id, const CommandIo& io) {
  absl::StatusOr<v1::ListDraftsResponse> drafts = client.ListDrafts(session_id);
  if (!drafts.ok()) return WithContext(drafts.status(), "list drafts");
  absl::StatusOr<v1::ListJobsResponse> jobs = client.ListJobs(session_id);
  if (!jobs.ok()) return WithContext(jobs.status(), "list jobs");
  PrintLine(io.out, absl::StrCat("Session ", session_id, ": ", drafts->drafts_size(),
                                 drafts->drafts_size() == 1 ? " draft" : " drafts"));
  for (const v1::Draft& draft : drafts->drafts()) {
    PrintLine(io.out, absl::StrCat("Track ", draft.asset_id(), " (revision ", draft.revision(), "):"));
    PrintLine(io.out, absl::StrCat("  ", draft.summary()));
    PrintLine(io.out, absl::StrCat("  ", draft.settings()));
  }
  constexpr int kShownJobs = 10;
  PrintLine(io.out, jobs->jobs_size() == 0 ? "No jobs yet." : "Recent jobs:");
  for (int i = 0; i < jobs->jobs_size() && i < kShownJobs; ++i) {
    const v1::JobStatus& job = jobs->jobs(i);
    std::string line = absl::StrCat("  ", job.job_id(), "  ", StageName(job.progress().stage()));
    if (job.has_result()) {
      absl::StrAppend(&line, absl::StrFormat("  %dx%d, %.1f s, output %s", job.result().width(),
                                             job.result().height(), job.result().duration_s(),
                                             job.result().output_id()));
    } else if (job.has_error()) {
      absl::StrAppend(&line, "  ", job.error().message());
    } else {
      absl::StrAppend(&line, absl::StrFormat("  %.0f%%", job.progress().fraction() * 100.0));
    }
    PrintLine(io.out, line);
  }
  return absl::OkStatus();
}

absl::Status RunWatch(BeatframeClient& client, const CliArgs& args, const CommandIo& io) {
  std::string session_id = args.session_id;
  if (session_id.empty()) {
    absl::StatusOr<std::string> known = SessionOfJob(DefaultJobIndexPath(), args.job_id);
    if (!known.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("job '", args.job_id,
                                                     "' was not started from this computer; name its session: "
                                                     "beatframe watch SESSION JOB"));
    }
    session_id = *known;
  }
  if (!args.output.empty()) {
    if (absl::Status output = CheckOutputPath(args.output); !output.ok()) return output;
  }
  absl::StatusOr<v1::RenderResult> result;
  {
    ProgressBar bar(io.err, io.err_is_tty);
    result = client.WatchJob(session_id, args.job_id,
                             [&bar](const v1::JobEvent& event) { bar.Update(ToProgressState(event.progress())); });
  }
  if (!result.ok()) return WithContext(result.status(), absl::StrCat("job ", args.job_id));
  if (args.output.empty()) {
    PrintLine(io.out, absl::StrFormat("job %s done: output %s, %dx%d, %.1f s", args.job_id, result->output_id(),
                                      result->width(), result->height(), result->duration_s()));
    return absl::OkStatus();
  }
  return DownloadWithBar(client, session_id, *result, args.output, io);
}

// One line of input without its newline; nullopt at the end of input.
std::optional<std::string> ReadLine(FILE* in) {
  std::string line;
  int c = 0;
  while ((c = std::fgetc(in)) != EOF && c != '\n') line.push_back(static_cast<char>(c));
  if (c == EOF && line.empty()) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

absl::Status RunChat(BeatframeClient& client, const CliArgs& args, const CommandIo& io) {
  std::string session_id = args.session_id;
  if (session_id.empty()) {
    absl::StatusOr<std::string> created = client.CreateSession("beatframe chat");
    if (!created.ok()) return WithContext(created.status(), absl::StrCat("open a session on ", args.server));
    session_id = *created;
  }
  PrintLine(io.out, absl::StrCat("session ", session_id,
                                 ". Upload a track with /upload FILE, then say what you want; /quit to leave."));
  while (true) {
    if (io.err_is_tty) {
      std::fputs("> ", io.err);
      std::fflush(io.err);
    }
    std::optional<std::string> line = ReadLine(io.in);
    if (!line.has_value()) return absl::OkStatus();
    const std::string text(absl::StripAsciiWhitespace(*line));
    if (text.empty()) continue;
    absl::Status status;
    if (text == "/quit" || text == "/exit") return absl::OkStatus();
    if (text == "/status") {
      status = RunStatus(client, session_id, io);
    } else if (absl::StartsWith(text, "/upload")) {
      const std::string path(absl::StripAsciiWhitespace(absl::string_view(text).substr(7)));
      if (path.empty()) {
        status = absl::InvalidArgumentError("usage: /upload FILE");
      } else {
        absl::StatusOr<v1::Asset> asset = UploadWithBar(client, session_id, path, io);
        if (asset.ok()) PrintLine(io.out, absl::StrCat("asset ", asset->asset_id()));
        status = asset.status();
      }
    } else if (text == "/help") {
      status = SendMessage(client, session_id, "", "help", "", false, io).status();
    } else if (absl::StartsWith(text, "/")) {
      status = absl::InvalidArgumentError(absl::StrCat("unknown command '", text, "'; try /upload, /status, /quit"));
    } else {
      status = SendMessage(client, session_id, "", text, NextNumberedOutput("."), false, io).status();
    }
    if (client.canceller().cancelled()) return status.ok() ? absl::CancelledError("interrupted") : status;
    // A failed request is reported and the chat goes on.
    if (!status.ok()) PrintLine(io.err, absl::StrCat("beatframe: ", status.message()));
  }
}

}  // namespace

std::string NextNumberedOutput(const std::string& dir) {
  for (int n = 1;; ++n) {
    const fs::path path = fs::path(dir) / absl::StrCat("beatframe-", n, ".mp4");
    std::error_code ec;
    if (!fs::exists(path, ec)) return path.string();
  }
}

absl::StatusOr<SendOutcome> SendMessage(BeatframeClient& client, const std::string& session_id,
                                        const std::string& asset_id, const std::string& message,
                                        const std::string& output, bool detach, const CommandIo& io) {
  if (!output.empty()) {
    if (absl::Status checked = CheckOutputPath(output); !checked.ok()) return checked;
  }
  v1::SendRequest request;
  request.set_session_id(session_id);
  request.set_message(message);
  request.set_asset_id(asset_id);
  SendOutcome outcome;
  std::optional<v1::RenderResult> result;
  absl::Status job_error;
  absl::Status streamed;
  {
    std::optional<ProgressBar> bar;
    streamed = client.Send(request, [&](const v1::SendEvent& event) {
      if (event.has_reply()) PrintLine(io.out, event.reply().text());
      // Remote backend only: the service is still thinking (heartbeats stay silent).
      if (event.kind_case() == v1::SendEvent::kNotice) PrintLine(io.err, event.notice());
      if (event.has_draft()) {
        PrintLine(io.out, absl::StrCat("[revision ", event.draft().revision(), "] ", event.draft().summary()));
      }
      if (!event.has_job_event()) return true;
      const v1::JobEvent& job_event = event.job_event();
      if (outcome.job_id.empty()) {
        outcome.job_id = job_event.job_id();
        // So that `beatframe watch JOB` finds the session later.
        RememberJob(DefaultJobIndexPath(), outcome.job_id, session_id).IgnoreError();
        if (detach) {
          PrintLine(io.out, outcome.job_id);
          return false;
        }
        PrintLine(io.err, absl::StrCat("render job ", outcome.job_id));
        bar.emplace(io.err, io.err_is_tty);
      }
      bar->Update(ToProgressState(job_event.progress()));
      if (job_event.has_result()) result = job_event.result();
      if (job_event.has_error()) {
        job_error = absl::Status(static_cast<absl::StatusCode>(job_event.error().code()), job_event.error().message());
      }
      return true;
    });
  }
  if (detach && !outcome.job_id.empty()) return outcome;
  if (!job_error.ok()) return WithContext(job_error, absl::StrCat("render job ", outcome.job_id));
  if (!streamed.ok()) {
    // The render may still be running on the server: say how to follow it.
    if (!outcome.job_id.empty()) {
      return WithContext(streamed, absl::StrCat("lost job ", outcome.job_id, " (follow it with 'beatframe watch ",
                                                outcome.job_id, "')"));
    }
    return streamed;
  }
  if (!result.has_value()) return outcome;
  if (output.empty()) {
    PrintLine(io.out, absl::StrFormat("rendered: output %s, %dx%d, %.1f s; download with 'beatframe watch %s -o OUT.mp4'",
                                      result->output_id(), result->width(), result->height(), result->duration_s(),
                                      outcome.job_id));
    return outcome;
  }
  if (absl::Status downloaded = DownloadWithBar(client, session_id, *result, output, io); !downloaded.ok()) {
    return downloaded;
  }
  outcome.output_path = output;
  return outcome;
}

absl::Status RunSessionCommand(BeatframeClient& client, const CliArgs& args, const CommandIo& io) {
  switch (args.command) {
    case Command::kSessionCreate: {
      absl::StatusOr<std::string> session = client.CreateSession(args.label);
      if (!session.ok()) return WithContext(session.status(), absl::StrCat("open a session on ", args.server));
      PrintLine(io.out, *session);
      return absl::OkStatus();
    }
    case Command::kUpload: {
      absl::StatusOr<v1::Asset> asset = UploadWithBar(client, args.session_id, args.input, io);
      if (!asset.ok()) return asset.status();
      PrintLine(io.out, asset->asset_id());
      return absl::OkStatus();
    }
    case Command::kSend:
      return SendMessage(client, args.session_id, args.asset_id, args.message, args.output, args.detach, io).status();
    case Command::kStatus:
      return RunStatus(client, args.session_id, io);
    case Command::kWatch:
      return RunWatch(client, args, io);
    case Command::kChat:
      return RunChat(client, args, io);
    default:
      return absl::InternalError("not a session command");
  }
}

}  // namespace beatframe::client
