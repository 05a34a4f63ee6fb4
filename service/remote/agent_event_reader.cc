#include "service/remote/agent_event_reader.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace beatframe::remote {

void AgentEventReader::Heartbeat() {
  ++result_.heartbeats;
  if (events_.on_heartbeat) events_.on_heartbeat();
}

void AgentEventReader::OnComment() { Heartbeat(); }

void AgentEventReader::Fail(int64_t code, Json answer) {
  failed_ = true;
  error_code_ = code;
  error_answer_ = std::move(answer);
}

void AgentEventReader::Text(absl::string_view text, bool partial) {
  if (text.empty()) return;
  absl::string_view fresh = text;
  if (partial) {
    partial_text_.append(text.data(), text.size());
  } else if (!partial_text_.empty()) {
    // The final event repeats what the partial chunks already carried.
    if (absl::StartsWith(text, partial_text_)) fresh.remove_prefix(partial_text_.size());
    partial_text_.clear();
  }
  if (fresh.empty()) return;
  result_.text.append(fresh.data(), fresh.size());
  if (events_.on_text) events_.on_text(fresh);
}

void AgentEventReader::OnEvent(const SseEvent& event) {
  if (failed_) return;
  ++result_.events;
  const std::string type = absl::AsciiStrToLower(event.type);
  if (type == "heartbeat" || type == "ping" || absl::StripAsciiWhitespace(event.data).empty()) {
    Heartbeat();
    return;
  }
  Json data = ParseJson(event.data);
  if (type == "error") {
    const int64_t code = data.is_object() ? IntMember(data, "code", -1) : -1;
    Fail(code == 0 ? -1 : code, std::move(data));
    return;
  }
  if (!data.is_object()) {
    // Plain text (or JSON that is not an object, e.g. a bare string).
    if (data.is_string()) {
      Text(data.get<std::string>(), false);
    } else {
      Text(event.data, false);
    }
    return;
  }
  if (StringMember(data, "type") == "heartbeat") {
    Heartbeat();
    return;
  }
  const Json* content = Member(data, "content");
  const int64_t code = IntMember(data, "code", 0);
  if (code != 0 && content == nullptr) {
    Fail(code, std::move(data));
    return;
  }
  const Json* partial_flag = Member(data, "partial");
  const bool partial = partial_flag != nullptr && partial_flag->is_boolean() && partial_flag->get<bool>();
  const Json* parts = content != nullptr ? Member(*content, "parts") : nullptr;
  if (parts != nullptr && parts->is_array()) {
    for (const Json& part : *parts) {
      if (const Json* call = Member(part, "functionCall")) {
        ++result_.tool_calls;
        if (events_.on_tool) events_.on_tool(StringMember(*call, "name"), false);
      } else if (const Json* response = Member(part, "functionResponse")) {
        ++result_.tool_results;
        if (events_.on_tool) events_.on_tool(StringMember(*response, "name"), true);
      } else if (const Json* thought = Member(part, "thought"); thought != nullptr && thought->is_boolean() &&
                                                                 thought->get<bool>()) {
        continue;  // the model's reasoning, not the reply
      } else {
        Text(StringMember(part, "text"), partial);
      }
    }
    return;
  }
  // Simpler shapes: {"text": "..."} or {"type": "text", "content": "..."}.
  if (Member(data, "text") != nullptr) {
    Text(StringMember(data, "text"), partial);
  } else if (content != nullptr && content->is_string()) {
    Text(content->get<std::string>(), partial);
  } else {
    Heartbeat();  // a status event with nothing for the user: the work goes on
  }
}

}  // namespace beatframe::remote
