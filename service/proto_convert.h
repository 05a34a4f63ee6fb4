// Translation between database records / engine types and API messages. The
// service is the only layer that knows both; keep every mapping here.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.pb.h"
#include "engine/pipeline/render_job.h"
#include "service/records.h"

namespace beatframe::service {

v1::Asset AssetToProto(const AssetRecord& record);
v1::RenderResult OutputToProto(const OutputRecord& record);
v1::JobStage StageToProto(RenderStage stage);
v1::JobError ErrorToProto(const absl::Status& status);
// Rebuilds the status a JobError describes (OK never appears here).
absl::Status ErrorFromProto(const v1::JobError& error);

// The engine's aspect string for a request: "" lets the prompt decide.
// INVALID_ARGUMENT for a value this server does not know.
absl::StatusOr<std::string> AspectToEngine(v1::AspectRatio aspect);

}  // namespace beatframe::service
