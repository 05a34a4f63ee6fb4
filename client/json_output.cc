#include "client/json_output.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace beatframe::client {
namespace {

template <typename Values>
std::string JsonArray(const Values& values) {
  std::string out = "[";
  for (int i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += JsonNumber(values[i]);
  }
  out += "]";
  return out;
}

}  // namespace

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[64];
  // to_chars without a format gives the shortest round-trip representation.
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return "null";
  std::string text(buffer, end);
  // Keep numbers visibly floating point ("120.0", not "120") so readers in
  // typed languages do not infer an integer field.
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string FormatAnalyzeJson(const beatframe::v1::AnalyzeResponse& response) {
  std::string out = absl::StrCat("{\"tempo_bpm\": ", JsonNumber(response.tempo_bpm()),
                                 ", \"duration_s\": ", JsonNumber(response.duration_s()),
                                 ", \"beats\": ", JsonArray(response.beat_times_s()));
  if (response.downbeat_times_s_size() > 0) {
    absl::StrAppend(&out, ", \"downbeats\": ", JsonArray(response.downbeat_times_s()));
  }
  out += "}";
  return out;
}

}  // namespace beatframe::client
