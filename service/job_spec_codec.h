// A JobSpec as JSON, stored with its job so a restarted server can run the
// job again exactly as asked. Unknown keys are ignored and missing ones take
// their defaults, so rows written by older or newer versions still load.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "service/job.h"

namespace beatframe::service {

std::string EncodeJobSpec(const JobSpec& spec);
// INVALID_ARGUMENT for text that is not a JSON object of the right shape.
absl::StatusOr<JobSpec> DecodeJobSpec(const std::string& json);

}  // namespace beatframe::service
