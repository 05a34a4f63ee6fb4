#include "service/job_spec_codec.h"

#include "nlohmann/json.hpp"

namespace beatframe::service {
namespace {

using Json = nlohmann::json;

// Non-throwing readers: a missing or mistyped key leaves the default.
void Read(const Json& object, const char* key, std::string& out) {
  const auto it = object.find(key);
  if (it != object.end() && it->is_string()) out = it->get<std::string>();
}
void Read(const Json& object, const char* key, double& out) {
  const auto it = object.find(key);
  if (it != object.end() && it->is_number()) out = it->get<double>();
}
void Read(const Json& object, const char* key, int64_t& out) {
  const auto it = object.find(key);
  if (it != object.end() && it->is_number_integer()) out = it->get<int64_t>();
}

}  // namespace

std::string EncodeJobSpec(const JobSpec& spec) {
  Json captions = Json::array();
  for (const Caption& caption : spec.captions) {
    captions.push_back({{"text", caption.text},
                        {"start_s", caption.start_s},
                        {"end_s", caption.end_s},
                        {"top", caption.position == CaptionPosition::kTop}});
  }
  const Json json = {{"job_id", spec.job_id},
                     {"session_id", spec.session_id},
                     {"asset_id", spec.asset_id},
                     {"output_id", spec.output_id},
                     {"input_path", spec.input_path},
                     {"output_path", spec.output_path},
                     {"prompt", spec.prompt},
                     {"aspect", spec.aspect},
                     {"resolution", spec.resolution},
                     {"title", spec.title},
                     {"captions", captions},
                     {"lyrics_path", spec.lyrics_path},
                     {"media_paths", spec.media_paths},
                     {"contact_sheet_id", spec.contact_sheet_id},
                     {"contact_sheet_path", spec.contact_sheet_path},
                     {"credits", spec.credits},
                     {"edits",
                      {{"start_s", spec.edits.start_s},
                       {"end_s", spec.edits.end_s},
                       {"fade_in_s", spec.edits.fade_in_s},
                       {"fade_out_s", spec.edits.fade_out_s},
                       {"music_volume", spec.edits.music_volume},
                       {"background_music_path", spec.edits.background_music_path},
                       {"background_volume", spec.edits.background_volume},
                       {"title_start_s", spec.edits.title_start_s},
                       {"title_duration_s", spec.edits.title_duration_s},
                       {"style", spec.edits.style},
                       {"palette", spec.edits.palette},
                       {"intensity", spec.edits.intensity}}}};
  // Invalid UTF-8 cannot reach here (captions and titles are checked), but a
  // replacement character is better than an exception if it ever does.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<JobSpec> DecodeJobSpec(const std::string& text) {
  const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return absl::InvalidArgumentError("the stored job spec is not a JSON object");
  JobSpec spec;
  Read(json, "job_id", spec.job_id);
  Read(json, "session_id", spec.session_id);
  Read(json, "asset_id", spec.asset_id);
  Read(json, "output_id", spec.output_id);
  Read(json, "input_path", spec.input_path);
  Read(json, "output_path", spec.output_path);
  Read(json, "prompt", spec.prompt);
  Read(json, "aspect", spec.aspect);
  Read(json, "resolution", spec.resolution);
  Read(json, "title", spec.title);
  Read(json, "lyrics_path", spec.lyrics_path);
  Read(json, "contact_sheet_id", spec.contact_sheet_id);
  Read(json, "contact_sheet_path", spec.contact_sheet_path);
  Read(json, "credits", spec.credits);
  if (const auto edits = json.find("edits"); edits != json.end() && edits->is_object()) {
    Read(*edits, "start_s", spec.edits.start_s);
    Read(*edits, "end_s", spec.edits.end_s);
    Read(*edits, "fade_in_s", spec.edits.fade_in_s);
    Read(*edits, "fade_out_s", spec.edits.fade_out_s);
    Read(*edits, "music_volume", spec.edits.music_volume);
    Read(*edits, "background_music_path", spec.edits.background_music_path);
    Read(*edits, "background_volume", spec.edits.background_volume);
    Read(*edits, "title_start_s", spec.edits.title_start_s);
    Read(*edits, "title_duration_s", spec.edits.title_duration_s);
    Read(*edits, "style", spec.edits.style);
    Read(*edits, "palette", spec.edits.palette);
    Read(*edits, "intensity", spec.edits.intensity);
  }
  if (const auto media = json.find("media_paths"); media != json.end() && media->is_array()) {
    for (const Json& item : *media) {
      if (item.is_string()) spec.media_paths.push_back(item.get<std::string>());
    }
  }
  if (const auto captions = json.find("captions"); captions != json.end() && captions->is_array()) {
    for (const Json& item : *captions) {
      if (!item.is_object()) return absl::InvalidArgumentError("a stored caption is not a JSON object");
      Caption caption;
      Read(item, "text", caption.text);
      Read(item, "start_s", caption.start_s);
      Read(item, "end_s", caption.end_s);
      if (const auto top = item.find("top"); top != item.end() && top->is_boolean() && top->get<bool>()) {
        caption.position = CaptionPosition::kTop;
      }
      spec.captions.push_back(std::move(caption));
    }
  }
  if (spec.job_id.empty() || spec.output_id.empty() || spec.input_path.empty() || spec.output_path.empty()) {
    return absl::InvalidArgumentError("the stored job spec lacks its ids or paths");
  }
  return spec;
}

}  // namespace beatframe::service
