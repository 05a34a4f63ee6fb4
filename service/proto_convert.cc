#include "service/proto_convert.h"

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"

namespace beatframe::service {

v1::Asset AssetToProto(const AssetRecord& r) {
  v1::Asset asset;
  asset.set_asset_id(r.asset_id);
  asset.set_session_id(r.session_id);
  if (r.kind == kAssetKindImage) {
    asset.set_kind(v1::ASSET_KIND_IMAGE);
  } else if (r.kind == kAssetKindVideo) {
    asset.set_kind(v1::ASSET_KIND_VIDEO);
  } else {
    asset.set_kind(IsLyricsFormat(r.format) ? v1::ASSET_KIND_LYRICS : v1::ASSET_KIND_AUDIO);
  }
  asset.set_width(r.width);
  asset.set_height(r.height);
  asset.set_file_name(r.file_name);
  asset.set_format(r.format);
  asset.set_codec(r.codec);
  asset.set_duration_s(r.duration_s);
  asset.set_sample_rate_hz(r.sample_rate_hz);
  asset.set_channels(r.channels);
  asset.set_size_bytes(r.size_bytes);
  asset.set_sha256(r.sha256);
  if (!r.title.empty() || !r.artist.empty() || !r.album.empty()) {
    asset.mutable_tags()->set_title(r.title);
    asset.mutable_tags()->set_artist(r.artist);
    asset.mutable_tags()->set_album(r.album);
  }
  return asset;
}

v1::RenderResult OutputToProto(const OutputRecord& r) {
  v1::RenderResult result;
  result.set_output_id(r.output_id);
  result.set_duration_s(r.duration_s);
  result.set_width(r.width);
  result.set_height(r.height);
  result.set_size_bytes(r.size_bytes);
  result.set_sha256(r.sha256);
  result.set_fps_num(r.fps_num);
  result.set_fps_den(r.fps_den);
  result.set_style(r.style);
  result.set_palette(r.palette);
  result.set_tempo_bpm(r.tempo_bpm);
  result.set_beat_count(r.beat_count);
  return result;
}

v1::JobStage StageToProto(RenderStage stage) {
  switch (stage) {
    case RenderStage::kQueued: return v1::JOB_STAGE_QUEUED;
    case RenderStage::kDecoding: return v1::JOB_STAGE_DECODING;
    case RenderStage::kAnalysing: return v1::JOB_STAGE_ANALYSING;
    case RenderStage::kPlanning: return v1::JOB_STAGE_PLANNING;
    case RenderStage::kRendering: return v1::JOB_STAGE_RENDERING;
    case RenderStage::kEncoding: return v1::JOB_STAGE_ENCODING;
    case RenderStage::kDone: return v1::JOB_STAGE_DONE;
  }
  return v1::JOB_STAGE_UNSPECIFIED;
}

v1::JobError ErrorToProto(const absl::Status& status) {
  v1::JobError error;
  error.set_code(static_cast<int>(status.code()));
  error.set_message(std::string(status.message()));
  return error;
}

absl::Status ErrorFromProto(const v1::JobError& error) {
  const auto code = error.code() == 0 ? absl::StatusCode::kUnknown : static_cast<absl::StatusCode>(error.code());
  return absl::Status(code, error.message());
}

bool IsLyricsFormat(const std::string& format) { return format == "lrc" || format == "srt"; }

absl::StatusOr<std::vector<Caption>> CaptionsFromProto(const google::protobuf::RepeatedPtrField<v1::Caption>& captions) {
  std::vector<Caption> out;
  out.reserve(captions.size());
  for (const v1::Caption& caption : captions) out.push_back({caption.text(), caption.start_s(), caption.end_s()});
  BF_RETURN_IF_ERROR(ValidateCaptions(out));
  return out;
}

absl::StatusOr<std::string> AspectToEngine(v1::AspectRatio aspect) {
  switch (aspect) {
    case v1::ASPECT_RATIO_UNSPECIFIED: return std::string();
    case v1::ASPECT_RATIO_16_9: return std::string("16:9");
    case v1::ASPECT_RATIO_9_16: return std::string("9:16");
    case v1::ASPECT_RATIO_1_1: return std::string("1:1");
    default: break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown aspect ratio ", static_cast<int>(aspect), "; use 16:9, 9:16 or 1:1"));
}

absl::StatusOr<std::string> ResolutionToEngine(v1::Resolution resolution) {
  switch (resolution) {
    case v1::RESOLUTION_UNSPECIFIED: return std::string();
    case v1::RESOLUTION_1080P: return std::string("1080p");
    case v1::RESOLUTION_720P: return std::string("720p");
    default: break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown resolution ", static_cast<int>(resolution), "; use 1080p or 720p"));
}

}  // namespace beatframe::service
