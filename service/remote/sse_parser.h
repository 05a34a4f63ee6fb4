// An incremental Server-Sent Events parser following the WHATWG HTML spec's
// "event stream interpretation": `event`, `data`, `id` and `retry` fields,
// multi-line data joined with "\n", comments (lines starting with ':'), CR,
// LF and CRLF line ends, one leading BOM, and UTF-8 decoding with U+FFFD for
// malformed bytes. Bytes may arrive split anywhere (even inside a CRLF or the
// BOM): the events are the same as for the stream fed in one piece.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace beatframe::remote {

struct SseEvent {
  std::string type = "message";  // the `event` field; "message" when the event named none
  std::string data;              // the `data` lines joined with "\n" (may be empty)
  std::string last_event_id;     // the last `id` field seen in the stream so far
  bool operator==(const SseEvent&) const = default;
};

class SseParser {
 public:
  // Called once per dispatched event (a blank line after at least one `data`
  // field). An event with no data field at all is not dispatched (per spec).
  using EventHandler = std::function<void(const SseEvent& event)>;
  // Called for every comment line with the text after the ':' (servers use
  // comments as keep-alives). Optional.
  using CommentHandler = std::function<void(absl::string_view comment)>;

  // Lines (and the data of one event) longer than this are refused, so a
  // hostile stream cannot grow memory without bound.
  static constexpr size_t kDefaultMaxLineBytes = 16 << 20;

  explicit SseParser(EventHandler on_event, CommentHandler on_comment = nullptr,
                     size_t max_line_bytes = kDefaultMaxLineBytes);

  // Parses the next bytes of the stream; handlers run before Feed returns.
  // RESOURCE_EXHAUSTED once a line or an event's data exceeds the limit;
  // after an error every later Feed returns the same error.
  absl::Status Feed(absl::string_view bytes);

  // The stream ended: an event without its closing blank line (and a last
  // line without its line end) is discarded, as the spec says.
  void Finish();

  // Forgets everything, for a new stream (a reconnection).
  void Reset();

  // The last valid `retry` field (milliseconds), if any.
  std::optional<int64_t> retry_ms() const { return retry_ms_; }
  // The last event id buffer (persists across events; set by `id` fields).
  const std::string& last_event_id() const { return last_event_id_; }

 private:
  void AppendToLine(absl::string_view bytes);
  void ProcessLine();
  void ProcessField(absl::string_view field, absl::string_view value);
  void Dispatch();

  EventHandler on_event_;
  CommentHandler on_comment_;
  size_t max_line_bytes_;
  absl::Status error_;

  int bom_matched_ = 0;     // bytes of a leading BOM seen so far
  bool bom_done_ = false;   // past the point where a BOM could be
  bool after_cr_ = false;   // the last byte was a CR: a following LF belongs to it
  std::string line_;        // bytes of the current, unterminated line
  std::string data_;        // the data buffer
  std::string event_type_;  // the event type buffer
  std::string last_event_id_;
  std::optional<int64_t> retry_ms_;
};

// Replaces each maximal malformed subsequence with U+FFFD, as the WHATWG
// UTF-8 decoder does. Exposed for tests.
std::string DecodeUtf8Lossy(absl::string_view bytes);

}  // namespace beatframe::remote
