#include "client/args.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/command_names.h"
#include "client/option_reader.h"
#include "client/session_args.h"

namespace beatframe::client {
namespace {

constexpr char kOverviewHelp[] =
    R"(beatframe: turn a music track into a beat-synced 1080p video.

Usage:
  beatframe [--server HOST:PORT] render INPUT -o OUT.mp4 [--prompt TEXT] [--aspect 16:9|9:16|1:1]
                                        [--resolution 1080p|720p] [--title TEXT]
                                        [--caption TEXT@START-END]... [--lyrics FILE] [--preview SHEET.png]
                                        [--media PHOTO_OR_CLIP]...
  beatframe [--server HOST:PORT] analyze INPUT [--json]
  beatframe [--server HOST:PORT] session create
  beatframe [--server HOST:PORT] upload SESSION FILE
  beatframe [--server HOST:PORT] send SESSION "MESSAGE" [-o OUT.mp4] [--detach] [--asset ID]
  beatframe [--server HOST:PORT] status SESSION
  beatframe [--server HOST:PORT] watch [SESSION] JOB [-o OUT.mp4]
  beatframe [--server HOST:PORT] chat [SESSION]
  beatframe help [COMMAND]

Commands:
  render    upload a track, render a video synced to it, download the MP4
  analyze   upload a track and print its tempo, duration and beat times
  session   'session create' opens a session and prints its id
  upload    upload a track (or lyrics, a photo, a clip) into a session
  send      tell the session what you want in plain words ("make it vertical");
            edits the track's draft, renders, downloads with -o
  status    a session's drafts and recent jobs
  watch     follow a render job to its end and download it with -o
  chat      an interactive session: /upload FILE, /status, plain requests

Options:
  --server HOST:PORT   beatframed address (default: $BEATFRAME_SERVER, else 127.0.0.1:50051)
  -h, --help           show help; 'beatframe COMMAND --help' for a command

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted.
)";

constexpr char kRenderHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] render INPUT -o OUT.mp4 [--prompt TEXT] [--aspect RATIO]
                        [--resolution 1080p|720p] [--title TEXT] [--caption TEXT@START-END]...
                        [--lyrics FILE.lrc|FILE.srt] [--preview SHEET.png] [--media FILE]...

Uploads INPUT (mp3, wav, m4a, aac, flac, ogg), renders a video whose visuals
follow its beats, and downloads the MP4 to OUT.mp4. Progress is shown on stderr.

Options:
  -o, --output PATH   where to write the MP4 (required)
  --prompt TEXT       what the video should look like, e.g. "neon colours, title 'Urban Dreams'"
  --aspect RATIO      16:9 (1920x1080), 9:16 (1080x1920) or 1:1 (1080x1080);
                      default: from the prompt, else 16:9
  --resolution SIZE   1080p (full size) or 720p (a quick preview: 1280x720, 720x1280 or 720x720);
                      default: from the prompt ("720p", "preview"), else 1080p
  --title TEXT        title shown at the start (default: from the prompt, else the track's tags)
  --caption TEXT@START-END
                      show TEXT from START to END, in seconds or m:ss, e.g. "Hello@1.5-4" or
                      "Chorus@1:05-1:12.5"; repeat for more captions
  --lyrics FILE       show the timed lines of an .lrc or .srt file (uploaded with the track)
  --preview PATH      also write a contact sheet PNG: 12 frames on beats and between them,
                      labelled with their times, to judge the video without playing it
  --media FILE        a photo (jpg, png, webp, gif) or clip (mp4, mov, webm, mkv) for a montage
                      cut on the beat; repeat for more, in order. Clips play muted. The prompt
                      sets the pace ("every beat", "every bar", "every 2 bars", "on section
                      changes", "fast cuts", "slow cuts") and "montage only" hides the visualizer
  --server HOST:PORT  beatframed address

Ctrl-C cancels the render and exits with status 130.
)";

constexpr char kAnalyzeHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] analyze INPUT [--json]

Uploads INPUT and prints its tempo, duration and beat times in seconds.

Options:
  --json              print {"tempo_bpm": N, "duration_s": N, "beats": [...]} (plus
                      "downbeats" when known) on one line
  --server HOST:PORT  beatframed address
)";

// "12.5" or "1:02.5" (minutes:seconds, seconds below 60) → seconds.
std::optional<double> ParseSeconds(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  double minutes = 0.0, seconds = 0.0;
  const size_t colon = text.find(':');
  if (colon != absl::string_view::npos) {
    const absl::string_view whole = text.substr(0, colon);
    if (whole.empty() || !std::all_of(whole.begin(), whole.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtod(whole, &minutes)) {
      return std::nullopt;
    }
    text = text.substr(colon + 1);
  }
  // Digits and one '.', so "1e3", "inf" and "-2" are refused.
  if (text.empty() || std::count(text.begin(), text.end(), '.') > 1 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c) || c == '.'; }) ||
      !absl::SimpleAtod(text, &seconds)) {
    return std::nullopt;
  }
  if (colon != absl::string_view::npos && seconds >= 60.0) return std::nullopt;
  return minutes * 60.0 + seconds;
}

// What the option loop collected before command-specific checks.
struct RawArgs {
  CommonOptions common;
  std::optional<std::string> output, prompt, aspect, resolution, title, lyrics, preview;
  std::vector<std::string> captions;
  std::vector<std::string> media;
  bool json = false;
};

absl::StatusOr<RawArgs> CollectArgs(const std::vector<std::string>& args) {
  RawArgs raw;
  OptionTable options;
  options.Flag("--json", &raw.json)
      .Value({"-o", "--output"}, &raw.output)
      .Value({"--prompt"}, &raw.prompt)
      .Value({"--aspect"}, &raw.aspect)
      .Value({"--resolution"}, &raw.resolution)
      .Value({"--title"}, &raw.title)
      .Value({"--lyrics"}, &raw.lyrics)
      .Value({"--preview"}, &raw.preview)
      .List("--media", &raw.media)
      .List("--caption", &raw.captions);
  if (absl::Status status = ReadOptions(args, options, &raw.common); !status.ok()) return status;
  return raw;
}

// Rejects options that belong to another command, so a typo is not ignored.
absl::Status CheckOptionsFit(const RawArgs& raw, absl::string_view command) {
  auto reject = [&](bool present, absl::string_view option) {
    return RejectOption(present, option, command);
  };
  const bool render = command == "render";
  const bool analyze = command == "analyze";
  if (auto s = reject(!render && raw.output.has_value(), "--output"); !s.ok()) return s;
  if (auto s = reject(!render && raw.prompt.has_value(), "--prompt"); !s.ok()) return s;
  if (auto s = reject(!render && raw.aspect.has_value(), "--aspect"); !s.ok()) return s;
  if (auto s = reject(!render && raw.resolution.has_value(), "--resolution"); !s.ok()) return s;
  if (auto s = reject(!render && raw.title.has_value(), "--title"); !s.ok()) return s;
  if (auto s = reject(!render && !raw.captions.empty(), "--caption"); !s.ok()) return s;
  if (auto s = reject(!render && raw.lyrics.has_value(), "--lyrics"); !s.ok()) return s;
  if (auto s = reject(!render && !raw.media.empty(), "--media"); !s.ok()) return s;
  if (auto s = reject(!render && raw.preview.has_value(), "--preview"); !s.ok()) return s;
  return reject(!analyze && raw.json, "--json");
}

}  // namespace

absl::StatusOr<beatframe::v1::AspectRatio> ParseAspect(absl::string_view text) {
  if (text == "16:9") return beatframe::v1::ASPECT_RATIO_16_9;
  if (text == "9:16") return beatframe::v1::ASPECT_RATIO_9_16;
  if (text == "1:1") return beatframe::v1::ASPECT_RATIO_1_1;
  return UsageError(absl::StrCat("invalid --aspect '", text, "': use 16:9, 9:16 or 1:1"));
}

absl::StatusOr<beatframe::v1::Resolution> ParseResolution(absl::string_view text) {
  const std::string key = absl::AsciiStrToLower(text);
  if (key == "1080p") return beatframe::v1::RESOLUTION_1080P;
  if (key == "720p") return beatframe::v1::RESOLUTION_720P;
  return UsageError(absl::StrCat("invalid --resolution '", text, "': use 1080p or 720p"));
}

absl::StatusOr<beatframe::v1::Caption> ParseCaption(absl::string_view text) {
  const auto bad = [&](absl::string_view why) {
    return UsageError(absl::StrCat("invalid --caption '", text, "': ", why,
                                   "; expected TEXT@START-END, e.g. \"Hello@1.5-4\" or \"Chorus@1:05-1:12\""));
  };
  const size_t at = text.rfind('@');
  if (at == absl::string_view::npos) return bad("no '@' before the times");
  const absl::string_view caption_text = absl::StripAsciiWhitespace(text.substr(0, at));
  const absl::string_view range = text.substr(at + 1);
  const size_t dash = range.find('-');
  if (caption_text.empty()) return bad("the text is empty");
  if (dash == absl::string_view::npos) return bad("no '-' between START and END");
  const std::optional<double> start = ParseSeconds(range.substr(0, dash));
  const std::optional<double> end = ParseSeconds(range.substr(dash + 1));
  if (!start.has_value() || !end.has_value()) return bad("times must be seconds (12.5) or m:ss (1:02.5)");
  if (*end <= *start) return bad("END must be after START");
  beatframe::v1::Caption caption;
  caption.set_text(std::string(caption_text));
  caption.set_start_s(*start);
  caption.set_end_s(*end);
  return caption;
}

absl::StatusOr<CliArgs> ParseArgs(const std::vector<std::string>& args,
                                  absl::string_view env_server) {
  if (IsSessionCommand(args)) {
    absl::StatusOr<std::optional<CliArgs>> session = ParseSessionArgs(args, env_server);
    if (!session.ok()) return session.status();
    if (session->has_value()) return **std::move(session);
  }
  absl::StatusOr<RawArgs> collected = CollectArgs(args);
  if (!collected.ok()) return collected.status();
  RawArgs& raw = *collected;

  CliArgs out;
  absl::StatusOr<std::string> server = ResolveServer(raw.common, env_server);
  if (!server.ok()) return server.status();
  out.server = *std::move(server);

  std::vector<std::string>& pos = raw.common.positionals;
  const std::string command = pos.empty() ? "" : pos.front();
  if (command.empty() || command == "help") {
    if (!raw.common.help && command.empty()) {
      return UsageError(absl::StrCat("missing command (use ", CommandList(), ")"));
    }
    out.command = Command::kHelp;
    out.help_topic = pos.size() > 1 ? pos[1] : "";
    if (!out.help_topic.empty() && FindCommand(out.help_topic) == nullptr) {
      return UsageError(absl::StrCat("no help for unknown command '", out.help_topic, "'"));
    }
    return out;
  }
  // The session commands went to ParseSessionArgs above.
  if (command != "render" && command != "analyze") {
    return UsageError(absl::StrCat("unknown command '", command, "' (use ", CommandList(), ")"));
  }
  if (raw.common.help) {
    out.command = Command::kHelp;
    out.help_topic = command;
    return out;
  }
  if (absl::Status fit = CheckOptionsFit(raw, command); !fit.ok()) return fit;
  if (pos.size() < 2) return UsageError(absl::StrCat("'", command, "' needs an INPUT file"));
  if (pos.size() > 2) {
    return UsageError(absl::StrCat("unexpected argument '", pos[2], "' after INPUT"));
  }
  out.input = pos[1];
  if (out.input.empty()) return UsageError("INPUT must not be empty");

  if (command == "analyze") {
    out.command = Command::kAnalyze;
    out.json = raw.json;
    return out;
  }
  out.command = Command::kRender;
  if (!raw.output.has_value() || raw.output->empty()) {
    return UsageError("'render' needs an output file: -o OUT.mp4");
  }
  out.output = *raw.output;
  out.prompt = raw.prompt.value_or(kDefaultPrompt);
  if (raw.aspect.has_value()) {
    absl::StatusOr<beatframe::v1::AspectRatio> aspect = ParseAspect(*raw.aspect);
    if (!aspect.ok()) return aspect.status();
    out.aspect = *aspect;
  }
  if (raw.resolution.has_value()) {
    absl::StatusOr<beatframe::v1::Resolution> resolution = ParseResolution(*raw.resolution);
    if (!resolution.ok()) return resolution.status();
    out.resolution = *resolution;
  }
  out.title = raw.title.value_or("");
  for (const std::string& text : raw.captions) {
    absl::StatusOr<beatframe::v1::Caption> caption = ParseCaption(text);
    if (!caption.ok()) return caption.status();
    out.captions.push_back(*std::move(caption));
  }
  if (raw.lyrics.has_value()) {
    const std::string lower = absl::AsciiStrToLower(*raw.lyrics);
    if (!absl::EndsWith(lower, ".lrc") && !absl::EndsWith(lower, ".srt")) {
      return UsageError(absl::StrCat("--lyrics '", *raw.lyrics, "' must be an .lrc or .srt file"));
    }
    out.lyrics = *raw.lyrics;
  }
  for (const std::string& media : raw.media) {
    if (media.empty()) return UsageError("--media needs a file name");
  }
  out.media = raw.media;
  if (raw.preview.has_value()) {
    if (!absl::EndsWith(absl::AsciiStrToLower(*raw.preview), ".png")) {
      return UsageError(absl::StrCat("--preview '", *raw.preview, "' must be a .png file"));
    }
    out.preview = *raw.preview;
  }
  return out;
}

std::string HelpText(absl::string_view topic) {
  if (std::string session_help = SessionHelpText(topic); !session_help.empty()) return session_help;
  if (topic == "render") return kRenderHelp;
  if (topic == "analyze") return kAnalyzeHelp;
  return kOverviewHelp;
}

}  // namespace beatframe::client
