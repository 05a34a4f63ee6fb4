#include "service/remote/sse_parser.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace beatframe::remote {
namespace {

constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string DecodeUtf8Lossy(absl::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  int needed = 0;
  int seen = 0;
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
  size_t start = 0;  // first byte of the sequence being decoded
  size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (needed == 0) {
      start = i;
      ++i;
      if (b <= 0x7F) {
        out.push_back(static_cast<char>(b));
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;
        needed = 2;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;
        needed = 3;
      } else {
        out.append(kReplacement);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is a maximal malformed subpart; `b` starts anew.
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      out.append(kReplacement);
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    ++i;
    if (++seen == needed) {
      out.append(bytes.data() + start, i - start);
      needed = seen = 0;
    }
  }
  if (needed != 0) out.append(kReplacement);
  return out;
}

SseParser::SseParser(EventHandler on_event, CommentHandler on_comment, size_t max_line_bytes)
    : on_event_(std::move(on_event)), on_comment_(std::move(on_comment)), max_line_bytes_(max_line_bytes) {}

absl::Status SseParser::Feed(absl::string_view bytes) {
  if (!error_.ok()) return error_;
  size_t i = 0;
  // The decoder drops one leading BOM; a partial match that fails is content.
  while (!bom_done_ && i < bytes.size()) {
    if (static_cast<unsigned char>(bytes[i]) == kBom[bom_matched_]) {
      ++i;
      if (++bom_matched_ == 3) bom_done_ = true;
    } else {
      bom_done_ = true;
      AppendToLine(absl::string_view(reinterpret_cast<const char*>(kBom), bom_matched_));
    }
  }
  while (i < bytes.size() && error_.ok()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes[i] == '\n') {
        ++i;  // the LF of a CRLF split across two calls, or just consumed
        continue;
      }
    }
    const size_t end = bytes.find_first_of("\r\n", i);
    if (end == absl::string_view::npos) {
      AppendToLine(bytes.substr(i));
      break;
    }
    AppendToLine(bytes.substr(i, end - i));
    if (!error_.ok()) break;
    after_cr_ = bytes[end] == '\r';
    i = end + 1;
    ProcessLine();
  }
  return error_;
}

void SseParser::AppendToLine(absl::string_view bytes) {
  line_.append(bytes.data(), bytes.size());
  if (line_.size() > max_line_bytes_) {
    error_ = absl::ResourceExhaustedError(
        absl::StrCat("event stream line longer than ", max_line_bytes_, " bytes"));
  }
}

void SseParser::ProcessLine() {
  const std::string line = DecodeUtf8Lossy(line_);
  line_.clear();
  if (line.empty()) {
    Dispatch();
    return;
  }
  if (line[0] == ':') {
    if (on_comment_) on_comment_(absl::string_view(line).substr(1));
    return;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) {
    ProcessField(line, "");
    return;
  }
  absl::string_view value = absl::string_view(line).substr(colon + 1);
  if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  ProcessField(absl::string_view(line).substr(0, colon), value);
}

void SseParser::ProcessField(absl::string_view field, absl::string_view value) {
  if (field == "event") {
    event_type_ = std::string(value);
  } else if (field == "data") {
    if (data_.size() + value.size() + 1 > max_line_bytes_) {
      error_ = absl::ResourceExhaustedError(
          absl::StrCat("event stream event data longer than ", max_line_bytes_, " bytes"));
      return;
    }
    data_.append(value.data(), value.size());
    data_.push_back('\n');
  } else if (field == "id") {
    if (value.find('\0') == absl::string_view::npos) last_event_id_ = std::string(value);
  } else if (field == "retry") {
    // Only ASCII digits count; a value too long for int64 is ignored too.
    int64_t ms = 0;
    if (AllDigits(value) && value.size() <= 18 && absl::SimpleAtoi(value, &ms)) retry_ms_ = ms;
  }
  // Any other field is ignored.
}

void SseParser::Dispatch() {
  if (data_.empty()) {
    event_type_.clear();
    return;
  }
  data_.pop_back();  // the LF after the last data line
  SseEvent event;
  if (!event_type_.empty()) event.type = std::move(event_type_);
  event.data = std::move(data_);
  event.last_event_id = last_event_id_;
  data_.clear();
  event_type_.clear();
  if (on_event_) on_event_(event);
}

void SseParser::Finish() {
  line_.clear();
  data_.clear();
  event_type_.clear();
  after_cr_ = false;
}

void SseParser::Reset() {
  Finish();
  error_ = absl::OkStatus();
  bom_matched_ = 0;
  bom_done_ = false;
  last_event_id_.clear();
  retry_ms_.reset();
}

}  // namespace beatframe::remote
