// Turns the events of a /run_sse stream into reply text, heartbeats and
// (internal) tool calls, reading each event's data as ADK Event JSON (see
// remote_client.h). Partial text chunks are passed on as they come; the final
// aggregate that repeats them is not passed on twice.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "service/remote/json_util.h"
#include "service/remote/remote_client.h"
#include "service/remote/sse_parser.h"

namespace beatframe::remote {

class AgentEventReader {
 public:
  // Both must outlive the reader.
  AgentEventReader(const StreamEvents& events, MessageResult* result) : events_(events), result_(*result) {}

  void OnEvent(const SseEvent& event);
  void OnComment();

  // The stream carried an error answer (`event: error` or {"code": N}).
  bool failed() const { return failed_; }
  int64_t error_code() const { return error_code_; }
  const Json& error_answer() const { return error_answer_; }

 private:
  void Heartbeat();
  void Text(absl::string_view text, bool partial);
  void Fail(int64_t code, Json answer);

  const StreamEvents& events_;
  MessageResult& result_;
  std::string partial_text_;  // text of partial chunks since the last final event
  bool failed_ = false;
  int64_t error_code_ = 0;
  Json error_answer_;
};

}  // namespace beatframe::remote
