#include "client/commands.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "client/display.h"
#include "client/json_output.h"
#include "client/progress_bar.h"

namespace beatframe::client {
namespace {

namespace fs = std::filesystem;
namespace v1 = beatframe::v1;

// Opens a session and uploads INPUT with a progress bar.
absl::StatusOr<std::pair<std::string, v1::Asset>> OpenAndUpload(BeatframeClient& client,
                                                                const CliArgs& args,
                                                                const std::string& command,
                                                                const CommandIo& io) {
  const std::string& input = args.input;
  const std::string base_name = fs::path(input).filename().string();
  absl::StatusOr<std::string> session =
      client.CreateSession(absl::StrCat("beatframe ", command, " ", base_name));
  if (!session.ok()) {
    return WithContext(session.status(), absl::StrCat("open a session on ", args.server));
  }
  ProgressBar bar(io.err, io.err_is_tty);
  absl::StatusOr<v1::Asset> asset = client.UploadFile(*session, input, BytesTo(bar, "uploading"));
  if (!asset.ok()) return WithContext(asset.status(), absl::StrCat("upload '", input, "'"));
  return std::make_pair(*std::move(session), *std::move(asset));
}

}  // namespace

absl::Status CheckInputFile(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    return absl::NotFoundError(absl::StrCat("input file '", path, "' does not exist"));
  }
  if (!fs::is_regular_file(status)) {
    return absl::InvalidArgumentError(absl::StrCat("input '", path, "' is not a regular file"));
  }
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat("cannot read input file '", path, "'"));
  }
  std::fclose(file);
  return absl::OkStatus();
}

absl::Status CheckOutputPath(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return absl::InvalidArgumentError(absl::StrCat("output '", path, "' is a directory"));
  }
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, error)) {
    return absl::NotFoundError(
        absl::StrCat("output directory '", parent.string(), "' does not exist"));
  }
  return absl::OkStatus();
}

absl::Status RunRender(BeatframeClient& client, const CliArgs& args, const CommandIo& io) {
  if (absl::Status input = CheckInputFile(args.input); !input.ok()) return input;
  if (absl::Status output = CheckOutputPath(args.output); !output.ok()) return output;
  if (!args.preview.empty()) {
    if (absl::Status preview = CheckOutputPath(args.preview); !preview.ok()) return preview;
  }
  if (!args.lyrics.empty()) {
    if (absl::Status lyrics = CheckInputFile(args.lyrics); !lyrics.ok()) return lyrics;
  }
  for (const std::string& media : args.media) {
    if (absl::Status file = CheckInputFile(media); !file.ok()) return file;
  }
  auto uploaded = OpenAndUpload(client, args, "render", io);
  if (!uploaded.ok()) return uploaded.status();
  const auto& [session_id, asset] = *uploaded;

  v1::GenerateRequest request;
  request.set_session_id(session_id);
  request.set_prompt(args.prompt);
  request.add_asset_ids(asset.asset_id());
  request.set_aspect(args.aspect);
  request.set_resolution(args.resolution);
  request.set_title(args.title);
  request.set_contact_sheet(!args.preview.empty());
  for (const v1::Caption& caption : args.captions) *request.add_captions() = caption;
  if (!args.lyrics.empty()) {
    // The server checks the lyrics by parsing them; a bad line fails here,
    // before the render starts.
    ProgressBar bar(io.err, io.err_is_tty);
    absl::StatusOr<v1::Asset> lyrics = client.UploadFile(session_id, args.lyrics, BytesTo(bar, "uploading lyrics"));
    if (!lyrics.ok()) return WithContext(lyrics.status(), absl::StrCat("upload lyrics '", args.lyrics, "'"));
    request.set_lyrics_asset_id(lyrics->asset_id());
  }
  // Photos and clips: the server recognises each by its content and refuses
  // what it cannot use before the render starts; the order is the montage's.
  for (const std::string& media : args.media) {
    ProgressBar bar(io.err, io.err_is_tty);
    absl::StatusOr<v1::Asset> uploaded_media =
        client.UploadFile(session_id, media, BytesTo(bar, absl::StrCat("uploading ", fs::path(media).filename().string())));
    if (!uploaded_media.ok()) return WithContext(uploaded_media.status(), absl::StrCat("upload '", media, "'"));
    request.add_asset_ids(uploaded_media->asset_id());
  }
  absl::StatusOr<v1::RenderResult> result;
  {
    ProgressBar bar(io.err, io.err_is_tty);
    result = client.Generate(request, [&bar](const v1::JobEvent& event) {
      bar.Update(ToProgressState(event.progress()));
    });
  }
  if (!result.ok()) return WithContext(result.status(), "render");

  {
    ProgressBar bar(io.err, io.err_is_tty);
    absl::Status downloaded =
        client.Download(session_id, result->output_id(), args.output, BytesTo(bar, "downloading"));
    if (!downloaded.ok()) {
      return WithContext(downloaded, absl::StrCat("download to '", args.output, "'"));
    }
  }
  if (!args.preview.empty()) {
    if (result->contact_sheet_id().empty()) return absl::InternalError("the server made no contact sheet");
    ProgressBar bar(io.err, io.err_is_tty);
    absl::Status downloaded = client.Download(session_id, result->contact_sheet_id(), args.preview,
                                              BytesTo(bar, "downloading preview"));
    if (!downloaded.ok()) return WithContext(downloaded, absl::StrCat("download to '", args.preview, "'"));
  }
  std::fputs(FormatRenderSummary(args.output, *result).c_str(), io.out);
  std::fflush(io.out);
  return absl::OkStatus();
}

absl::Status RunAnalyze(BeatframeClient& client, const CliArgs& args, const CommandIo& io) {
  if (absl::Status input = CheckInputFile(args.input); !input.ok()) return input;
  auto uploaded = OpenAndUpload(client, args, "analyze", io);
  if (!uploaded.ok()) return uploaded.status();
  const auto& [session_id, asset] = *uploaded;
  absl::StatusOr<v1::AnalyzeResponse> response = client.Analyze(session_id, asset.asset_id());
  if (!response.ok()) return WithContext(response.status(), "analyze");
  const std::string text =
      args.json ? FormatAnalyzeJson(*response) + "\n" : FormatAnalyzeText(*response);
  std::fputs(text.c_str(), io.out);
  std::fflush(io.out);
  return absl::OkStatus();
}

}  // namespace beatframe::client
