#include "client/json_output.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

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

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(&out, absl::StrFormat("\\u%04x", static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

std::string FormatAnalyzeJson(const beatframe::v1::AnalyzeResponse& response) {
  std::string out = absl::StrCat("{\"tempo_bpm\": ", JsonNumber(response.tempo_bpm()),
                                 ", \"duration_s\": ", JsonNumber(response.duration_s()),
                                 ", \"beats\": ", JsonArray(response.beat_times_s()),
                                 ", \"downbeats\": ", JsonArray(response.downbeat_times_s()),
                                 ", \"time_signature\": ", response.time_signature(), ", \"sections\": [");
  for (int i = 0; i < response.sections_size(); ++i) {
    const beatframe::v1::Section& section = response.sections(i);
    absl::StrAppend(&out, i > 0 ? ", " : "", "{\"start_s\": ", JsonNumber(section.start_s()),
                    ", \"end_s\": ", JsonNumber(section.end_s()), ", \"label\": ", JsonString(section.label()), "}");
  }
  absl::StrAppend(&out, "], \"loudness_lufs\": ", JsonNumber(response.loudness_lufs()), ", \"tempo_curve\": [");
  for (int i = 0; i < response.tempo_curve_size(); ++i) {
    const beatframe::v1::TempoPoint& point = response.tempo_curve(i);
    absl::StrAppend(&out, i > 0 ? ", " : "", "{\"time_s\": ", JsonNumber(point.time_s()),
                    ", \"bpm\": ", JsonNumber(point.bpm()), "}");
  }
  absl::StrAppend(&out, "]}");
  return out;
}

}  // namespace beatframe::client
