// Exception-free reading of nlohmann::json values received from the remote
// service: every accessor checks the type and falls back to a default, so a
// malformed answer becomes a clear error further up, never a throw.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace beatframe::remote {

using Json = nlohmann::json;

// Parses `text`; a discarded value (is_discarded()) when it is not JSON.
inline Json ParseJson(absl::string_view text) {
  return Json::parse(text.begin(), text.end(), /*cb=*/nullptr, /*allow_exceptions=*/false);
}

// Serialises without throwing: malformed UTF-8 in strings becomes U+FFFD.
inline std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The member `key` of an object, or nullptr.
inline const Json* Member(const Json& value, absl::string_view key) {
  if (!value.is_object()) return nullptr;
  auto it = value.find(std::string(key));
  return it == value.end() ? nullptr : &*it;
}

inline std::string StringMember(const Json& value, absl::string_view key, std::string fallback = "") {
  const Json* m = Member(value, key);
  return m != nullptr && m->is_string() ? m->get<std::string>() : fallback;
}

inline double NumberMember(const Json& value, absl::string_view key, double fallback = 0.0) {
  const Json* m = Member(value, key);
  return m != nullptr && m->is_number() ? m->get<double>() : fallback;
}

// An integer member; numbers written as strings ("1001") count too.
inline int64_t IntMember(const Json& value, absl::string_view key, int64_t fallback = 0) {
  const Json* m = Member(value, key);
  if (m == nullptr) return fallback;
  if (m->is_number_integer()) return m->get<int64_t>();
  if (m->is_number_float()) return static_cast<int64_t>(m->get<double>());
  if (m->is_string()) {
    const std::string& s = m->get_ref<const std::string&>();
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end != nullptr && *end == '\0') return v;
  }
  return fallback;
}

// The answer's payload: its `data` member when it has one, else the answer.
inline const Json& DataOf(const Json& answer) {
  const Json* data = Member(answer, "data");
  return data != nullptr && !data->is_null() ? *data : answer;
}

}  // namespace beatframe::remote
