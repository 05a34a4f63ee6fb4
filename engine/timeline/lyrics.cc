#include "engine/timeline/lyrics.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/common/status_macros.h"

namespace beatframe {
namespace {

// Two stamps closer than this are the same moment (lines sung together).
constexpr double kSameTimeS = 0.0005;

struct Line {
  int number;  // 1-based
  absl::string_view text;
};

// Lines with any of \n, \r\n or \r endings, without a leading byte-order mark.
std::vector<Line> SplitLines(absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Line> lines;
  int number = 1;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back({number++, text.substr(start, i - start)});
    if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  return lines;
}

// Text quoted in an error, cut short: a message must stay small enough to
// travel in a gRPC status whatever the file holds.
std::string Excerpt(absl::string_view text) {
  constexpr size_t kMaxBytes = 60;
  if (text.size() <= kMaxBytes) return std::string(text);
  size_t end = kMaxBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "...");
}

absl::Status LineError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", message));
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// "ss", "ss.f", "ss,fff" (1-3 fraction digits) -> seconds; false if malformed.
bool ParseSeconds(absl::string_view text, double* seconds) {
  const size_t dot = text.find_first_of(".,");
  const absl::string_view whole = text.substr(0, dot);
  if (!AllDigits(whole) || whole.size() > 2) return false;
  int value = 0;
  if (!absl::SimpleAtoi(whole, &value) || value >= 60) return false;
  double fraction = 0.0;
  if (dot != absl::string_view::npos) {
    const absl::string_view digits = text.substr(dot + 1);
    if (!AllDigits(digits) || digits.size() > 3) return false;
    int parts = 0;
    absl::SimpleAtoi(digits, &parts);
    fraction = parts / std::pow(10.0, static_cast<double>(digits.size()));
  }
  *seconds = value + fraction;
  return true;
}

// "[h:]mm:ss[.fff]": the colon-separated fields before the seconds.
bool ParseClock(absl::string_view text, double* seconds) {
  const std::vector<absl::string_view> fields = absl::StrSplit(text, ':');
  if (fields.size() < 2 || fields.size() > 3) return false;
  double total = 0.0;
  for (size_t i = 0; i + 1 < fields.size(); ++i) {
    int value = 0;
    if (!AllDigits(fields[i]) || fields[i].size() > 3 || !absl::SimpleAtoi(fields[i], &value)) return false;
    if (i > 0 && value >= 60) return false;  // minutes after hours
    total = total * 60.0 + value;
  }
  double secs = 0.0;
  if (!ParseSeconds(fields.back(), &secs)) return false;
  *seconds = total * 60.0 + secs;
  return true;
}

// An LRC stamp's body: "mm:ss", "mm:ss.xx" or "mm:ss:xx" (a colon before
// hundredths is a common variant).
bool ParseLrcStamp(absl::string_view body, double* seconds) {
  const std::vector<absl::string_view> fields = absl::StrSplit(body, ':');
  if (fields.size() == 3 && AllDigits(fields[2]) && fields[2].size() <= 3) {
    return ParseClock(absl::StrCat(fields[0], ":", fields[1], ".", fields[2]), seconds);
  }
  return fields.size() == 2 && ParseClock(body, seconds);
}

// Drops enhanced-LRC word stamps ("<00:12.34>") and trims.
std::string CleanLrcText(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') {
      const size_t close = text.find('>', i);
      double ignored = 0.0;
      if (close != absl::string_view::npos && ParseLrcStamp(text.substr(i + 1, close - i - 1), &ignored)) {
        i = close;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

struct TimedText {
  double time_s;
  std::string text;
};

// One LRC line: its stamps and text go to `entries`; an [offset:] tag sets
// `offset_ms`.
absl::Status ParseLrcLine(const Line& line, std::vector<TimedText>& entries, int* offset_ms) {
  absl::string_view rest = absl::StripAsciiWhitespace(line.text);
  if (rest.empty()) return absl::OkStatus();
  if (!IsValidUtf8(rest)) return LineError(line.number, "not UTF-8 text; save the file as UTF-8");
  std::vector<double> stamps;
  bool tags_only = false;
  while (absl::StartsWith(rest, "[")) {
    const size_t close = rest.find(']');
    if (close == absl::string_view::npos) return LineError(line.number, "'[' without a closing ']'");
    const absl::string_view body = absl::StripAsciiWhitespace(rest.substr(1, close - 1));
    if (!body.empty() && absl::ascii_isdigit(body.front())) {
      double seconds = 0.0;
      if (!ParseLrcStamp(body, &seconds)) {
        return LineError(line.number, absl::StrCat("bad time stamp '[", Excerpt(body), "]'; expected [mm:ss.xx]"));
      }
      stamps.push_back(seconds);
    } else {
      const size_t colon = body.find(':');
      const absl::string_view key = body.substr(0, colon);
      const bool is_tag = colon != absl::string_view::npos && !key.empty() && stamps.empty() &&
                          std::all_of(key.begin(), key.end(), [](char c) { return absl::ascii_isalpha(c) || c == '#'; });
      if (!is_tag) break;  // text that happens to start with '['
      if (absl::AsciiStrToLower(key) == "offset") {
        absl::string_view value = absl::StripAsciiWhitespace(body.substr(colon + 1));
        if (absl::StartsWith(value, "+")) value.remove_prefix(1);
        if (!absl::SimpleAtoi(value, offset_ms)) {
          return LineError(line.number, absl::StrCat("bad offset '", Excerpt(body), "'; expected [offset:+/-milliseconds]"));
        }
      }
      tags_only = true;
    }
    rest = rest.substr(close + 1);
  }
  if (stamps.empty()) {
    if (tags_only && absl::StripAsciiWhitespace(rest).empty()) return absl::OkStatus();
    return LineError(line.number, "text without a [mm:ss.xx] time stamp");
  }
  const std::string text = CleanLrcText(rest);
  for (double stamp : stamps) entries.push_back({stamp, text});
  return absl::OkStatus();
}

// Strips SubRip/ASS markup: <i>, </b>, <font color=...>, {\an8}.
std::string CleanSrtText(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char open = text[i];
    if (open == '<' || (open == '{' && i + 1 < text.size() && text[i + 1] == '\\')) {
      const size_t close = text.find(open == '<' ? '>' : '}', i);
      if (close != absl::string_view::npos) {
        i = close;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

// "00:00:01,000 --> 00:00:04,000 [position settings]".
absl::Status ParseSrtTiming(const Line& line, double* start_s, double* end_s) {
  const size_t arrow = line.text.find("-->");
  const absl::string_view from = absl::StripAsciiWhitespace(line.text.substr(0, arrow));
  absl::string_view to = absl::StripAsciiWhitespace(line.text.substr(arrow + 3));
  to = to.substr(0, to.find_first_of(" \t"));
  if (!ParseClock(from, start_s) || !ParseClock(to, end_s)) {
    return LineError(line.number, absl::StrCat("bad time line '", Excerpt(line.text),
                                               "'; expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'"));
  }
  if (*end_s <= *start_s) {
    return LineError(line.number, absl::StrCat("the cue ends at ", Excerpt(to), ", not after its start at ", Excerpt(from)));
  }
  return absl::OkStatus();
}

// The first line, a break, then the rest on one line (captions have two).
std::string JoinTwoLines(const std::vector<std::string>& lines) {
  if (lines.size() <= 1) return lines.empty() ? "" : lines[0];
  return absl::StrCat(lines[0], "\n", absl::StrJoin(lines.begin() + 1, lines.end(), " "));
}

}  // namespace

absl::StatusOr<std::vector<Caption>> ParseLrc(absl::string_view text) {
  std::vector<TimedText> entries;
  int offset_ms = 0;
  for (const Line& line : SplitLines(text)) BF_RETURN_IF_ERROR(ParseLrcLine(line, entries, &offset_ms));
  for (TimedText& entry : entries) entry.time_s = std::max(0.0, entry.time_s - offset_ms / 1000.0);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const TimedText& a, const TimedText& b) { return a.time_s < b.time_s; });

  std::vector<Caption> captions;
  for (size_t i = 0; i < entries.size();) {
    // Entries stamped with the same moment show together.
    size_t next = i;
    std::vector<std::string> lines;
    while (next < entries.size() && entries[next].time_s - entries[i].time_s < kSameTimeS) {
      if (!entries[next].text.empty()) lines.push_back(entries[next].text);
      ++next;
    }
    const double start_s = entries[i].time_s;
    double end_s = start_s + kMaxLrcLineS;
    if (next < entries.size()) end_s = std::min(end_s, entries[next].time_s);
    if (!lines.empty() && end_s > start_s) captions.push_back({JoinTwoLines(lines), start_s, end_s});
    i = next;
  }
  if (captions.empty()) return absl::InvalidArgumentError("no timed lyrics: expected lines like '[00:12.30] words'");
  return captions;
}

absl::StatusOr<std::vector<Caption>> ParseSrt(absl::string_view text) {
  const std::vector<Line> lines = SplitLines(text);
  std::vector<Caption> captions;
  size_t i = 0;
  while (i < lines.size()) {
    const absl::string_view first = absl::StripAsciiWhitespace(lines[i].text);
    if (first.empty()) {
      ++i;
      continue;
    }
    // A cue: an optional number, then the time line.
    if (AllDigits(first) && i + 1 < lines.size() && absl::StrContains(lines[i + 1].text, "-->")) ++i;
    if (!absl::StrContains(lines[i].text, "-->")) {
      return LineError(lines[i].number, absl::StrCat("expected a cue number or 'HH:MM:SS,mmm --> HH:MM:SS,mmm', got '",
                                                     Excerpt(first), "'"));
    }
    Caption caption;
    BF_RETURN_IF_ERROR(ParseSrtTiming(lines[i], &caption.start_s, &caption.end_s));
    std::vector<std::string> text_lines;
    for (++i; i < lines.size() && !absl::StripAsciiWhitespace(lines[i].text).empty(); ++i) {
      if (!IsValidUtf8(lines[i].text)) return LineError(lines[i].number, "not UTF-8 text; save the file as UTF-8");
      std::string cleaned = CleanSrtText(lines[i].text);
      if (!cleaned.empty()) text_lines.push_back(std::move(cleaned));
    }
    caption.text = JoinTwoLines(text_lines);
    if (!caption.text.empty()) captions.push_back(std::move(caption));
  }
  if (captions.empty()) return absl::InvalidArgumentError("no subtitle cues: expected blocks like '1 / 00:00:01,000 --> 00:00:03,000 / words'");
  SortCaptions(captions);
  return captions;
}

bool IsLyricsFileName(absl::string_view file_name) {
  const std::string lower = absl::AsciiStrToLower(file_name);
  return absl::EndsWith(lower, ".lrc") || absl::EndsWith(lower, ".srt");
}

absl::StatusOr<std::vector<Caption>> ParseLyrics(absl::string_view file_name, absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(file_name);
  absl::StatusOr<std::vector<Caption>> captions;
  if (absl::EndsWith(lower, ".lrc")) {
    captions = ParseLrc(text);
  } else if (absl::EndsWith(lower, ".srt")) {
    captions = ParseSrt(text);
  } else {
    return absl::InvalidArgumentError(absl::StrCat("'", file_name, "' is not a lyrics file; use .lrc or .srt"));
  }
  if (!captions.ok()) return Annotate(captions.status(), absl::StrCat("'", file_name, "'"));
  // Lines longer than a caption holds are cut at a character boundary
  // rather than refusing a whole song over one line.
  for (Caption& caption : *captions) {
    if (caption.text.size() <= kMaxCaptionBytes) continue;
    size_t end = kMaxCaptionBytes;
    while (end > 0 && (static_cast<unsigned char>(caption.text[end]) & 0xC0) == 0x80) --end;
    caption.text.resize(end);
  }
  return captions;
}

absl::StatusOr<std::vector<Caption>> LoadLyricsFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read lyrics file '", path, "'"));
  std::string text;
  text.resize(static_cast<size_t>(kMaxLyricsBytes) + 1);
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  if (static_cast<int64_t>(text.size()) > kMaxLyricsBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("lyrics file '", path, "' is over the ", kMaxLyricsBytes, "-byte limit"));
  }
  return ParseLyrics(path, text);
}

}  // namespace beatframe
