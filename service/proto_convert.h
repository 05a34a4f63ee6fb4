// Translation between database records / engine types and API messages. The
// service is the only layer that knows both; keep every mapping here.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.pb.h"
#include "engine/pipeline/render_job.h"
#include "engine/timeline/caption.h"
#include "service/records.h"

namespace beatframe::service {

v1::Asset AssetToProto(const AssetRecord& record);
v1::RenderResult OutputToProto(const OutputRecord& record);
v1::JobStage StageToProto(RenderStage stage);
v1::JobError ErrorToProto(const absl::Status& status);
// Rebuilds the status a JobError describes (OK never appears here).
absl::Status ErrorFromProto(const v1::JobError& error);

// Whether an asset's format is a lyrics file's ("lrc", "srt") rather than audio.
bool IsLyricsFormat(const std::string& format);

// A request's captions as engine captions, checked (INVALID_ARGUMENT naming
// the first bad one, see ValidateCaptions).
absl::StatusOr<std::vector<Caption>> CaptionsFromProto(const google::protobuf::RepeatedPtrField<v1::Caption>& captions);

// The engine's aspect string for a request: "" lets the prompt decide.
// INVALID_ARGUMENT for a value this server does not know.
absl::StatusOr<std::string> AspectToEngine(v1::AspectRatio aspect);
// The engine's resolution string ("1080p", "720p"; "" for unspecified), or
// INVALID_ARGUMENT for a value this server does not know.
absl::StatusOr<std::string> ResolutionToEngine(v1::Resolution resolution);

}  // namespace beatframe::service
