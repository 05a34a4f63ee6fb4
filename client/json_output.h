// Machine-readable output of `beatframe analyze --json`. Scripts parse this,
// so the shape is fixed: {"tempo_bpm": N, "duration_s": N, "beats": [...],
// "downbeats": [...], "time_signature": N, "sections": [{"start_s": N,
// "end_s": N, "label": "..."}], "loudness_lufs": N}, every key always
// present, numbers written so they read back to the same double.
#pragma once

#include <string>

#include "beatframe/v1/beatframe.pb.h"

namespace beatframe::client {

// A JSON number for `value`: the shortest text that parses back to the same
// double, always with a decimal point or exponent ("120.0", "0.5", "1e-07");
// "null" for NaN or infinity, which JSON cannot represent.
std::string JsonNumber(double value);

// A JSON string literal for `text`, quoted and escaped.
std::string JsonString(const std::string& text);

// One line of JSON (no trailing newline), keys in the order above.
// "time_signature" is an integer (0 without beats).
std::string FormatAnalyzeJson(const beatframe::v1::AnalyzeResponse& response);

}  // namespace beatframe::client
