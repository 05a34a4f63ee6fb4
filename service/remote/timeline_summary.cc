#include "service/remote/timeline_summary.h"

#include <cmath>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace beatframe::remote {
namespace {

std::string FirstString(const Json& m, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    std::string value = StringMember(m, key);
    if (!value.empty()) return value;
  }
  return "";
}

const char* TrackLabel(int64_t type) {
  switch (type) {
    case 0: return "Video";
    case 1: return "BGM";
    case 7: return "Title";
    default: return "Track";
  }
}

std::string SegmentLabel(int64_t type, const Json& m) {
  if (type == 7) {
    const std::string text = FirstString(m, {"text", "content", "name", "title"});
    return text.empty() ? "(no text)" : absl::StrCat("\"", text, "\"");
  }
  std::string name = FirstString(m, {"name", "title", "label", "desc", "description"});
  if (name.empty()) {
    const std::string file = FirstString(m, {"file_name", "filename", "src", "url", "path"});
    if (!file.empty()) name = std::filesystem::path(file).filename().string();
  }
  return name.empty() ? "untitled" : name;
}

std::string VolumeText(const Json& m) {
  const Json* v = Member(m, "volume");
  if (v == nullptr) v = Member(m, "vol");
  if (v == nullptr || !v->is_number()) return "";
  double volume = v->get<double>();
  if (volume <= 1.0) volume *= 100.0;
  return absl::StrFormat(", %d%%", static_cast<int>(std::lround(volume)));
}

}  // namespace

std::string FormatSeconds(double ms) {
  const double tenths = std::round(ms / 100.0);
  if (std::fmod(tenths, 10.0) == 0.0) return absl::StrFormat("%.0f", tenths / 10.0);
  return absl::StrFormat("%.1f", tenths / 10.0);
}

absl::StatusOr<std::string> SummarizeTimeline(const Json& given) {
  Json draft = given;
  if (draft.is_string()) draft = ParseJson(given.get<std::string>());
  const Json* tracks = Member(draft, "t");
  if (tracks == nullptr || !tracks->is_array()) {
    return absl::InvalidArgumentError("the remote timeline has no track list");
  }
  std::vector<std::string> items;
  int index = 0;
  for (const Json& track : *tracks) {
    const int64_t type = IntMember(track, "tt", -1);
    std::vector<std::string> segments;
    double cursor_ms = 0;
    if (const Json* sg = Member(track, "sg"); sg != nullptr && sg->is_array()) {
      for (const Json& segment : *sg) {
        const Json* m = Member(segment, "m");
        const Json meta = m != nullptr ? *m : Json::object();
        const double start_ms =
            Member(segment, "s") != nullptr ? NumberMember(segment, "s") : NumberMember(segment, "st", cursor_ms);
        const double end_ms = start_ms + std::max(0.0, NumberMember(segment, "d"));
        cursor_ms = end_ms;
        segments.push_back(absl::StrCat(SegmentLabel(type, meta), " (", FormatSeconds(start_ms), "-",
                                        FormatSeconds(end_ms), "s", type == 1 ? VolumeText(meta) : "", ")"));
      }
    }
    items.push_back(absl::StrCat(++index, ". ", TrackLabel(type), ": ",
                                 segments.empty() ? "empty" : absl::StrJoin(segments, ", ")));
  }
  return absl::StrCat("Timeline (", items.size(), items.size() == 1 ? " track" : " tracks", ")",
                      items.empty() ? "" : ": ", absl::StrJoin(items, " "));
}

}  // namespace beatframe::remote
