#include "engine/timeline/draft_json.h"

#include <cmath>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "nlohmann/json.hpp"

namespace beatframe {
namespace {

using Json = nlohmann::json;

constexpr const char* kFormat = "beatframe.draft";
constexpr int kVersion = 1;

absl::Status Bad(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("draft JSON: ", path, " ", what));
}

// Collects the parser's own description of a syntax error ("parse error at
// line 1, column 9: syntax error ..."); nlohmann's exceptions stay unthrown.
class SyntaxCheck : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
    message_ = error.what();
    return false;
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

absl::StatusOr<Json> Parse(absl::string_view text) {
  SyntaxCheck check;
  if (!Json::sax_parse(text.begin(), text.end(), &check) || !check.message().empty()) {
    std::string message = check.message();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    if (const size_t at = message.find("] "); at != std::string::npos) message = message.substr(at + 2);
    return absl::InvalidArgumentError(absl::StrCat("draft JSON is not valid JSON: ", message));
  }
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("draft JSON is not valid JSON");
  if (!json.is_object()) return Bad("the top level", "must be an object");
  return json;
}

enum class Range { kAny, kNonNegative, kPositive };

// Reads obj[key] as an integer when present (required: must be). Whole
// floating-point values (3000.0) count as integers.
absl::Status ReadInt(const Json& obj, const char* key, const std::string& path, int64_t& out, bool required,
                     Range range = Range::kNonNegative) {
  const auto it = obj.find(key);
  const std::string where = absl::StrCat(path, path.empty() ? "" : ".", key);
  if (it == obj.end()) return required ? Bad(where, "is missing") : absl::OkStatus();
  int64_t value = 0;
  if (it->is_number_integer()) {
    value = it->get<int64_t>();
  } else if (it->is_number_float() && std::isfinite(it->get<double>()) && std::abs(it->get<double>()) < 1e15 &&
             std::trunc(it->get<double>()) == it->get<double>()) {
    value = static_cast<int64_t>(it->get<double>());
  } else {
    return Bad(where, "must be an integer");
  }
  if (range == Range::kPositive && value <= 0) return Bad(where, "must be a positive integer");
  if (range == Range::kNonNegative && value < 0) return Bad(where, "must not be negative");
  out = value;
  return absl::OkStatus();
}

absl::Status ReadInt32(const Json& obj, const char* key, const std::string& path, int& out, Range range = Range::kAny) {
  int64_t value = out;
  BF_RETURN_IF_ERROR(ReadInt(obj, key, path, value, false, range));
  if (value < -1'000'000 || value > 1'000'000) return Bad(absl::StrCat(path, ".", key), "is out of range");
  out = static_cast<int>(value);
  return absl::OkStatus();
}

absl::Status ReadString(const Json& obj, const char* key, const std::string& path, std::string& out,
                        bool required = false) {
  const auto it = obj.find(key);
  const std::string where = absl::StrCat(path, path.empty() ? "" : ".", key);
  if (it == obj.end()) return required ? Bad(where, "is missing") : absl::OkStatus();
  if (!it->is_string()) return Bad(where, "must be a string");
  out = it->get<std::string>();
  return absl::OkStatus();
}

// obj[key] as an object or array; null when absent and not required.
absl::StatusOr<const Json*> Child(const Json& obj, const char* key, const std::string& path, bool array, bool required) {
  const auto it = obj.find(key);
  const std::string where = absl::StrCat(path, path.empty() ? "" : ".", key);
  if (it == obj.end()) {
    if (required) return Bad(where, "is missing");
    return static_cast<const Json*>(nullptr);
  }
  if (array ? !it->is_array() : !it->is_object()) return Bad(where, array ? "must be an array" : "must be an object");
  return &*it;
}

absl::Status ReadSettingsFields(const Json& obj, const std::string& path, DraftSettings& settings) {
  BF_RETURN_IF_ERROR(ReadString(obj, "aspect", path, settings.aspect));
  BF_RETURN_IF_ERROR(ReadInt32(obj, "resolution", path, settings.resolution));
  BF_RETURN_IF_ERROR(ReadInt32(obj, "intensity", path, settings.intensity));
  std::string cut_rate = CutRateName(settings.cut_rate);
  BF_RETURN_IF_ERROR(ReadString(obj, "cut_rate", path, cut_rate));
  absl::StatusOr<CutRate> rate = ParseCutRate(cut_rate);
  if (!rate.ok()) return Bad(absl::StrCat(path, ".cut_rate"), rate.status().message());
  settings.cut_rate = *rate;
  return absl::OkStatus();
}

absl::Status ReadMusicFields(const Json& obj, const std::string& path, MusicSource& music) {
  BF_RETURN_IF_ERROR(ReadString(obj, "asset_id", path, music.asset_id, true));
  BF_RETURN_IF_ERROR(ReadString(obj, "title", path, music.title));
  BF_RETURN_IF_ERROR(ReadString(obj, "artist", path, music.artist));
  return ReadInt(obj, "duration_ms", path, music.duration_ms, true, Range::kPositive);
}

Json SettingsJson(const DraftSettings& settings) {
  return Json{{"aspect", settings.aspect},
              {"resolution", settings.resolution},
              {"cut_rate", CutRateName(settings.cut_rate)},
              {"intensity", settings.intensity}};
}

Json MusicJson(const MusicSource& music) {
  return Json{{"asset_id", music.asset_id}, {"title", music.title}, {"artist", music.artist},
              {"duration_ms", music.duration_ms}};
}

// The parameters that apply to a role, under either naming scheme.
struct Keys {
  const char* asset_id;
  const char* source_in;
  const char* name;
  const char* style;
  const char* palette;
  const char* text;
  const char* font_size;
  const char* position;
  const char* volume;
  const char* fade_in;
  const char* fade_out;
};
constexpr Keys kLongKeys = {"asset_id", "source_in_ms", "name", "style", "palette", "text",
                            "font_size_px", "position", "volume_percent", "fade_in_ms", "fade_out_ms"};
constexpr Keys kShortKeys = {"asset_id", "in", "title", "style", "palette", "text",
                             "font_size", "position", "volume", "fade_in", "fade_out"};

void WriteParameters(TrackRole role, const Segment& segment, const Keys& keys, Json& out) {
  switch (TypeOfRole(role)) {
    case TrackType::kVideo:
      out[keys.style] = segment.style;
      out[keys.palette] = segment.palette;
      break;
    case TrackType::kAudio:
      out[keys.asset_id] = segment.asset_id;
      out[keys.source_in] = segment.source_in_ms;
      out[keys.name] = segment.name;
      out[keys.volume] = segment.volume_percent;
      break;
    case TrackType::kText:
      out[keys.text] = segment.text;
      out[keys.font_size] = segment.font_size_px;
      out[keys.position] = TextPositionName(segment.position);
      return;  // text has no fades
  }
  out[keys.fade_in] = segment.fade_in_ms;
  out[keys.fade_out] = segment.fade_out_ms;
}

absl::Status ReadParameters(const Json& obj, const std::string& path, const Keys& keys, Segment& segment) {
  BF_RETURN_IF_ERROR(ReadString(obj, keys.asset_id, path, segment.asset_id));
  BF_RETURN_IF_ERROR(ReadInt(obj, keys.source_in, path, segment.source_in_ms, false));
  BF_RETURN_IF_ERROR(ReadString(obj, keys.name, path, segment.name));
  BF_RETURN_IF_ERROR(ReadString(obj, keys.style, path, segment.style));
  BF_RETURN_IF_ERROR(ReadString(obj, keys.palette, path, segment.palette));
  BF_RETURN_IF_ERROR(ReadString(obj, keys.text, path, segment.text));
  BF_RETURN_IF_ERROR(ReadInt32(obj, keys.font_size, path, segment.font_size_px, Range::kNonNegative));
  BF_RETURN_IF_ERROR(ReadInt32(obj, keys.volume, path, segment.volume_percent, Range::kNonNegative));
  BF_RETURN_IF_ERROR(ReadInt(obj, keys.fade_in, path, segment.fade_in_ms, false));
  BF_RETURN_IF_ERROR(ReadInt(obj, keys.fade_out, path, segment.fade_out_ms, false));
  std::string position = TextPositionName(segment.position);
  BF_RETURN_IF_ERROR(ReadString(obj, keys.position, path, position));
  const std::optional<TextPosition> parsed = ParseTextPosition(position);
  if (!parsed.has_value()) {
    return Bad(absl::StrCat(path, ".", keys.position), "must be \"center\", \"lower_third\" or \"top\"");
  }
  segment.position = *parsed;
  return absl::OkStatus();
}

absl::Status Finish(Draft& draft) {
  NormalizeTrackOrder(draft);
  return Annotate(ValidateDraft(draft), "draft JSON");
}

std::string Dump(const Json& json, int indent) {
  // Replace, never throw, should a string not be UTF-8 (ValidateDraft
  // refuses such drafts, but export must not crash on any draft).
  return json.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

}  // namespace

std::string DraftToJson(const Draft& draft, bool pretty) {
  Json tracks = Json::array();
  for (const Track& track : draft.tracks) {
    Json segments = Json::array();
    for (const Segment& segment : track.segments) {
      Json out{{"start_ms", segment.start_ms}, {"duration_ms", segment.duration_ms}};
      WriteParameters(track.role, segment, kLongKeys, out);
      segments.push_back(std::move(out));
    }
    tracks.push_back(Json{{"role", TrackRoleName(track.role)},
                          {"type", TrackTypeName(track.type())},
                          {"segments", std::move(segments)}});
  }
  const Json json{{"format", kFormat},
                  {"version", kVersion},
                  {"music", MusicJson(draft.music)},
                  {"settings", SettingsJson(draft.settings)},
                  {"tracks", std::move(tracks)}};
  return Dump(json, pretty ? 2 : -1);
}

absl::StatusOr<Draft> DraftFromJson(absl::string_view text) {
  BF_ASSIGN_OR_RETURN(const Json json, Parse(text));
  std::string format;
  BF_RETURN_IF_ERROR(ReadString(json, "format", "", format, true));
  if (format != kFormat) return Bad("format", absl::StrCat("is '", format, "', expected '", kFormat, "'"));
  int64_t version = 0;
  BF_RETURN_IF_ERROR(ReadInt(json, "version", "", version, true));
  if (version != kVersion) return Bad("version", absl::StrCat("is ", version, "; this build reads version ", kVersion));
  Draft draft;
  BF_ASSIGN_OR_RETURN(const Json* music, Child(json, "music", "", false, true));
  BF_RETURN_IF_ERROR(ReadMusicFields(*music, "music", draft.music));
  BF_ASSIGN_OR_RETURN(const Json* settings, Child(json, "settings", "", false, false));
  if (settings != nullptr) BF_RETURN_IF_ERROR(ReadSettingsFields(*settings, "settings", draft.settings));
  BF_ASSIGN_OR_RETURN(const Json* tracks, Child(json, "tracks", "", true, true));
  for (size_t i = 0; i < tracks->size(); ++i) {
    const Json& in = (*tracks)[i];
    const std::string path = absl::StrCat("tracks[", i, "]");
    if (!in.is_object()) return Bad(path, "must be an object");
    std::string role_name;
    BF_RETURN_IF_ERROR(ReadString(in, "role", path, role_name, true));
    const std::optional<TrackRole> role = ParseTrackRole(role_name);
    if (!role.has_value()) {
      return Bad(path + ".role",
                 absl::StrCat("is '", role_name, "'; expected visuals, music, background_music, title or captions"));
    }
    std::string type_name = TrackTypeName(TypeOfRole(*role));
    BF_RETURN_IF_ERROR(ReadString(in, "type", path, type_name));
    if (type_name != TrackTypeName(TypeOfRole(*role))) {
      return Bad(path + ".type", absl::StrCat("is '", type_name, "' but a ", role_name, " track is ",
                                              TrackTypeName(TypeOfRole(*role))));
    }
    Track track{*role, {}};
    BF_ASSIGN_OR_RETURN(const Json* segments, Child(in, "segments", path, true, true));
    for (size_t j = 0; j < segments->size(); ++j) {
      const Json& item = (*segments)[j];
      const std::string where = absl::StrCat(path, ".segments[", j, "]");
      if (!item.is_object()) return Bad(where, "must be an object");
      Segment segment;
      BF_RETURN_IF_ERROR(ReadInt(item, "start_ms", where, segment.start_ms, true));
      BF_RETURN_IF_ERROR(ReadInt(item, "duration_ms", where, segment.duration_ms, true, Range::kPositive));
      BF_RETURN_IF_ERROR(ReadParameters(item, where, kLongKeys, segment));
      track.segments.push_back(std::move(segment));
    }
    draft.tracks.push_back(std::move(track));
  }
  BF_RETURN_IF_ERROR(Finish(draft));
  return draft;
}

std::string DraftToShortJson(const Draft& draft) {
  Json tracks = Json::array();
  for (const Track& track : draft.tracks) {
    Json segments = Json::array();
    for (const Segment& segment : track.segments) {
      Json meta = Json::object();
      WriteParameters(track.role, segment, kShortKeys, meta);
      segments.push_back(Json{{"s", segment.start_ms}, {"d", segment.duration_ms}, {"m", std::move(meta)}});
    }
    tracks.push_back(Json{{"tt", static_cast<int>(track.type())},
                          {"m", Json{{"role", TrackRoleName(track.role)}}},
                          {"sg", std::move(segments)}});
  }
  Json meta = SettingsJson(draft.settings);
  meta["music"] = MusicJson(draft.music);
  return Dump(Json{{"t", std::move(tracks)}, {"m", std::move(meta)}}, -1);
}

namespace {

// The role of a short-key track without "m.role" (see the header).
absl::StatusOr<TrackRole> InferRole(int64_t tt, const Json& sg, int& audio_seen, int& text_seen, const std::string& path) {
  switch (tt) {
    case 0:
      return TrackRole::kVisuals;
    case 1:
      if (++audio_seen > 2) return Bad(path, "is a third audio track; a draft holds music and one background track");
      return audio_seen == 1 ? TrackRole::kMusic : TrackRole::kBackgroundMusic;
    case 7: {
      const bool first = ++text_seen == 1;
      const bool single_at_zero = sg.size() == 1 && sg[0].is_object() &&
                                  (!sg[0].contains("s") || (sg[0]["s"].is_number() && sg[0]["s"].get<double>() == 0.0));
      return first && single_at_zero ? TrackRole::kTitle : TrackRole::kCaptions;
    }
    default:
      return Bad(path + ".tt", absl::StrCat("is ", tt, "; beatframe knows 0 (video), 1 (audio) and 7 (text)"));
  }
}

}  // namespace

absl::StatusOr<Draft> DraftFromShortJson(absl::string_view text) {
  BF_ASSIGN_OR_RETURN(const Json json, Parse(text));
  Draft draft;
  BF_ASSIGN_OR_RETURN(const Json* meta, Child(json, "m", "", false, false));
  const Json* music = nullptr;
  if (meta != nullptr) {
    BF_RETURN_IF_ERROR(ReadSettingsFields(*meta, "m", draft.settings));
    BF_ASSIGN_OR_RETURN(music, Child(*meta, "music", "m", false, false));
    if (music != nullptr) BF_RETURN_IF_ERROR(ReadMusicFields(*music, "m.music", draft.music));
  }
  BF_ASSIGN_OR_RETURN(const Json* tracks, Child(json, "t", "", true, true));
  int audio_seen = 0, text_seen = 0;
  for (size_t i = 0; i < tracks->size(); ++i) {
    const Json& in = (*tracks)[i];
    const std::string path = absl::StrCat("t[", i, "]");
    if (!in.is_object()) return Bad(path, "must be an object");
    int64_t tt = -1;
    BF_RETURN_IF_ERROR(ReadInt(in, "tt", path, tt, true));
    BF_ASSIGN_OR_RETURN(const Json* sg, Child(in, "sg", path, true, true));
    BF_ASSIGN_OR_RETURN(const Json* track_meta, Child(in, "m", path, false, false));
    std::string role_name;
    if (track_meta != nullptr) BF_RETURN_IF_ERROR(ReadString(*track_meta, "role", path + ".m", role_name));
    TrackRole role;
    if (role_name.empty()) {
      BF_ASSIGN_OR_RETURN(role, InferRole(tt, *sg, audio_seen, text_seen, path));
    } else {
      const std::optional<TrackRole> named = ParseTrackRole(role_name);
      if (!named.has_value()) return Bad(path + ".m.role", absl::StrCat("is '", role_name, "', which is no track role"));
      if (static_cast<int64_t>(TypeOfRole(*named)) != tt) {
        return Bad(path + ".tt", absl::StrCat("is ", tt, " but a ", role_name, " track has tt ",
                                              static_cast<int>(TypeOfRole(*named))));
      }
      role = *named;
      if (TypeOfRole(role) == TrackType::kAudio) ++audio_seen;
      if (TypeOfRole(role) == TrackType::kText) ++text_seen;
    }
    Track track{role, {}};
    int64_t next_start_ms = 0;  // segments without "s" follow one another
    for (size_t j = 0; j < sg->size(); ++j) {
      const Json& item = (*sg)[j];
      const std::string where = absl::StrCat(path, ".sg[", j, "]");
      if (!item.is_object()) return Bad(where, "must be an object");
      Segment segment;
      segment.start_ms = next_start_ms;
      BF_RETURN_IF_ERROR(ReadInt(item, "s", where, segment.start_ms, false));
      BF_RETURN_IF_ERROR(ReadInt(item, "d", where, segment.duration_ms, true, Range::kPositive));
      BF_ASSIGN_OR_RETURN(const Json* segment_meta, Child(item, "m", where, false, false));
      if (segment_meta != nullptr) BF_RETURN_IF_ERROR(ReadParameters(*segment_meta, where + ".m", kShortKeys, segment));
      if (role == TrackRole::kCaptions && (segment_meta == nullptr || !segment_meta->contains("position"))) {
        segment.position = TextPosition::kLowerThird;  // captions belong in the lower third
      }
      next_start_ms = segment.end_ms();
      track.segments.push_back(std::move(segment));
    }
    draft.tracks.push_back(std::move(track));
  }
  // Without "m.music", the music segment says what was uploaded.
  Track* music_track = draft.FindTrack(TrackRole::kMusic);
  if (music_track != nullptr && !music_track->segments.empty()) {
    Segment& segment = music_track->segments.front();
    if (music == nullptr) {
      draft.music.asset_id = segment.asset_id;
      draft.music.title = segment.name;
      draft.music.duration_ms = segment.source_in_ms + segment.duration_ms;
    }
    if (segment.asset_id.empty()) segment.asset_id = draft.music.asset_id;
    if (draft.music.asset_id.empty()) return Bad("the music segment", "names no asset (m.asset_id)");
  }
  BF_RETURN_IF_ERROR(Finish(draft));
  return draft;
}

}  // namespace beatframe
